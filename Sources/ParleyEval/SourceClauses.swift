import ParleyGraph
import ParleySupport
import ParleySyntax

/// `said by`, `reported by` and `via` clauses, gathered into chains of attribution:
/// each reporter starts a chain `origin → reporter → via…`. `also said by` or `also reported by` starts
/// another group of clauses, whose chains are made the same way (a fact known from unrelated sources).
struct SourceClauses {
    private struct Group {
        var origins: [Int32] = []
        var reporters: [Int32] = []
        var relays: [Int32] = []

        var isEmpty: Bool { origins.isEmpty && reporters.isEmpty && relays.isEmpty }
    }

    private var groups = [Group()]

    /// Every `said by`, in the order written (a claim's speaker is the first).
    var origins: [Int32] { groups.flatMap(\.origins) }

    var isEmpty: Bool { groups.allSatisfy(\.isEmpty) }

    /// Takes the clause if it is about sources.
    mutating func take(_ clause: Clause, resolver: Resolver) throws(ParleyError) -> Bool {
        var key = clause.key.text
        if key.hasPrefix("also ") {
            key.removeFirst("also ".count)
            groups.append(Group())
        }
        guard key == "said by" || key == "reported by" || key == "via" else { return false }
        for value in clause.values {
            guard case let .name(name) = value else {
                throw ParleyError(EvalProblem.takesAPartyName(clause: key), at: resolver.span(value.range))
            }
            let party = try resolver.party(name)
            switch key {
            case "said by": groups[groups.count - 1].origins.append(party)
            case "reported by": groups[groups.count - 1].reporters.append(party)
            default: groups[groups.count - 1].relays.append(party)
            }
        }
        return true
    }

    func intern(into graph: inout Graph) -> Int32 {
        guard !isEmpty else { return 0 }
        var chains: [Int32] = []
        for group in groups where !group.isEmpty {
            let origins: [Int32?] = group.origins.isEmpty ? [nil] : group.origins
            let reporters: [Int32?] = group.reporters.isEmpty ? [nil] : group.reporters
            for origin in origins {
                for reporter in reporters {
                    var links: [SourceTable.Link] = []
                    if let origin { links.append(.init(party: origin, role: .said)) }
                    if let reporter { links.append(.init(party: reporter, role: .reported)) }
                    links += group.relays.map { .init(party: $0, role: .reported) }
                    chains.append(graph.sourceTable.internChain(links))
                }
            }
        }
        return graph.sourceTable.internSet(chains)
    }
}
