import ParleyEval
import ParleySupport

/// The boxed, DuckDB-style table people read in a terminal.
///
/// ```
/// ┌──────┬────────┐
/// │ name │ deaths │
/// ├──────┼────────┤
/// │ Kyiv │      3 │
/// │ Lviv │ ∅      │
/// └──────┴────────┘
/// 2 rows
/// ```
///
/// On a terminal (`options.maxWidth` set) a table wider than the window is fitted: its widest text
/// columns are cut with `…`, widest first, down to `TableFit.minimumWidth` columns each; numbers are
/// never cut. A table that still does not fit prints one `name = value` block per row instead
/// (psql's `\x auto`), where nothing is cut.
enum TableRenderer {
    static func render(_ result: ResultSet, options: RenderOptions) throws(ParleyError) -> String {
        let total = result.rows.count
        // Which rows to show: all of them, or a head and a tail around an elision row.
        var head = result.rows[...]
        var tail = result.rows[total...]
        var elided = false
        if let maxRows = options.maxRows, total > max(0, maxRows) {
            let limit = max(0, maxRows)
            head = result.rows[..<((limit + 1) / 2)]
            tail = result.rows[(total - limit / 2)...]
            elided = true
        }

        var footer = count(total) + (total == 1 ? " row" : " rows")
        if elided { footer += " (\(count(head.count + tail.count)) shown)" }
        footer += "\n"
        guard !result.columns.isEmpty else { return footer }

        let unknown = options.nullText.map(escaped) ?? Renderer.unknownMarker
        let headers = result.columns.map(escaped)
        var widths = options.headers ? headers.map(DisplayWidth.of) : headers.map { _ in 0 }
        // Unknown lines up with the numbers of a numeric column, as NULL does in DuckDB's tables.
        let numericColumns = result.columns.indices.map { column in
            let shown = (head + tail).map { result.cell($0, column) }
            return shown.contains { $0.isNumeric } && shown.allSatisfy { $0.isNumeric || $0.isUnknown }
        }
        func cells(_ row: [Value]) -> [Cell] {
            result.columns.indices.map { column in
                let value = result.cell(row, column)
                return Cell(value.text.map(escaped) ?? unknown,
                            rightAligned: value.isNumeric || (value.isUnknown && numericColumns[column]))
            }
        }
        // Measure each cell once; widths only consider the rows actually shown.
        let headCells = try Interrupt.map(head, cells)
        let tailCells = try Interrupt.map(tail, cells)
        for row in headCells + tailCells {
            for (column, cell) in row.enumerated() where cell.width > widths[column] {
                widths[column] = cell.width
            }
        }
        guard let fitted = TableFit.widths(widths, numeric: numericColumns, caps: options.columnWidths, maxWidth: options.maxWidth) else {
            return try expanded(headers, headCells, tailCells, elided: elided) + footer
        }
        widths = fitted

        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func line(_ row: [Cell]) -> String {
            var text = "│"
            for (column, cell) in row.enumerated() {
                let shown = cell.width > widths[column] ? Cell(DisplayWidth.truncate(cell.text, to: widths[column]), rightAligned: cell.rightAligned) : cell
                let padding = String(repeating: " ", count: widths[column] - shown.width)
                text += " " + (shown.rightAligned ? padding + shown.text : shown.text + padding) + " │"
            }
            return text + "\n"
        }

        var out = rule("┌", "┬", "┐")
        if options.headers {
            out += line(headers.map { Cell($0, rightAligned: false) })
            out += rule("├", "┼", "┤")
        }
        for (position, row) in headCells.enumerated() {
            try Interrupt.check(at: position)
            out += line(row)
        }
        if elided {
            out += line(widths.map { width in
                // Centre the dot so the elision reads as a gap, not as a value.
                Cell(String(repeating: " ", count: (width - 1) / 2) + "·", rightAligned: false)
            })
        }
        for (position, row) in tailCells.enumerated() {
            try Interrupt.check(at: position)
            out += line(row)
        }
        out += rule("└", "┴", "┘")
        return out + footer
    }

    /// One `name = value` line per column, a blank line between rows: for a table too wide to fit.
    private static func expanded(_ headers: [String], _ headCells: [[Cell]], _ tailCells: [[Cell]], elided: Bool) throws(ParleyError) -> String {
        let width = headers.map(DisplayWidth.of).max() ?? 0
        let labels = headers.map { DisplayWidth.pad($0, to: width, rightAligned: true) + " = " }
        var blocks: [String] = []
        for (position, row) in headCells.enumerated() {
            try Interrupt.check(at: position)
            blocks.append(zip(labels, row).map { $0 + $1.text + "\n" }.joined())
        }
        if elided { blocks.append(DisplayWidth.pad("", to: width, rightAligned: true) + " ·\n") }
        for (position, row) in tailCells.enumerated() {
            try Interrupt.check(at: position)
            blocks.append(zip(labels, row).map { $0 + $1.text + "\n" }.joined())
        }
        return blocks.joined(separator: "\n") + "\n"
    }

    /// A cell's text, measured once: widths are needed both to size the column and to pad the cell.
    struct Cell {
        var text: String
        var width: Int
        var rightAligned: Bool

        init(_ text: String, rightAligned: Bool) {
            self.text = text
            self.width = DisplayWidth.of(text)
            self.rightAligned = rightAligned
        }
    }

    /// Control characters shown as escapes so every row stays on one terminal line.
    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `1234567` → `1,234,567`.
    static func count(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
