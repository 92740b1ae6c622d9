@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#endif
import ParleySession
import ParleyShell

/// Connects readline's TAB to `CompletionEngine`: readline asks through C function pointers, which
/// capture nothing, so what they need lives in the statics below (set by the shell before each prompt;
/// the callbacks run on the same thread, inside `rl_callback_read_char`).
enum ReadlineCompletion {
    /// The session whose graph names are offered.
    nonisolated(unsafe) static var session: Session?
    /// Text the line being edited follows (unfinished lines, or the statement a `|` line continues).
    nonisolated(unsafe) static var precedingText: String?

    static func install(session: Session) {
        self.session = session
        // Readline keeps these pointers: allocated once, never freed.
        rl_completer_word_break_characters = UnsafePointer(strdup(CompletionEngine.wordBreakCharacters))
        rl_completer_quote_characters = UnsafePointer(strdup(CompletionEngine.quoteCharacters))
        rl_filename_quote_characters = UnsafePointer(strdup(" \t\n\"'"))
        rl_attempted_completion_function = attempt
    }

    private static let attempt: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, end in
        // Never fall back to readline's default (file names everywhere).
        rl_attempted_completion_over = 1
        guard let session = ReadlineCompletion.session, let text else { return nil }
        let before = ReadlineCompletion.precedingText.map { $0 + "\n" } ?? ""
        let line = before + String(cString: rl_line_buffer)
        let offset = before.utf8.count
        let completion = CompletionEngine(graph: session.graph).complete(line: line, cursor: offset + Int(end))
        if completion.wantsFilePath {
            return rl_completion_matches(text, rl_filename_completion_function)
        }
        let bytes = Array(line.utf8)
        let cursor = offset + Int(end)
        let typed = String(decoding: bytes[min(completion.wordStart, cursor)..<cursor], as: UTF8.self)
        let candidates = completion.candidates.filter {
            ReadlineCompletion.adapt($0, from: completion.wordStart, to: offset + Int(start), in: bytes) != nil
        }
        guard !candidates.isEmpty else { return nil }
        // Readline's array: what to insert first, then the candidates to list. Readline would compute
        // the first itself, but compares quoted and unquoted names as written (`CompletionInsertion`).
        let insertion = CompletionInsertion.text(for: candidates, typed: typed)
        let entries = (candidates.count == 1 ? [insertion] : [insertion] + candidates).map {
            ReadlineCompletion.adapt($0, from: completion.wordStart, to: offset + Int(start), in: bytes)
        }
        guard entries[0] != nil else { return nil }
        // Readline frees the array and its strings with free().
        let array = malloc((entries.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)!
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
        for (index, entry) in entries.enumerated() { array[index] = strdup(entry ?? "") }
        array[entries.count] = nil
        return array
    }

    /// A candidate for the bytes from `engineStart` re-cut to replace those from readline's `start`.
    /// They differ after an open quote: readline's word starts behind it and readline closes the quote
    /// itself, so `"Abu Dhabi"` is handed over as `Abu Dhabi`.
    static func adapt(_ candidate: String, from engineStart: Int, to start: Int, in bytes: [UInt8]) -> String? {
        if start == engineStart { return candidate }
        var candidateBytes = Array(candidate.utf8)
        if start > engineStart {
            let typed = bytes[engineStart..<start]
            guard candidateBytes.starts(with: typed) else { return nil }
            candidateBytes.removeFirst(typed.count)
            if let quote = typed.first, typed.count == 1, CompletionEngine.quoteCharacters.utf8.contains(quote),
               candidateBytes.last == quote {
                candidateBytes.removeLast()
            }
        } else {
            candidateBytes = Array(bytes[start..<engineStart]) + candidateBytes
        }
        return String(decoding: candidateBytes, as: UTF8.self)
    }
}
