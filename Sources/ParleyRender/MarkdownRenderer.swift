import ParleyEval
import ParleySupport

/// A GitHub-flavoured Markdown table, padded so it also reads well as plain text.
///
/// A column is right-aligned (`---:`) when it has at least one known value and all of them are
/// numbers. Unknown is an empty cell; there is no row-count footer.
enum MarkdownRenderer {
    /// - Parameter nullText: what unknown prints as: an empty cell unless `.nullvalue` says otherwise.
    static func render(_ result: ResultSet, nullText: String = "") throws(ParleyError) -> String {
        guard !result.columns.isEmpty else { return "" }
        let columns = result.columns.indices
        let headers = result.columns.map(escaped)
        let cells = try Interrupt.map(result.rows) { row in columns.map { result.cell(row, $0).text.map(escaped) ?? escaped(nullText) } }
        let numeric = columns.map { column in
            var sawNumber = false
            for row in result.rows {
                let value = result.cell(row, column)
                if value.isUnknown { continue }
                guard value.isNumeric else { return false }
                sawNumber = true
            }
            return sawNumber
        }
        var widths = headers.map(DisplayWidth.of)
        for row in cells {
            for column in columns {
                widths[column] = max(widths[column], DisplayWidth.of(row[column]))
            }
        }

        func line(_ texts: [String], alignToColumn: Bool) -> String {
            "| " + columns.map { column in
                DisplayWidth.pad(texts[column], to: widths[column], rightAligned: alignToColumn && numeric[column])
            }.joined(separator: " | ") + " |\n"
        }

        var out = line(headers, alignToColumn: false)
        out += "|" + columns.map { column in
            numeric[column]
                ? String(repeating: "-", count: widths[column] + 1) + ":"
                : String(repeating: "-", count: widths[column] + 2)
        }.joined(separator: "|") + "|\n"
        for (position, row) in cells.enumerated() {
            try Interrupt.check(at: position)
            out += line(row, alignToColumn: true)
        }
        return out
    }

    /// Pipes would end the cell and newlines the row; GitHub reads `\|` and `<br>` inside tables.
    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x7C || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return text }
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "|": out += "\\|"
            case "\r": out += "<br>"
            case "\n": if !previousWasCR { out += "<br>" }
            // A tab has no width of its own in a terminal; a space keeps the padding right.
            case "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
            previousWasCR = scalar == "\r"
        }
        return out
    }
}
