import ParleyGraph
import ParleySupport

/// A fact's sources as a dump writes them: each chain of attribution as `said by … reported by … via …`,
/// chains that differ only in their reporter as one clause (`reported by Ukrinform, Suspilne via ACLED`),
/// `also` before each further group.
///
/// A fact lists its chains in the order the graph first saw them. Read back, the dump's statements
/// show them in the dump's order; where a fact would then list two chains the other way round, the
/// dump first declares the earlier one (`add source …`), so the reloaded graph lists every fact's
/// sources as this one does.
struct DumpSources {
    private let sourceTable: SourceTable
    private let partyNames: [[UInt8]]
    /// For each chain, the chain just before it in some fact's list: it must be seen first.
    private let before: [[Int32]]
    private var seen: [Bool]
    private var setSeen: [Bool]
    private var clauseCache: [Int32: [UInt8]] = [:]

    /// Only the facts the dump writes (`rows`) count: a chain only retracted facts cite is not written,
    /// and puts no other chain before it.
    init(_ graph: Graph, partyNames: [[UInt8]], rows: DumpRows) throws(ParleyError) {
        sourceTable = graph.sourceTable
        self.partyNames = partyNames
        var used = [Bool](repeating: false, count: graph.sourceTable.sets.count)
        for (column, live) in [(graph.parties.sources, rows.parties), (graph.places.sources, rows.places),
                               (graph.meetings.sources, rows.meetings), (graph.incidents.sources, rows.incidents),
                               (graph.claims.sources, rows.claims), (graph.memberships.sources, rows.memberships),
                               (graph.relations.sources, rows.relations)] {
            for row in live { used[Int(column[Int(row)])] = true }
        }
        var isCited = [Bool](repeating: false, count: graph.sourceTable.chains.count)
        var before = [[Int32]](repeating: [], count: graph.sourceTable.chains.count)
        for set in 0..<used.count where used[set] {
            let chains = graph.sourceTable.sets[set]
            for (position, chain) in chains.enumerated() {
                isCited[Int(chain)] = true
                if position > 0 { before[Int(chain)].append(chains[position - 1]) }
            }
        }
        for chain in 0..<isCited.count where isCited[chain] { try DumpSources.check(graph, chain: Int32(chain)) }
        self.before = before
        seen = [Bool](repeating: false, count: isCited.count)
        setSeen = [Bool](repeating: false, count: used.count)
        setSeen[0] = true
    }

    /// `add` writes a chain as an optional `said by`, then `reported by`s: anything else it cannot say.
    private static func check(_ graph: Graph, chain: Int32) throws(ParleyError) {
        let links = graph.sourceTable.chains[Int(chain)]
        let saidLater = links.dropFirst().contains { $0.role == .said }
        guard !links.isEmpty, !saidLater else {
            let shown = links.map { "\($0.role == .said ? "said by" : "reported by") \(graph.partyName($0.party) ?? "")" }
            throw DumpNames.cannotDump("the source `\(shown.joined(separator: " → "))` has no `add` form (`said by` comes first)")
        }
    }

    /// Makes `set` ready to be written in the next statement: first declares, with `add source`, the
    /// chains that must be seen before the set's new ones. False when that needs a party the dump has not
    /// written yet (`partiesWritten`): the fact's sources must then wait for a later statement.
    mutating func prepare(_ set: Int32, partiesWritten: Int, into output: inout DumpOutput) -> Bool {
        if setSeen[Int(set)] { return true }
        let fresh = sourceTable.sets[Int(set)].filter { !seen[Int($0)] }
        // Unseen chains that must come before the new ones (the statement itself gives its new chains in
        // order), and the chains before those.
        var declared = Set<Int32>()
        var pending = fresh.flatMap { before[Int($0)] }.filter { !fresh.contains($0) }
        while let chain = pending.popLast() {
            guard !seen[Int(chain)], declared.insert(chain).inserted else { continue }
            pending += before[Int(chain)]
        }
        guard (fresh + declared).allSatisfy({ writtenParties(of: $0, partiesWritten) }) else { return false }
        if !declared.isEmpty {
            output.write("add source")
            output.write(clauses(declared.sorted()))
            output.endLine()
        }
        for chain in fresh + declared { seen[Int(chain)] = true }
        setSeen[Int(set)] = true
        return true
    }

    private func writtenParties(of chain: Int32, _ partiesWritten: Int) -> Bool {
        sourceTable.chains[Int(chain)].allSatisfy { Int($0.party) < partiesWritten }
    }

    /// The clauses for `set` with a space before each; nothing for no sources.
    mutating func clauses(_ set: Int32) -> [UInt8] {
        if set == 0 { return [] }
        if let cached = clauseCache[set] { return cached }
        let text = clauses(sourceTable.sets[Int(set)])
        clauseCache[set] = text
        return text
    }

    /// Who `said by` names first: a claim's speaker unless it says otherwise.
    func firstSpeaker(_ set: Int32) -> Int32? {
        for chain in sourceTable.sets[Int(set)] {
            if let first = sourceTable.chains[Int(chain)].first, first.role == .said { return first.party }
        }
        return nil
    }

    /// Chains in order, as groups `[also] [said by O] [reported by R, …] [via V, …]`; a group takes
    /// the chains after its first that differ from it only in their reporter.
    private func clauses(_ chains: [Int32]) -> [UInt8] {
        var text: [UInt8] = []
        var index = 0
        while index < chains.count {
            let (origin, reporter, relays) = parts(chains[index])
            var reporters = reporter.map { [$0] } ?? []
            index += 1
            while reporter != nil, index < chains.count {
                let next = parts(chains[index])
                guard next.origin == origin, next.relays == relays, let other = next.reporter else { break }
                reporters.append(other)
                index += 1
            }
            if !text.isEmpty { text += Array(" also".utf8) }
            if let origin { text += Array(" said by ".utf8) + partyNames[Int(origin)] }
            if !reporters.isEmpty { text += Array(" reported by ".utf8) + list(reporters) }
            if !relays.isEmpty { text += Array(" via ".utf8) + list(relays) }
        }
        return text
    }

    private func parts(_ chain: Int32) -> (origin: Int32?, reporter: Int32?, relays: [Int32]) {
        var links = sourceTable.chains[Int(chain)][...]
        let origin = links.first?.role == .said ? links.removeFirst().party : nil
        let reporter = links.first.map { _ in links.removeFirst().party }
        return (origin, reporter, links.map(\.party))
    }

    private func list(_ parties: [Int32]) -> [UInt8] {
        var text: [UInt8] = []
        for (position, party) in parties.enumerated() {
            if position > 0 { text += Array(", ".utf8) }
            text += partyNames[Int(party)]
        }
        return text
    }
}
