import ParleyEval
import ParleySupport

/// How wide each column of a boxed table is printed, so the table fits a terminal's width.
enum TableFit {
    /// A cut text column keeps at least this many columns (less when its text is narrower).
    static let minimumWidth = 8

    /// The columns' widths: each text column at most its `.width` cap, then the widest text columns
    /// cut, widest first, until the table fits `maxWidth`; nil when it cannot fit even with every text
    /// column at its minimum (the caller then prints one block per row). Numbers are never cut: a
    /// cut number is a different number.
    /// - Parameters:
    ///   - natural: the widest cell (or header) of each column.
    ///   - caps: `.width` values by position; 0 or missing for none.
    ///   - maxWidth: the most columns the whole table may take, borders included; nil for no limit.
    static func widths(_ natural: [Int], numeric: [Bool], caps: [Int], maxWidth: Int?) -> [Int]? {
        var widths = natural.map { max($0, 1) }
        for column in widths.indices where column < caps.count && caps[column] > 0 && !numeric[column] {
            widths[column] = min(widths[column], caps[column])
        }
        guard let maxWidth else { return widths }
        // `│ a │ b │`: a space either side of each cell and a border after each, plus the first.
        func tableWidth() -> Int { widths.reduce(0, +) + 3 * widths.count + 1 }
        let floor = widths.indices.map { numeric[$0] ? widths[$0] : min(widths[$0], minimumWidth) }
        while tableWidth() > maxWidth {
            let shrinkable = widths.indices.filter { widths[$0] > floor[$0] }
            guard let widest = shrinkable.max(by: { widths[$0] < widths[$1] }) else { return nil }
            // Down to the next widest column, or just enough to fit, whichever is less of a cut.
            let next = shrinkable.filter { widths[$0] < widths[widest] }.map { widths[$0] }.max() ?? floor[widest]
            let excess = tableWidth() - maxWidth
            widths[widest] = max(floor[widest], next, widths[widest] - excess)
        }
        return widths
    }
}
