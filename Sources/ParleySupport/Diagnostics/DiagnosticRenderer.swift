/// Turns a `ParleyError` into the text a user reads:
///
/// ```
/// -e#1:1:21: error: unknown party `Zelenski`
///   incidents involving Zelenski
///                       ^~~~~~~~
/// hint: did you mean `Zelensky` (Volodymyr Zelenskyy)?
/// ```
public enum DiagnosticRenderer {
    public static func render(_ error: ParleyError) -> String {
        var message = error.message
        // A name pasted by mistake can be megabytes long; the message needs only its start.
        if message.count > 400 { message = String(message.prefix(400)) + "…" }
        guard let span = error.span else {
            var text = "error: \(message)\n"
            if let hint = error.hint { text += "hint: \(hint)\n" }
            return text
        }
        let location = span.location
        var text = "\(location): error: \(message)\n"
        let line = span.source.lineText(at: span.range.lowerBound)
        // Keep a 100 MB line from flooding the terminal: show a window around the caret.
        let (shown, caretColumn) = window(of: line, column: location.column)
        text += "  \(shown)\n"
        let width = max(1, min(caretWidth(span), shown.count - caretColumn + 1))
        text += "  " + String(repeating: " ", count: caretColumn - 1) + "^"
            + String(repeating: "~", count: max(0, width - 1)) + "\n"
        if let hint = error.hint { text += "hint: \(hint)\n" }
        return text
    }

    /// The width, in characters, of the span on its first line.
    private static func caretWidth(_ span: SourceSpan) -> Int {
        var count = 0
        var index = span.range.lowerBound
        let bytes = span.source.bytes
        while index < span.range.upperBound && index < bytes.count && bytes[index] != UInt8(ascii: "\n") {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    private static func window(of line: String, column: Int) -> (String, Int) {
        let characters = Array(line.unicodeScalars)
        let limit = 160
        if characters.count <= limit { return (expandTabs(line), column) }
        let start = max(0, min(column - 1 - limit / 2, characters.count - limit))
        let end = min(characters.count, start + limit)
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: characters[start..<end])
        let prefix = start > 0 ? "…" : ""
        let suffix = end < characters.count ? "…" : ""
        return (prefix + expandTabs(String(scalars)) + suffix, column - start + prefix.count)
    }

    private static func expandTabs(_ line: String) -> String {
        String(line.map { $0 == "\t" ? " " : $0 })
    }
}
