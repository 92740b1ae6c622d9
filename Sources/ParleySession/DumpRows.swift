import ParleyGraph

/// The rows a dump writes: of each table, the rows that stand, in the table's order. A dump is the
/// graph as it stands, so a retracted row is left out (corrections keep it, marked: LiveRows.swift), and
/// so is an edge that touches a retracted node — a role in a retracted meeting, the associate of a
/// retracted incident, a relation or a claim's subject naming a retracted event — which no query sees.
///
/// Everything else the dump does is as if the rows left out were not there: the reloaded graph has them
/// nowhere, and its dump is the same text.
struct DumpRows {
    let parties: [Int32]
    let places: [Int32]
    let meetings: [Int32]
    let incidents: [Int32]
    let claims: [Int32]
    /// Relation edges (`Graph.isLive(relation:)`).
    let relations: [Int32]
    let memberships: [Int32]
    let participations: [Int32]
    let associations: [Int32]
    /// Positions in `Graph.claimSubjects`.
    let claimSubjects: [Int32]

    /// - Complexity: O(rows of every table); with nothing retracted, a plain count of each.
    init(_ graph: Graph) {
        parties = graph.liveRows(of: .parties)
        places = graph.liveRows(of: .places)
        meetings = graph.liveRows(of: .meetings)
        incidents = graph.liveRows(of: .incidents)
        claims = graph.liveRows(of: .claims)
        relations = graph.liveRows(of: .relations)
        let stands = { (kind: NodeKind, row: Int32) in !graph.isRetracted(NodeID(kind, row)) }
        let (memberships, participations, associations) = (graph.memberships, graph.participations, graph.associations)
        self.memberships = DumpRows.standing(graph, memberships.count, graph.retractedMemberships) { edge in
            stands(.parties, memberships.members[edge]) && stands(.parties, memberships.groups[edge])
        }
        self.participations = DumpRows.standing(graph, participations.count, graph.retractedParticipations) { edge in
            stands(.meetings, participations.meetings[edge]) && stands(.parties, participations.parties[edge])
        }
        self.associations = DumpRows.standing(graph, associations.count, graph.retractedAssociations) { edge in
            stands(.incidents, associations.incidents[edge]) && stands(.parties, associations.parties[edge])
        }
        let subjects = graph.claimSubjects
        claimSubjects = DumpRows.standing(graph, subjects.count, graph.retractedClaimSubjects) { index in
            stands(.claims, subjects[index].claim) && !graph.isRetracted(subjects[index].node)
        }
    }

    /// The rows of an edge table neither retracted themselves nor touching a retracted node.
    private static func standing(_ graph: Graph, _ count: Int, _ retractedRows: Set<Int32>, endsStand: (Int) -> Bool) -> [Int32] {
        if graph.retracted.isEmpty && retractedRows.isEmpty { return Graph.allRows(count) }
        return (0..<Int32(count)).filter { !retractedRows.contains($0) && endsStand(Int($0)) }
    }
}
