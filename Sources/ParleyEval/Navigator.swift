import ParleyGraph
import ParleySyntax

/// Follows one named edge from a node: a relation (`controls`), a role (`mediator`, `actor`),
/// membership (`member_of`), place (`place`, `within`), or attribution (`said_by`, `reported_by`).
package struct Navigator {
    let graph: Graph

    package static let builtInEdges = ["member_of", "place", "within", "speaker", "about", "said_by", "reported_by"]
        + MeetingRole.allCases.map(\.rawValue) + IncidentRole.allCases.map(\.rawValue)

    /// Every edge name the graph knows, built-in and declared.
    var relationNames: [String] {
        var names = Navigator.builtInEdges
        var seen = Set(names)
        for relation in graph.relations.relations where seen.insert(graph.strings[relation]).inserted {
            names.append(graph.strings[relation])
        }
        return names
    }

    func knows(_ name: String) -> Bool { relationNames.contains(name) }

    /// The nodes one `relation` edge away from `start`, in the graph's order, without repeats.
    func follow(from start: NodeID, relation: String, direction: Head.Direction) -> [NodeID] {
        var result: [NodeID] = []
        var seen = Set<NodeID>()
        func add(_ node: NodeID) { if !graph.isRetracted(node) && seen.insert(node).inserted { result.append(node) } }
        let outgoing = direction == .outgoing

        switch relation {
        case "member_of":
            guard start.kind == .parties else { break }
            for edge in graph.liveMemberships {
                if outgoing, graph.memberships.members[edge] == start.index { add(NodeID(.parties, graph.memberships.groups[edge])) }
                if !outgoing, graph.memberships.groups[edge] == start.index { add(NodeID(.parties, graph.memberships.members[edge])) }
            }
        case "within":
            guard start.kind == .places else { break }
            if outgoing {
                let parent = graph.places.parents[Int(start.index)]
                if parent >= 0 { add(NodeID(.places, parent)) }
            } else {
                for place in 0..<graph.places.count where graph.places.parents[place] == start.index { add(NodeID(.places, Int32(place))) }
            }
        case "place":
            if outgoing {
                let place: Int32 = switch start.kind {
                case .meetings: graph.meetings.places[Int(start.index)]
                case .incidents: graph.incidents.places[Int(start.index)]
                default: -1
                }
                if place >= 0 { add(NodeID(.places, place)) }
            } else if start.kind == .places {
                for row in 0..<graph.meetings.count where graph.meetings.places[row] == start.index { add(NodeID(.meetings, Int32(row))) }
                for row in 0..<graph.incidents.count where graph.incidents.places[row] == start.index { add(NodeID(.incidents, Int32(row))) }
            }
        case "speaker":
            if outgoing, start.kind == .claims {
                let speaker = graph.claims.speakers[Int(start.index)]
                if speaker >= 0 { add(NodeID(.parties, speaker)) }
            } else if !outgoing, start.kind == .parties {
                for row in 0..<graph.claims.count where graph.claims.speakers[row] == start.index { add(NodeID(.claims, Int32(row))) }
            }
        case "about":
            for (claim, node) in graph.liveClaimSubjects {
                if outgoing, start == NodeID(.claims, claim) { add(node) }
                if !outgoing, node == start { add(NodeID(.claims, claim)) }
            }
        case "said_by", "reported_by":
            let role: SourceTable.Link.Role = relation == "said_by" ? .said : .reported
            if outgoing {
                guard let set = sourceSet(of: start) else { break }
                for chain in graph.sourceTable.sets[Int(set)] {
                    for link in graph.sourceTable.chains[Int(chain)] where link.role == role { add(NodeID(.parties, link.party)) }
                }
            } else if start.kind == .parties {
                for kind in [NodeKind.meetings, .incidents, .claims, .parties, .places] {
                    let sets = sourceColumn(kind)
                    for row in 0..<sets.count where graph.sourceTable.set(sets[row], mentions: start.index, as: [role]) {
                        add(NodeID(kind, Int32(row)))
                    }
                }
            }
        default:
            if let role = MeetingRole(rawValue: relation) {
                for edge in graph.liveParticipations where graph.participations.roles[edge] == role {
                    if outgoing, start == NodeID(.meetings, graph.participations.meetings[edge]) {
                        add(NodeID(.parties, graph.participations.parties[edge]))
                    }
                    if !outgoing, start == NodeID(.parties, graph.participations.parties[edge]) {
                        add(NodeID(.meetings, graph.participations.meetings[edge]))
                    }
                }
            } else if let role = IncidentRole(rawValue: relation) {
                followIncidentRole(role, from: start, outgoing: outgoing, add: add)
            }
            if let relationID = graph.strings.id(of: relation) {
                for edge in 0..<graph.relations.count where graph.relations.relations[edge] == relationID && graph.isLive(relation: edge) {
                    if outgoing, graph.relations.subjects[edge] == start { add(graph.relations.objects[edge]) }
                    if !outgoing, graph.relations.objects[edge] == start { add(graph.relations.subjects[edge]) }
                }
            }
        }
        return result
    }

    private func followIncidentRole(_ role: IncidentRole, from start: NodeID, outgoing: Bool, add: (NodeID) -> Void) {
        let incidents = graph.incidents
        switch role {
        case .actor, .target:
            let column = role == .actor ? incidents.actors : incidents.targets
            if outgoing, start.kind == .incidents {
                let party = column[Int(start.index)]
                if party >= 0 { add(NodeID(.parties, party)) }
            } else if !outgoing, start.kind == .parties {
                for row in 0..<column.count where column[row] == start.index { add(NodeID(.incidents, Int32(row))) }
            }
        case .associate:
            for edge in graph.liveAssociations {
                if outgoing, start == NodeID(.incidents, graph.associations.incidents[edge]) {
                    add(NodeID(.parties, graph.associations.parties[edge]))
                }
                if !outgoing, start == NodeID(.parties, graph.associations.parties[edge]) {
                    add(NodeID(.incidents, graph.associations.incidents[edge]))
                }
            }
        }
    }

    func sourceColumn(_ kind: NodeKind) -> [Int32] {
        switch kind {
        case .parties: graph.parties.sources
        case .places: graph.places.sources
        case .meetings: graph.meetings.sources
        case .incidents: graph.incidents.sources
        case .claims: graph.claims.sources
        case .relations: graph.relations.sources
        case .facts: []
        }
    }

    func sourceSet(of node: NodeID) -> Int32? {
        let column = sourceColumn(node.kind)
        return Int(node.index) < column.count ? column[Int(node.index)] : nil
    }
}
