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
enum TableRenderer {
    static func render(_ result: ResultSet, maxRows: Int?) throws(ParleyError) -> String {
        let total = result.rows.count
        // Which rows to show: all of them, or a head and a tail around an elision row.
        var head = result.rows[...]
        var tail = result.rows[total...]
        var elided = false
        if let maxRows, total > max(0, maxRows) {
            let limit = max(0, maxRows)
            head = result.rows[..<((limit + 1) / 2)]
            tail = result.rows[(total - limit / 2)...]
            elided = true
        }

        var footer = count(total) + (total == 1 ? " row" : " rows")
        if elided { footer += " (\(count(head.count + tail.count)) shown)" }
        footer += "\n"
        guard !result.columns.isEmpty else { return footer }

        let headers = result.columns.map(escaped)
        var widths = headers.map(DisplayWidth.of)
        // Unknown lines up with the numbers of a numeric column, as NULL does in DuckDB's tables.
        let numericColumns = result.columns.indices.map { column in
            let shown = (head + tail).map { result.cell($0, column) }
            return shown.contains { $0.isNumeric } && shown.allSatisfy { $0.isNumeric || $0.isUnknown }
        }
        func cells(_ row: [Value]) -> [Cell] {
            result.columns.indices.map { column in
                let value = result.cell(row, column)
                return Cell(value.text.map(escaped) ?? Renderer.unknownMarker,
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

        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func line(_ row: [Cell]) -> String {
            var text = "│"
            for (column, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.width)
                text += " " + (cell.rightAligned ? padding + cell.text : cell.text + padding) + " │"
            }
            return text + "\n"
        }

        var out = rule("┌", "┬", "┐")
        out += line(headers.map { Cell($0, rightAligned: false) })
        out += rule("├", "┼", "┤")
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

    /// A cell's text, measured once: widths are needed both to size the column and to pad the cell.
    private struct Cell {
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
