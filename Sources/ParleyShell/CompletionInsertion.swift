import ParleyEval
import ParleyGraph
import ParleySession
import ParleySupport
import ParleySyntax

/// What one TAB inserts when several candidates fit: their common beginning, written so that the
/// lexer still reads it — as readline would do itself if the candidates were all quoted alike.
///
/// Readline's own common prefix compares the candidates as written, so `"Abu Dhabi"` and `Abuja`
/// share nothing (and the typed `Abu` would be replaced by nothing), and `Ukraine/Kharkiv` and
/// `Ukraine/"Kherson Oblast"` share only `Ukraine/` (the typed `Kh` would be deleted). Here the
/// candidates are compared as the names they stand for, ignoring case as matching does.
public enum CompletionInsertion {
    /// The text to put in place of `typed` (the word from its start, with its open quote if it has
    /// one): the one candidate, or the candidates' common beginning, never shorter than `typed`.
    public static func text(for candidates: [String], typed: String) -> String {
        guard let first = candidates.first else { return typed }
        if candidates.count == 1 { return first }
        let names = candidates.map(unquoted)
        let common = commonPrefix(names)
        let typedName = unquoted(typed)
        guard common.utf8.count > typedName.utf8.count else { return typed }
        // Unquoted when the lexer reads it so (and when the user did not open a quote): a path stays a path.
        if !typed.utf8.starts(with: [UInt8(ascii: "\"")]) && !typed.utf8.starts(with: [UInt8(ascii: "'")])
            && common.utf8.allSatisfy({ ByteClass.of($0).continuesIdentifier || $0 == UInt8(ascii: "/") }) {
            return common
        }
        // Otherwise as the shortest way a candidate writes it: `"Abu ` for `"Abu Dhabi"` and `"Abu Musa"`.
        let written = candidates.compactMap { writtenPrefix(of: $0, spelling: common) }
        return written.min { $0.utf8.count < $1.utf8.count } ?? typed
    }

    /// A candidate as the name it stands for: quotes removed, escapes undone (`"U.S."` → `U.S.`).
    static func unquoted(_ written: String) -> String {
        var out: [UInt8] = []
        var quote: UInt8?
        var escaped = false
        for byte in written.utf8 {
            if let open = quote {
                if escaped { out.append(byte); escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == open { quote = nil } else { out.append(byte) }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The shortest beginning of `written` that stands for `name`, its quote left open; nil if none.
    private static func writtenPrefix(of written: String, spelling name: String) -> String? {
        let bytes = Array(written.utf8)
        for end in 0...bytes.count {
            let prefix = String(decoding: bytes[..<end], as: UTF8.self)
            if unquoted(prefix) == name { return prefix }
        }
        return nil
    }

    /// The longest beginning all `names` share, ignoring ASCII case, spelled as the first one; whole
    /// characters only.
    private static func commonPrefix(_ names: [String]) -> String {
        guard let first = names.first else { return "" }
        var length = first.utf8.count
        let lowered = names.map { Array($0.utf8).map(lowercased) }
        for other in lowered.dropFirst() {
            var shared = 0
            while shared < min(length, other.count) && lowered[0][shared] == other[shared] { shared += 1 }
            length = shared
        }
        // Not in the middle of a multi-byte character.
        let bytes = Array(first.utf8)
        while length > 0 && length < bytes.count && bytes[length] & 0xC0 == 0x80 { length -= 1 }
        return String(decoding: bytes[..<length], as: UTF8.self)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
