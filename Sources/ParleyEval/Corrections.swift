import ParleyGraph
import ParleySupport
import ParleySyntax

/// Carries out corrections: `change`, `retract`, `alias`, `merge`. As with `add` (FactWriter), every
/// name is resolved and every value checked before the graph changes, so a correction with an error
/// changes nothing. Retraction and merging live in Retraction.swift and Merge.swift.
package struct Corrections {
    let resolver: Resolver

    /// What a correction did, for the graph's history.
    package struct Outcome {
        package var summary: String
        /// The nodes it is about (`history of X`).
        package var nodes: [NodeID]
    }

    /// The planned change: a closure that cannot fail.
    typealias Write = (inout Graph) -> Outcome

    package static func apply(_ correction: Correction, to graph: inout Graph, source: SourceText,
                      parameters: [String: String]) throws(ParleyError) -> Outcome {
        let write: Write
        do {
            // As in FactWriter: the resolver's hold on the graph must end before the graph changes, or
            // every change would copy the graph's storage.
            let corrections = Corrections(resolver: Resolver(graph: graph, source: source, parameters: parameters))
            write = try corrections.plan(correction)
        }
        return write(&graph)
    }

    private func plan(_ correction: Correction) throws(ParleyError) -> Write {
        switch correction {
        case let .change(target, clauses): try planChange(target, clauses)
        case let .retract(target): try planRetract(target)
        case let .retractRelation(subject, relation, object): try planRetractRelation(subject, relation, object)
        case let .retractMembership(member, group): try planRetractMembership(member, group)
        case let .alias(target, names): try planAlias(target, names)
        case let .merge(merged, into: kept): try planMerge(merged, into: kept)
        }
    }

    var graph: Graph { resolver.graph }

    // MARK: Targets

    /// The standing node a correction names. A name that only a retracted node has is an error saying so.
    func node(_ target: CorrectionTarget, retracting: Bool = false) throws(ParleyError) -> NodeID {
        let text = try resolver.text(target.name)
        let kind = target.kind
        let unknown: Bool = switch target {
        case .party: graph.parties(named: text).isEmpty
        case let .place(ref): ref.path.count == 1 && ref.level == nil && graph.places(named: text).isEmpty
        case .event: graph.event(named: text) == nil
        }
        if unknown, !graph.retractedNodes(named: text, kind).isEmpty {
            throw ParleyError(EvalProblem.retracted(kind: kind, name: text, retracting: retracting),
                              at: resolver.span(target.name.range),
                              hint: "`history of \(kind.singular) \(resolver.quoted(text))` shows when")
        }
        switch target {
        case let .party(name): return NodeID(.parties, try resolver.party(name))
        case let .place(ref): return NodeID(.places, try resolver.place(ref))
        case let .event(kind, name): return try resolver.node(NodeRef(kind: kind, name: name))
        }
    }

    /// "meeting moscow_invitation", "party Volodymyr Zelenskyy".
    package static func label(_ graph: Graph, _ node: NodeID) -> String {
        node.kind.singular + " " + graph.name(of: node)
    }

    // MARK: change

    /// Fields that hold several values: a change replaces them all, so the old edges are retracted first.
    private func replacedEdges(_ node: NodeID, _ key: String, _ edges: inout ReplacedEdges) {
        let index = node.index
        switch (node.kind, key) {
        case (.parties, "member of"):
            for edge in graph.liveMemberships where graph.memberships.members[edge] == index { edges.memberships.insert(Int32(edge)) }
        case (.meetings, _) where MeetingRole(rawValue: key) != nil:
            let role = MeetingRole(rawValue: key)!
            for edge in graph.liveParticipations
            where graph.participations.meetings[edge] == index && graph.participations.roles[edge] == role {
                edges.participations.insert(Int32(edge))
            }
        case (.incidents, "associate"):
            for edge in graph.liveAssociations where graph.associations.incidents[edge] == index { edges.associations.insert(Int32(edge)) }
        case (.incidents, "actor_associate"), (.incidents, "target_associate"):
            // One side's associates are replaced; the other side's stay.
            let side: AssociationTable.Side = key == "actor_associate" ? .actor : .target
            for edge in graph.liveAssociations where graph.associations.incidents[edge] == index && graph.associations.sides[edge] == side {
                edges.associations.insert(Int32(edge))
            }
        case (.claims, "about"):
            for (position, subject) in graph.claimSubjects.enumerated() where subject.claim == index {
                edges.claimSubjects.insert(Int32(position))
            }
        case (_, "same day as"), (_, "before"), (_, "after"):
            let name = Corrections.linkRelation(key)
            guard let relation = graph.strings.id(of: name) else { return }
            for edge in 0..<graph.relations.count
            where graph.relations.subjects[edge] == node && graph.relations.relations[edge] == relation && graph.isLive(relation: edge) {
                edges.relations.insert(NodeID(.relations, Int32(edge)))
            }
        default:
            break
        }
    }

    private struct ReplacedEdges {
        var memberships = Set<Int32>()
        var participations = Set<Int32>()
        var associations = Set<Int32>()
        var claimSubjects = Set<Int32>()
        var relations = Set<NodeID>()
    }

    static func linkRelation(_ key: String) -> String {
        switch key {
        case "same day as": TimeLinks.sameDayRelation
        case "before": TimeLinks.beforeRelation
        default: TimeLinks.afterRelation
        }
    }

    /// change = the clauses of `add` applied to the node, each replacing what the node had.
    private func planChange(_ target: CorrectionTarget, _ clauses: [Clause]) throws(ParleyError) -> Write {
        let node = try self.node(target)
        if let aka = clauses.first(where: { $0.key.text == "aka" }) {
            throw ParleyError(EvalProblem.changeReplacesName, at: resolver.span(aka.key.range),
                              hint: "add another name with `alias \(node.kind.singular) \(resolver.quoted(graph.name(of: node))) as …`")
        }
        let add = AddStatement(target: .node(node.kind, target.name), clauses: clauses)
        let write = try FactWriter.plan(add, extending: node, graph: graph, source: resolver.source, parameters: resolver.parameters)
        // The fields the clauses set, each once, sources last.
        var keys: [String] = []
        var replaced = ReplacedEdges()
        for clause in clauses {
            let key = ["said by", "reported by", "via"].contains(clause.key.text) ? "source" : clause.key.text
            if !keys.contains(key) { keys.append(key) }
            replacedEdges(node, clause.key.text, &replaced)
        }
        if let source = keys.firstIndex(of: "source") { keys.append(keys.remove(at: source)) }
        let before = keys.map { Corrections.value(of: $0, graph, node) }
        let label = Corrections.label(graph, node)
        let edges = replaced
        return { graph in
            graph.retractedMemberships.formUnion(edges.memberships)
            graph.retractedParticipations.formUnion(edges.participations)
            graph.retractedAssociations.formUnion(edges.associations)
            graph.retractedClaimSubjects.formUnion(edges.claimSubjects)
            graph.retracted.formUnion(edges.relations)
            _ = write(&graph)
            // "status of meeting moscow_invitation: proposed → declined; source: (Kremlin → news report) → Reuters"
            let parts = keys.indices.map { index in
                (index == 0 ? "\(Corrections.fieldLabel(keys[index])) of \(label)" : Corrections.fieldLabel(keys[index])) + ": "
                    + Corrections.shown(before[index]) + " → " + Corrections.shown(Corrections.value(of: keys[index], graph, node))
            }
            return Outcome(summary: parts.joined(separator: "; "), nodes: [node])
        }
    }

    /// A clause key as the summary names the field: "memberships" for `member of`, "earlier events" for `after`.
    static func fieldLabel(_ key: String) -> String {
        switch key {
        case "member of": "memberships"
        case "same day as": "same-day events"
        case "before": "later events"
        case "after": "earlier events"
        default: key
        }
    }

    /// A value with an arrow of its own (a source chain) in brackets, so the change's arrow stands out.
    static func shown(_ value: String) -> String {
        value.contains("→") ? "(" + value + ")" : value
    }

    /// A field of a node as the summary shows it: its text, `∅` when unknown, several values joined by commas.
    static func value(of key: String, _ graph: Graph, _ node: NodeID) -> String {
        let index = Int(node.index)
        switch key {
        case "member of":
            let groups = graph.liveMemberships.filter { graph.memberships.members[$0] == node.index }.map { edge in
                let role = graph.memberships.roles[edge]
                return (graph.partyName(graph.memberships.groups[edge]) ?? "") + (role >= 0 ? " as " + graph.strings[role] : "")
            }
            return groups.isEmpty ? "∅" : groups.joined(separator: ", ")
        case "same day as", "before", "after":
            guard let relation = graph.strings.id(of: linkRelation(key)) else { return "∅" }
            let linked = (0..<graph.relations.count).filter { edge in
                graph.relations.subjects[edge] == node && graph.relations.relations[edge] == relation && graph.isLive(relation: edge)
            }.map { graph.name(of: graph.relations.objects[$0]) }
            return linked.isEmpty ? "∅" : linked.joined(separator: ", ")
        case "notes" where node.kind == .parties:
            let notes = graph.parties.notes[index]
            return notes < 0 ? "∅" : graph.strings[notes]
        default:
            let field = switch key {
            case "within": "parent"
            case "associate": "associates"
            case "actor_associate": "actor_associates"
            case "target_associate": "target_associates"
            default: key
            }
            guard let read = NodeFields(graph: graph).reader(node.kind, field) else { return "∅" }
            // Several values join with commas: `;` separates the fields of a summary.
            if case let .list(values) = read(node.index) { return values.compactMap(\.text).joined(separator: ", ") }
            return read(node.index).text ?? "∅"
        }
    }

    // MARK: alias

    private func planAlias(_ target: CorrectionTarget, _ names: [Name]) throws(ParleyError) -> Write {
        let node = try self.node(target)
        let canonical = graph.name(of: node)
        var aliases: [String] = []
        for name in names {
            let text = try resolver.text(name)
            try resolver.refuseEmpty(text, node.kind, at: name.range, hint: "write the alias between the quotes")
            let owners = node.kind == .parties ? graph.parties(named: text) : graph.places(named: text)
            if owners.contains(node.index) {
                throw ParleyError(EvalProblem.alreadyANameOf(text, kind: node.kind, canonical: canonical), at: resolver.span(name.range))
            }
            if node.kind == .parties, let other = owners.first {
                let otherName = graph.partyName(other) ?? ""
                throw ParleyError(EvalProblem.alreadyNamesParty(text, party: otherName), at: resolver.span(name.range),
                                  hint: "if they are one party: `merge party \(resolver.quoted(otherName)) into \(resolver.quoted(canonical))`")
            }
            if !aliases.contains(where: { NameIndex.fold($0) == NameIndex.fold(text) }) { aliases.append(text) }
        }
        let label = Corrections.label(graph, node)
        let added = aliases
        return { graph in
            for alias in added {
                if node.kind == .parties { graph.addPartyAlias(node.index, alias) } else { graph.addPlaceAlias(node.index, alias) }
            }
            return Outcome(summary: "\(label) also known as \(added.joined(separator: ", "))", nodes: [node])
        }
    }
}
