import ParleyEval
import ParleySupport

/// One `name = value` line per column, a blank line between rows (sqlite3's `.mode line`).
///
/// Suits wide rows and long text that a table would stretch. Names are right-aligned so the `=`
/// signs line up; unknown prints as `∅`.
enum LineRenderer {
    static func render(_ result: ResultSet, nullText: String = Renderer.unknownMarker) throws(ParleyError) -> String {
        guard !result.columns.isEmpty else { return "" }
        let width = result.columns.map(DisplayWidth.of).max() ?? 0
        let labels = result.columns.map { DisplayWidth.pad($0, to: width, rightAligned: true) + " = " }
        var out = ""
        for (index, row) in result.rows.enumerated() {
            try Interrupt.check(at: index)
            if index > 0 { out += "\n" }
            for (column, label) in labels.enumerated() {
                out += label + (result.cell(row, column).text ?? nullText) + "\n"
            }
        }
        return out
    }
}
