import ParleyGraph
import ParleySchema
import ParleySupport
import ParleySyntax

/// Runs a query over the graph: the head picks rows, filters narrow them, stages reshape them.
///
/// Rows flow as ids into a kind's columns until a stage computes new columns; every loop polls
/// `Interrupt` so Ctrl-C stops a long query.
public struct Evaluator {
    public let graph: Graph
    let resolver: Resolver
    var context = QueryContext()
    /// Largest number of rows a `pair` stage may produce.
    public static let maximumPairs = 5_000_000

    public init(graph: Graph, source: SourceText, parameters: [String: String] = [:]) {
        self.graph = graph
        self.resolver = Resolver(graph: graph, source: source, parameters: parameters)
    }

    var fields: NodeFields { NodeFields(graph: graph, context: context) }

    public mutating func run(_ query: Query) throws(ParleyError) -> ResultSet {
        var notes: [String] = []
        let frame = try evaluate(query, notes: &notes)
        return materialize(try frame.withoutPairs(), notes: notes, membersQuery: { if case .members = query.head { return true } else { return false } }())
    }

    mutating func evaluate(_ query: Query, notes: inout [String]) throws(ParleyError) -> Frame {
        var frame = try evaluateHead(query.head)
        for filter in query.filters {
            frame = try apply(filter, to: frame, notes: &notes)
        }
        var index = 0
        while index < query.stages.count {
            let stage = query.stages[index]
            // `group by` takes the aggregates that follow it; alone, it counts.
            if case let .group(keys) = stage {
                var aggregates: [Aggregate] = []
                if index + 1 < query.stages.count, case let .aggregate(list) = query.stages[index + 1] {
                    aggregates = list
                    index += 1
                }
                frame = try group(try frame.withoutPairs(), by: keys, aggregates: aggregates, notes: &notes)
            } else {
                frame = try apply(stage, to: frame, notes: &notes)
            }
            index += 1
        }
        return frame
    }

    // MARK: Heads

    mutating func evaluateHead(_ head: Head) throws(ParleyError) -> Frame {
        switch head {
        case let .kind(kind, _):
            if kind == .facts { return try FactsTable(graph: graph).frame() }
            return .nodes(kind, graph.liveRows(of: kind))
        case let .members(of: name):
            let root = try resolver.party(name)
            let (inside, depth) = graph.partiesWithin(root)
            context.memberDepth = depth
            var rows: [Int32] = []
            for party in 0..<graph.parties.count where inside[party] && Int32(party) != root && !graph.isRetracted(NodeID(.parties, Int32(party))) {
                rows.append(Int32(party))
            }
            rows.sort { (depth[Int($0)], $0) < (depth[Int($1)], $1) }
            return .nodes(.parties, rows)
        case let .navigate(from, direction, relation):
            let start = try resolver.node(from)
            let relationName = try resolver.text(relation)
            let reached = Navigator(graph: graph).follow(from: start, relation: relationName, direction: direction)
            if reached.isEmpty && !Navigator(graph: graph).knows(relationName) {
                throw ParleyError(EvalProblem.unknownRelation(relationName), at: resolver.span(relation.range),
                                  hint: NameSuggester.closest(to: relationName, among: Navigator(graph: graph).relationNames).map { "did you mean `\($0)`?" }
                                    ?? "relations here: \(Navigator(graph: graph).relationNames.joined(separator: ", "))")
            }
            let kinds = Set(reached.map(\.kind))
            if kinds.count <= 1 {
                return .nodes(kinds.first ?? .parties, reached.map(\.index))
            }
            return .table(columns: ["name", "kind"], rows: reached.map { [.string(graph.name(of: $0)), .string($0.kind.singular)] })
        case let .history(of: ref):
            return HistoryTable(graph: graph).frame(about: try ref.map { ref throws(ParleyError) in try resolver.nodeOrRetracted(ref) })
        }
    }

    // MARK: Output

    func materialize(_ frame: Frame, notes: [String], membersQuery: Bool) -> ResultSet {
        switch frame {
        case .pairs:
            preconditionFailure("pairs are spelt out before output")
        case let .table(columns, rows):
            return ResultSet(columns: columns, rows: rows, notes: notes)
        case let .nodes(kind, rows):
            let columns = Schema.defaultColumns(of: kind, membersQuery: membersQuery)
            let readers = columns.map { fields.reader(kind, $0)! }
            let table = rows.map { row in readers.map { $0(row) } }
            return ResultSet(columns: columns, rows: table, notes: notes)
        }
    }
}
