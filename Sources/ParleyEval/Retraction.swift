import ParleyGraph
import ParleySupport
import ParleySyntax

/// `retract`: a wrong fact leaves every query but stays in the graph, marked, for history. A party or
/// a place may go only when no standing fact refers to it; events take the facts about them along.
extension Corrections {
    func planRetract(_ target: CorrectionTarget) throws(ParleyError) -> Write {
        let node = try self.node(target, retracting: true)
        if node.kind == .parties || node.kind == .places {
            let references = self.references(to: node)
            if references.count > 0 {
                let shown = references.shown.joined(separator: "; ") + (references.count > references.shown.count ? "; and \(references.count - references.shown.count) more" : "")
                let name = resolver.quoted(graph.name(of: node))
                throw ParleyError(EvalProblem.stillReferredTo(kind: node.kind, name: graph.name(of: node), count: references.count, shown: shown),
                                  at: resolver.span(target.name.range),
                                  hint: "retract those first, or merge it into another \(node.kind.singular) (`merge \(node.kind.singular) \(name) into …`)")
            }
        }
        let label = Corrections.label(graph, node)
        return { graph in
            graph.retracted.insert(node)
            return Outcome(summary: "retracted \(label)", nodes: [node])
        }
    }

    /// `retract relation Russia controls Crimea`: every standing edge of that relation between the two.
    func planRetractRelation(_ subjectRef: NodeRef, _ relationName: Name, _ objectRef: NodeRef) throws(ParleyError) -> Write {
        let subject = try resolver.node(subjectRef)
        let object = try resolver.node(objectRef)
        let relation = try resolver.text(relationName)
        let relationID = graph.strings.id(of: relation)
        var edges: [Int32] = []
        var others: [String] = []
        for edge in 0..<graph.relations.count where graph.isLive(relation: edge) && graph.relations.subjects[edge] == subject {
            if graph.relations.relations[edge] == relationID && graph.relations.objects[edge] == object {
                edges.append(Int32(edge))
            } else {
                others.append(graph.strings[graph.relations.relations[edge]] + " " + graph.name(of: graph.relations.objects[edge]))
            }
        }
        let text = "\(graph.name(of: subject)) \(relation) \(graph.name(of: object))"
        guard !edges.isEmpty else {
            throw ParleyError(EvalProblem.noSuchRelation(text),
                              at: resolver.span(subjectRef.name.range.lowerBound..<objectRef.name.range.upperBound),
                              hint: others.isEmpty ? "`\(graph.name(of: subject))` has no relations of its own"
                                : "`\(graph.name(of: subject))` has: \(others.joined(separator: "; "))")
        }
        return { graph in
            for edge in edges { graph.retracted.insert(NodeID(.relations, edge)) }
            return Outcome(summary: "retracted relation \(text)", nodes: [subject, object])
        }
    }

    /// `retract member Peskov of Kremlin`: the direct membership.
    func planRetractMembership(_ memberName: Name, _ groupName: Name) throws(ParleyError) -> Write {
        let member = try resolver.party(memberName)
        let group = try resolver.party(groupName)
        let direct = graph.liveMemberships.filter { graph.memberships.members[$0] == member }
        let edges = direct.filter { graph.memberships.groups[$0] == group }.map { Int32($0) }
        let memberText = graph.partyName(member) ?? ""
        guard let first = edges.first else {
            let groups = direct.map { graph.partyName(graph.memberships.groups[$0]) ?? "" }
            throw ParleyError(EvalProblem.notAMember(memberText, group: graph.partyName(group) ?? ""),
                              at: resolver.span(memberName.range.lowerBound..<groupName.range.upperBound),
                              hint: groups.isEmpty ? "`\(memberText)` belongs to no party"
                                : "`\(memberText)` is a member of: \(groups.joined(separator: ", ")) (only a direct membership can be retracted)")
        }
        let text = membershipText(Int(first))
        return { graph in
            graph.retractedMemberships.formUnion(edges)
            return Outcome(summary: "retracted membership \(text)", nodes: [NodeID(.parties, member), NodeID(.parties, group)])
        }
    }

