import ParleyGraph
import ParleySchema
import ParleySupport
import ParleySyntax

/// Runs a bound plan over the graph: the head picks rows, filters narrow them, stages reshape them.
/// Every name, field and operator was settled by the `Binder`; what is left is reading rows.
///
/// Rows flow as ids into a kind's columns until a stage computes new columns; every loop polls
/// `Interrupt` so Ctrl-C stops a long query.
public struct Evaluator {
    public let graph: Graph
    let resolver: Resolver
    /// Largest number of rows a `pair` stage may produce.
    public static let maximumPairs = 5_000_000

    public init(graph: Graph, source: SourceText, parameters: [String: String] = [:]) {
        self.graph = graph
        self.resolver = Resolver(graph: graph, source: source, parameters: parameters)
    }

    init(graph: Graph, resolver: Resolver) {
        self.graph = graph
        self.resolver = resolver
    }

    /// Binds `query` and runs it.
    public func run(_ query: Query) throws(ParleyError) -> ResultSet {
        try run(try Binder(graph: graph, resolver: resolver).bind(query))
    }

    public func run(_ plan: Plan) throws(ParleyError) -> ResultSet {
        var notes: [String] = []
        let frame = try evaluate(plan, notes: &notes)
        return materialize(frame, notes: notes, showsDepth: plan.showsDepth, fields: NodeFields(graph: graph, bindings: plan.finalBindings))
    }

    func evaluate(_ plan: Plan, notes: inout [String]) throws(ParleyError) -> Frame {
        for note in plan.notes where !notes.contains(note) { notes.append(note) }
        var frame = try evaluateHead(plan.head)
        for step in plan.steps {
            frame = try run(step, on: frame, notes: &notes)
        }
        return frame
    }

    func run(_ step: StepPlan, on frame: Frame, notes: inout [String]) throws(ParleyError) -> Frame {
        try apply(step.operation, to: frame, fields: NodeFields(graph: graph, bindings: step.fields), notes: &notes)
    }

    // MARK: Heads

    func evaluateHead(_ head: HeadPlan) throws(ParleyError) -> Frame {
        switch head {
        case let .rows(kind):
            return .nodes(kind, graph.liveRows(of: kind))
        case let .facts(parts, membershipParties):
            guard let parts else { return try FactsTable(graph: graph).frame() }
            var notes: [String] = []
            var selection = FactsTable.Selection(rows: [:], membershipParties: membershipParties)
            for part in parts {
                guard case let .nodes(kind, ids) = try evaluate(part, notes: &notes) else { preconditionFailure("a kind's rows") }
                selection.rows[kind] = ids
            }
            return try FactsTable(graph: graph).frame(selection)
        case let .members(root, inside, depth):
            var rows: [Int32] = []
            for party in 0..<graph.parties.count where inside[party] && Int32(party) != root && !graph.isRetracted(NodeID(.parties, Int32(party))) {
                rows.append(Int32(party))
            }
            rows.sort { (depth[Int($0)], $0) < (depth[Int($1)], $1) }
            return .nodes(.parties, rows)
        case let .navigate(reached):
            let kinds = Set(reached.map(\.kind))
            if kinds.count <= 1 {
                return .nodes(kinds.first ?? .parties, reached.map(\.index))
            }
            return .table(columns: ["name", "kind"], rows: reached.map { [.string(graph.name(of: $0)), .string($0.kind.singular)] })
        case let .history(node):
            return HistoryTable(graph: graph).frame(about: node)
        case let .events(parts):
            var rows: [[Value]] = []
            var notes: [String] = []
            for part in parts {
                guard case let .nodes(kind, ids) = try evaluate(part, notes: &notes) else { preconditionFailure("a kind's rows") }
                rows += try EventsTable(graph: graph).rows(kind, ids)
            }
            return .table(columns: EventsTable.columns, rows: rows)
        }
    }

    // MARK: Output

    func materialize(_ frame: Frame, notes: [String], showsDepth: Bool, fields: NodeFields) -> ResultSet {
        switch frame {
        case let .table(columns, rows):
            return ResultSet(columns: columns, rows: rows, notes: notes)
        case let .nodes(kind, rows):
            let columns = Schema.defaultColumns(of: kind, membersQuery: showsDepth)
            let readers = columns.map { fields.reader(kind, $0)! }
            let table = rows.map { row in readers.map { $0(row) } }
            return ResultSet(columns: columns, rows: table, notes: notes)
        }
    }
}
