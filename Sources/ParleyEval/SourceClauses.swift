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
    /// The parties `new NAME` adds, in the order written; each gets the next party id when the
    /// statement is written, so the chains can name it before it exists.
    private var newParties: [String] = []
    private var firstNewParty: Int32 = 0

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
            let party: Int32
            switch value {
            case let .name(name): party = try resolver.sourceParty(name, clause: key)
            case let .new(name): party = try newParty(name, clause: key, resolver: resolver)
            default: throw ParleyError(EvalProblem.takesAPartyName(clause: key), at: resolver.span(value.range))
            }
            switch key {
            case "said by": groups[groups.count - 1].origins.append(party)
            case "reported by": groups[groups.count - 1].reporters.append(party)
            default: groups[groups.count - 1].relays.append(party)
            }
        }
        return true
    }

    /// `reported by new Suspilne`: a media party added with the statement, named once however often it is written.
    private mutating func newParty(_ name: Name, clause key: String, resolver: Resolver) throws(ParleyError) -> Int32 {
        let text = try resolver.text(name)
        guard key != "said by" else {
            throw ParleyError(EvalProblem.newOnlyForReporters(clause: key), at: resolver.span(name.range),
                              hint: "add the speaker first: `add party \(resolver.quoted(text)) kind person` (or official, organisation…)")
        }
        try resolver.refuseEmpty(text, .parties, at: name.range)
        if !resolver.graph.parties(named: text).isEmpty {
            throw ParleyError(EvalProblem.newPartyExists(text), at: resolver.span(name.range),
                              hint: "drop `new`: `\(key) \(resolver.quoted(text))`")
        }
        let folded = NameIndex.fold(text)
        if newParties.isEmpty { firstNewParty = Int32(resolver.graph.parties.count) }
        if let index = newParties.firstIndex(where: { NameIndex.fold($0) == folded }) { return firstNewParty + Int32(index) }
        newParties.append(text)
        return firstNewParty + Int32(newParties.count - 1)
    }

    /// Whether `new` adds a party of this name.
    func adds(_ name: String) -> Bool {
        let folded = NameIndex.fold(name)
        return newParties.contains { NameIndex.fold($0) == folded }
    }

    func intern(into graph: inout Graph) -> Int32 {
        for (index, name) in newParties.enumerated() {
            let id = graph.addParty(name, kind: .media, sources: 0)
            assert(id == firstNewParty + Int32(index), "a new source's id was taken before the statement was written")
        }
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