    /// "Dmitry Peskov member of Kremlin as spokesperson".
    func membershipText(_ edge: Int) -> String {
        let role = graph.memberships.roles[edge]
        return (graph.partyName(graph.memberships.members[edge]) ?? "") + " member of " + (graph.partyName(graph.memberships.groups[edge]) ?? "")
            + (role >= 0 ? " as " + graph.strings[role] : "")
    }

    /// "Russia controls Zaporizhzhia nuclear power plant".
    func relationText(_ edge: Int) -> String {
        "\(graph.name(of: graph.relations.subjects[edge])) \(graph.strings[graph.relations.relations[edge]]) \(graph.name(of: graph.relations.objects[edge]))"
    }

    // MARK: References

    /// How many standing facts refer to a node, and the first few in words.
    struct References {
        var count = 0
        var shown: [String] = []

        mutating func add(_ description: @autoclosure () -> String) {
            count += 1
            if shown.count < 3 { shown.append(description()) }
        }
    }

    /// The standing facts that refer to a party or a place.
    /// - Complexity: O(rows of every table): a retraction is rare, a scan of a million incidents quick.
    func references(to node: NodeID) -> References {
        var found = References()
        let index = node.index
        func refers(_ kind: NodeKind, _ row: Int, as how: String) {
            let referrer = NodeID(kind, Int32(row))
            if !graph.isRetracted(referrer) { found.add("\(Corrections.label(graph, referrer)) (\(how))") }
        }
        if node.kind == .parties {
            for edge in graph.liveMemberships where graph.memberships.members[edge] == index || graph.memberships.groups[edge] == index {
                found.add("membership " + membershipText(edge))
            }
            for edge in graph.liveParticipations where graph.participations.parties[edge] == index {
                refers(.meetings, Int(graph.participations.meetings[edge]), as: graph.participations.roles[edge].rawValue)
            }
            let (actors, targets) = (graph.incidents.actors, graph.incidents.targets)
            for row in actors.indices {
                if actors[row] == index { refers(.incidents, row, as: "actor") }
                if targets[row] == index { refers(.incidents, row, as: "target") }
            }
            for edge in graph.liveAssociations where graph.associations.parties[edge] == index {
                refers(.incidents, Int(graph.associations.incidents[edge]), as: "associate")
            }
            for row in 0..<graph.claims.count where graph.claims.speakers[row] == index { refers(.claims, row, as: "speaker") }
            sourceReferences(to: index, &found)
        } else {
            for place in 0..<graph.places.count where graph.places.parents[place] == index {
                refers(.places, place, as: "within")
            }
            for row in 0..<graph.meetings.count where graph.meetings.places[row] == index { refers(.meetings, row, as: "place") }
            let places = graph.incidents.places
            for row in places.indices where places[row] == index { refers(.incidents, row, as: "place") }
        }
        for edge in 0..<graph.relations.count
        where graph.isLive(relation: edge) && (graph.relations.subjects[edge] == node || graph.relations.objects[edge] == node) {
            found.add("relation " + relationText(edge))
        }
        for (claim, subject) in graph.liveClaimSubjects where subject == node { refers(.claims, Int(claim), as: "about") }
        return found
    }

    /// The standing facts that cite the party as a source.
    private func sourceReferences(to party: Int32, _ found: inout References) {
        let table = graph.sourceTable
        let chains = Set(table.chains.indices.filter { table.chains[$0].contains { $0.party == party } }.map { Int32($0) })
        guard !chains.isEmpty else { return }
        let cites = table.sets.map { set in set.contains { chains.contains($0) } }
        let navigator = Navigator(graph: graph)
        for kind in [NodeKind.parties, .places, .meetings, .incidents, .claims] {
            for (row, set) in navigator.sourceColumn(kind).enumerated() where cites[Int(set)] {
                let node = NodeID(kind, Int32(row))
                if !graph.isRetracted(node) { found.add("the sources of \(Corrections.label(graph, node))") }
            }
        }
        for edge in 0..<graph.relations.count where cites[Int(graph.relations.sources[edge])] && graph.isLive(relation: edge) {
            found.add("the sources of relation " + relationText(edge))
        }
        for edge in graph.liveMemberships where cites[Int(graph.memberships.sources[edge])] {
            found.add("the sources of membership " + membershipText(edge))
        }
    }
}
