/// Time facts that need no calendar: "the same day as X" and "before Y", as the sources state them.
///
/// Events on the same known day, and events linked by `same_day_as` relations, form one class
/// (union–find), so same-day questions are answerable even when the day itself is unknown. `before`
/// and `after` relations order the classes.
public struct TimeLinks {
    public static let sameDayRelation = "same_day_as"
    public static let beforeRelation = "before"
    public static let afterRelation = "after"

    private let graph: Graph
    private var parent: [Int]
    private let incidentBase: Int
    private let claimBase: Int

    public init(graph: Graph) {
        self.graph = graph
        incidentBase = graph.meetings.count
        claimBase = incidentBase + graph.incidents.count
        parent = Array(0..<(claimBase + graph.claims.count))
        var firstOnDay: [Int32: Int] = [:]
        for kind in [NodeKind.meetings, .incidents, .claims] {
            let dates = TimeLinks.dates(graph, kind)
            for row in 0..<dates.firstDays.count where dates.precisions[row] == .day && !graph.isRetracted(NodeID(kind, Int32(row))) {
                let node = index(NodeID(kind, Int32(row)))!
                if let first = firstOnDay[dates.firstDays[row]] { union(first, node) } else { firstOnDay[dates.firstDays[row]] = node }
            }
        }
        if let sameDay = graph.strings.id(of: TimeLinks.sameDayRelation) {
            for edge in 0..<graph.relations.count where graph.relations.relations[edge] == sameDay && graph.isLive(relation: edge) {
                if let a = index(graph.relations.subjects[edge]), let b = index(graph.relations.objects[edge]) { union(a, b) }
            }
        }
    }

    package static func dates(_ graph: Graph, _ kind: NodeKind) -> DateColumn {
        switch kind {
        case .meetings: graph.meetings.dates
        case .incidents: graph.incidents.dates
        case .claims: graph.claims.dates
        default: DateColumn()
        }
    }

    private func index(_ node: NodeID) -> Int? {
        switch node.kind {
        case .meetings: Int(node.index)
        case .incidents: incidentBase + Int(node.index)
        case .claims: claimBase + Int(node.index)
        default: nil
        }
    }

    private mutating func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != root { root = parent[root] }
        var node = x
        while parent[node] != root {
            let next = parent[node]
            parent[node] = root
            node = next
        }
        return root
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let rootA = find(a)
        let rootB = find(b)
        if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
    }

    /// The same-day class of every row of `kind` (-1 for kinds without dates).
    public mutating func classes(of kind: NodeKind) -> [Int] {
        let count = TimeLinks.dates(graph, kind).firstDays.count
        return (0..<count).map { find(index(NodeID(kind, Int32($0)))!) }
    }

    public mutating func dayClass(of node: NodeID) -> Int? {
        index(node).map { find($0) }
    }

    /// The classes stated to come before (`earlier: true`) or after the class of `node`, transitively.
    public mutating func orderedClasses(relativeTo node: NodeID, earlier: Bool) -> Set<Int> {
        guard let start = dayClass(of: node) else { return [] }
        // Edges from the earlier class to the later one.
        var later: [Int: [Int]] = [:]
        var earlierOf: [Int: [Int]] = [:]
        for (relationName, forward) in [(TimeLinks.beforeRelation, true), (TimeLinks.afterRelation, false)] {
            guard let relation = graph.strings.id(of: relationName) else { continue }
            for edge in 0..<graph.relations.count where graph.relations.relations[edge] == relation && graph.isLive(relation: edge) {
                guard let a = index(graph.relations.subjects[edge]), let b = index(graph.relations.objects[edge]) else { continue }
                let (first, second) = forward ? (find(a), find(b)) : (find(b), find(a))
                later[first, default: []].append(second)
                earlierOf[second, default: []].append(first)
            }
        }
        let edges = earlier ? earlierOf : later
        var reached = Set<Int>()
        var stack = [start]
        while let current = stack.popLast() {
            for next in edges[current] ?? [] where reached.insert(next).inserted { stack.append(next) }
        }
        return reached
    }
}
