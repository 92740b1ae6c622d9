import ParleyGraph
import ParleySchema
import ParleySupport

/// `events`: every meeting, incident and claim, one row each, with the columns the three share — for
/// questions across kinds ("everything involving Russia, in time order"). The filters before the
/// first `|` are bound for each kind (`Binder.bindEvents`); this turns the rows they keep into the table.
package struct EventsTable {
    let graph: Graph

    package static let fields: [FieldSpec] = [
        FieldSpec("kind", "meeting, incident or claim", type: .choice(Choices(["meeting", "incident", "claim"]))),
        FieldSpec("name", "the event's name"),
        FieldSpec("date", "its date, to the precision known", type: .date),
        FieldSpec("when", "the time as the source put it (`last Tuesday`)"),
        FieldSpec("place", "where it happened (a claim: unknown)", type: .place),
        FieldSpec("parties", "every party in any role: participants, the two sides and associates, speaker and subjects", type: .party),
        FieldSpec("deaths", "an incident's deaths (others: unknown)", type: .count),
        FieldSpec("source", "who said and who reported it"),
    ]
    static let columns = fields.map(\.name)
    static let kinds: [NodeKind] = [.meetings, .incidents, .claims]

    /// The rows of one kind, as the table's rows.
    func rows(_ kind: NodeKind, _ ids: [Int32]) throws(ParleyError) -> [[Value]] {
        let fields = NodeFields(graph: graph)
        let name = fields.reader(kind, "name")!
        let date = fields.reader(kind, "date")!
        let when = fields.reader(kind, "when")!
        let place = fields.reader(kind, "place")
        let deaths = kind == .incidents ? fields.reader(kind, "deaths") : nil
        let source = fields.reader(kind, "source")!
        let parties = partiesOf(kind)
        var rows: [[Value]] = []
        rows.reserveCapacity(ids.count)
        for (position, id) in ids.enumerated() {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let named = parties[Int(id)].map { Value.string(graph.partyName($0) ?? "") }
            rows.append([.string(kind.singular), name(id), date(id), when(id), place?(id) ?? .unknown,
                         named.isEmpty ? .unknown : named.count == 1 ? named[0] : .list(named),
                         deaths?(id) ?? .unknown, source(id)])
        }
        return rows
    }

    /// Every party of each row, in any role, each once: a meeting's participants whatever their role,
    /// an incident's two sides and associates, a claim's speaker and the parties it is about.
    private func partiesOf(_ kind: NodeKind) -> [[Int32]] {
        var parties: [[Int32]]
        func add(_ row: Int32, _ party: Int32) {
            if party >= 0 && !parties[Int(row)].contains(party) { parties[Int(row)].append(party) }
        }
        switch kind {
        case .meetings:
            parties = Array(repeating: [], count: graph.meetings.count)
            for edge in graph.liveParticipations { add(graph.participations.meetings[edge], graph.participations.parties[edge]) }
        case .incidents:
            parties = Array(repeating: [], count: graph.incidents.count)
            for row in 0..<graph.incidents.count {
                add(Int32(row), graph.incidents.actors[row])
                add(Int32(row), graph.incidents.targets[row])
            }
            for edge in graph.liveAssociations { add(graph.associations.incidents[edge], graph.associations.parties[edge]) }
        default:
            parties = Array(repeating: [], count: graph.claims.count)
            for row in 0..<graph.claims.count { add(Int32(row), graph.claims.speakers[row]) }
            for (claim, node) in graph.liveClaimSubjects where node.kind == .parties { add(claim, node.index) }
        }
        return parties
    }
}
