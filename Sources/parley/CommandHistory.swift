@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// The shell's history, kept in readline's list and saved to `$PARLEY_HISTORY` (default
/// `~/.parley_history`; an empty value keeps none).
///
/// One entry per statement, its lines joined with line breaks. In the file each entry follows a
/// `#<time>` line, so that readline (with `history_multiline_entries`) reads a statement's later lines
/// back into the same entry. The file is rewritten after every entry, so a killed shell loses
/// nothing; the list holds at most `limit` entries, which bounds the file.
struct CommandHistory {
    static let limit: Int32 = 1000

    let path: String?
    private var reportedWriteFailure = false

    /// `$PARLEY_HISTORY`, else `$HOME/.parley_history`; nil when neither is set or the first is empty.
    static func defaultPath(environment: [String: String]) -> String? {
        if let path = environment["PARLEY_HISTORY"] { return path.isEmpty ? nil : path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home.hasSuffix("/") ? home + ".parley_history" : home + "/.parley_history"
    }

    /// Reads the file into readline's list (a missing file is an empty history).
    init(path: String?) {
        self.path = path
        using_history()
        history_comment_char = CChar(UInt8(ascii: "#"))
        history_write_timestamps = 1
        history_multiline_entries = 1
        stifle_history(CommandHistory.limit)
        if let path { _ = read_history(path) }
    }

    /// Adds an entry unless it repeats the one before, and saves.
    mutating func add(_ entry: String) {
        if history_length > 0, let last = history_get(history_base + history_length - 1),
           let line = last.pointee.line, String(cString: line) == entry {
            return
        }
        add_history(entry)
        save()
    }

    /// Writes the whole list to the file; says so once if it cannot.
    mutating func save() {
        guard let path else { return }
        let status = write_history(path)
        if status != 0 && !reportedWriteFailure {
            reportedWriteFailure = true
            let message = String(cString: strerror(status))
            fputs("parley: cannot save history to `\(path)`: \(message)\n", stderr)
        }
    }
}
