import ParleyGraph
import ParleySchema

/// `history`: the graph's record of write statements as a table, oldest first; `history of X`: the
/// records about one node (including those of nodes merged into it).
package struct HistoryTable {
    let graph: Graph

    package static let fields: [FieldSpec] = [
        FieldSpec("id", "1, 2, 3… in the order the changes were made"),
        FieldSpec("at", "when, in UTC (2026-11-25T14:03:09Z)"),
        FieldSpec("kind", "add, change, retract, alias, merge, import"),
        FieldSpec("statement", "the statement as written"),
        FieldSpec("summary", "what changed: `status of meeting X: proposed → declined`"),
    ]
    package static let columns = fields.map(\.name)

    func frame(about node: NodeID?) -> Frame {
        let wanted = node.map { graph.changes(about: $0) }
        var rows: [[Value]] = []
        for change in graph.changes where wanted?.contains(change.id) ?? true {
            rows.append([.integer(change.id), .string(HistoryTable.timeText(change.at)), .string(change.kind),
                         .string(change.statement), .string(change.summary)])
        }
        return .table(columns: HistoryTable.columns, rows: rows)
    }

    /// ISO 8601 in UTC, to the second: `2026-11-25T14:03:09Z`.
    static func timeText(_ seconds: Int64) -> String {
        let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let day = second < 0 ? days - 1 : days
        let time = Int(second < 0 ? second + 86_400 : second)
        return CalendarDate.dayText(Int32(day)) + "T" + CalendarDate.pad(time / 3600, 2) + ":"
            + CalendarDate.pad(time / 60 % 60, 2) + ":" + CalendarDate.pad(time % 60, 2) + "Z"
    }
}
