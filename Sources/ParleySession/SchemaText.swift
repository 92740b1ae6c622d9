import ParleyEval
import ParleyGraph
import ParleySchema

/// `.schema`: each kind with its row count and fields, the history, then the relation names in use.
enum SchemaText {
    static func text(graph: Graph, kinds: [NodeKind]) -> String {
        var text = ""
        for kind in kinds {
            let count = kind == .facts ? nil : graph.liveCount(of: kind)
            text += "\(kind.rawValue)" + (count.map { " (\($0.formatted) rows)" } ?? "") + "\n"
            text += fieldLines(Schema.fields(of: kind))
        }
        if kinds.count > 1 {
            text += "events (every meeting, incident and claim)\n" + fieldLines(EventsTable.fields)
            text += "history (\(graph.changes.count.formatted) rows)\n" + fieldLines(HistoryTable.fields)
        }
        if kinds.count > 1 || kinds.first == .relations {
            var counts: [String: Int] = [:]
            for edge in graph.liveRows(of: .relations) { counts[graph.strings[graph.relations.relations[Int(edge)]], default: 0] += 1 }
            text += "relation names: "
            text += counts.keys.sorted().map { "\($0) (\(counts[$0]!))" }.joined(separator: ", ")
            text += "\nedges to follow with `X -> NAME` / `X <- NAME`: \(Navigator.builtInEdges.joined(separator: ", ")), and every relation name\n"
        }
        return text
    }

    private static func fieldLines(_ fields: [FieldSpec]) -> String {
        let width = fields.map(\.name.count).max() ?? 0
        return fields.map { "  \($0.name)\(String(repeating: " ", count: width - $0.name.count))  \($0.summary)\n" }.joined()
    }
}
