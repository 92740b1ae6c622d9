import ParleyGraph
import ParleySupport
import ParleySyntax

/// `merge`: two parties or two places that are one. Every reference to the first now points at the
/// second, the first's names become the second's aliases, and the first is retracted.
extension Corrections {
    func planMerge(_ mergedTarget: CorrectionTarget, into keptTarget: CorrectionTarget) throws(ParleyError) -> Write {
        let merged = try node(mergedTarget)
        let kept = try node(keptTarget)
        let mergedName = graph.name(of: merged)
        let keptName = graph.name(of: kept)
        if merged == kept {
            let first = try resolver.text(mergedTarget.name)
            let second = try resolver.text(keptTarget.name)
            throw ParleyError(EvalProblem.mergeIntoItself(kind: merged.kind, name: keptName),
                              at: resolver.span(mergedTarget.name.range.lowerBound..<keptTarget.name.range.upperBound),
                              hint: first == second ? nil : "`\(first)` and `\(second)` both name `\(keptName)`")
        }
        if merged.kind == .places, graph.placesWithin(merged.index)[Int(kept.index)] {
            // Two places of one name are told apart by their paths.
            let (inner, outer) = keptName == mergedName ? (resolver.pathText(kept.index), resolver.pathText(merged.index)) : (keptName, mergedName)
            throw ParleyError(EvalProblem.mergeIntoInner(inner: inner, outer: outer),
                              at: resolver.span(keptTarget.name.range))
        }
        if merged.kind == .places, let (inner, twin) = placeTwins(merging: merged.index, into: kept.index) {
            let level = graph.places.levels[Int(inner)].rawValue
            throw ParleyError(EvalProblem.mergeIndistinguishable(first: resolver.pathText(inner), second: resolver.pathText(twin), level: level, name: graph.placeName(inner) ?? ""),
                              at: resolver.span(mergedTarget.name.range.lowerBound..<keptTarget.name.range.upperBound),
                              hint: "merge them first: `merge place \(resolver.quoted(resolver.pathText(inner))) into \(resolver.quoted(resolver.pathText(twin)))`")
        }
        if merged.kind == .parties, let through = membershipCircle(merging: merged.index, into: kept.index) {
            throw ParleyError(EvalProblem.mergeMembershipCircle(merged: mergedName, kept: keptName, through: graph.partyName(through) ?? ""),
                              at: resolver.span(mergedTarget.name.range.lowerBound..<keptTarget.name.range.upperBound))
        }
        let label = Corrections.label(graph, merged)
        return { graph in
            let moved = merged.kind == .parties
                ? Corrections.moveParty(merged.index, to: kept.index, in: &graph)
                : Corrections.movePlace(merged.index, to: kept.index, in: &graph)
            Corrections.moveNames(of: merged, to: kept, in: &graph)
            graph.retracted.insert(merged)
            // The survivor's history includes what was recorded about the merged node.
            for (index, node) in graph.changedNodes.enumerated() where node == merged {
                graph.changedNodes.append(kept)
                graph.changedNodeChanges.append(graph.changedNodeChanges[index])
            }
            let counts = moved.filter { $0.count > 0 }.map { "\($0.count) \($0.count == 1 ? $0.what : $0.what + "s")" }
            return Outcome(summary: "merged \(label) into \(keptName)" + (counts.isEmpty ? "" : " (moved: \(counts.joined(separator: ", ")))"),
                           nodes: [merged, kept])
        }
    }

    /// A party through which `merged` and `kept` belong to each other at a distance: merged, they would
    /// form a circle. (A direct membership between them simply goes away.)
    private func membershipCircle(merging merged: Int32, into kept: Int32) -> Int32? {
        var groupsOf: [Int32: [Int32]] = [:]
        for edge in graph.liveMemberships {
            var member = graph.memberships.members[edge]
            var group = graph.memberships.groups[edge]
            if member == merged { member = kept }
            if group == merged { group = kept }
            if member != group { groupsOf[member, default: []].append(group) }
        }
        // Walk up from the survivor; coming back to it closes a circle.
        var firstStep: [Int32: Int32] = [:]
        var stack: [Int32] = []
        for group in groupsOf[kept] ?? [] where firstStep[group] == nil {
            firstStep[group] = group
            stack.append(group)
        }
        while let current = stack.popLast() {
            for group in groupsOf[current] ?? [] {
                if group == kept { return current }
                if firstStep[group] == nil {
                    firstStep[group] = firstStep[current]
                    stack.append(group)
                }
            }
        }
        return nil
    }

    /// A standing place directly inside `merged` and one directly inside `kept` with one name and level:
    /// once the first is inside `kept` too, they would have the same path.
    private func placeTwins(merging merged: Int32, into kept: Int32) -> (inner: Int32, twin: Int32)? {
        let places = graph.places
        func key(_ place: Int) -> String { places.levels[place].rawValue + "\u{1F}" + NameIndex.fold(graph.placeName(Int32(place)) ?? "") }
        var keptChildren: [String: Int32] = [:]
        for place in 0..<places.count where places.parents[place] == kept && !graph.isRetracted(NodeID(.places, Int32(place))) {
            keptChildren[key(place)] = Int32(place)
        }
        for place in 0..<places.count where places.parents[place] == merged && !graph.isRetracted(NodeID(.places, Int32(place))) {
            if let twin = keptChildren[key(place)] { return (Int32(place), twin) }
        }
        return nil
    }

    /// Points every reference to party `old` at `new`; returns how many of each kind moved.
    static func moveParty(_ old: Int32, to new: Int32, in graph: inout Graph) -> [(count: Int, what: String)] {
        var memberships = 0
        var seenMemberships: [IDPair: Int] = [:]
        for edge in graph.liveMemberships {
            if graph.memberships.members[edge] == old { graph.memberships.members[edge] = new; memberships += 1 }
            if graph.memberships.groups[edge] == old { graph.memberships.groups[edge] = new; memberships += 1 }
            let member = graph.memberships.members[edge]
            let group = graph.memberships.groups[edge]
            // A membership between the two goes away; two of the same pair become one.
            if member == group {
                graph.retractedMemberships.insert(Int32(edge))
            } else if let kept = seenMemberships[IDPair(member, group)] {
                if graph.memberships.roles[kept] < 0 { graph.memberships.roles[kept] = graph.memberships.roles[edge] }
                graph.retractedMemberships.insert(Int32(edge))
            } else {
                seenMemberships[IDPair(member, group)] = edge
            }
        }
        var meetings = Set<Int32>()
        var seenRoles = Set<[Int32]>()
        for edge in graph.liveParticipations {
            if graph.participations.parties[edge] == old {
                graph.participations.parties[edge] = new
                meetings.insert(graph.participations.meetings[edge])
            }
            let key = [graph.participations.meetings[edge], graph.participations.parties[edge], Int32(MeetingRole.allCases.firstIndex(of: graph.participations.roles[edge])!)]
            if !seenRoles.insert(key).inserted { graph.retractedParticipations.insert(Int32(edge)) }
        }
        var incidents = Set<Int32>()
        graph.incidents.actors.withUnsafeMutableBufferPointer { actors in
            for row in actors.indices where actors[row] == old { actors[row] = new; incidents.insert(Int32(row)) }
        }
        graph.incidents.targets.withUnsafeMutableBufferPointer { targets in
            for row in targets.indices where targets[row] == old { targets[row] = new; incidents.insert(Int32(row)) }
        }
        var seenAssociations = Set<IDPair>()
        for edge in graph.liveAssociations {
            if graph.associations.parties[edge] == old {
                graph.associations.parties[edge] = new
                incidents.insert(graph.associations.incidents[edge])
            }
            if !seenAssociations.insert(IDPair(graph.associations.incidents[edge], graph.associations.parties[edge])).inserted {
                graph.retractedAssociations.insert(Int32(edge))
            }
        }
        var claims = Set<Int32>()
        for row in 0..<graph.claims.count where graph.claims.speakers[row] == old {
            graph.claims.speakers[row] = new
            claims.insert(Int32(row))
        }
        claims.formUnion(moveClaimSubjects(NodeID(.parties, old), to: NodeID(.parties, new), in: &graph))
        let relations = moveRelations(NodeID(.parties, old), to: NodeID(.parties, new), in: &graph)
        let chains = graph.sourceTable.chains.filter { $0.contains { $0.party == old } }.count
        graph.sourceTable.replaceParty(old, with: new)
        return [(incidents.count, "incident"), (meetings.count, "meeting"), (memberships, "membership"),
                (claims.count, "claim"), (relations, "relation"), (chains, "source")]
    }

    /// Points every reference to place `old` at `new`; returns how many of each kind moved.
    static func movePlace(_ old: Int32, to new: Int32, in graph: inout Graph) -> [(count: Int, what: String)] {
        var places = 0
        for place in 0..<graph.places.count where graph.places.parents[place] == old {
            graph.places.parents[place] = new
            places += 1
        }
        var incidents = 0
        graph.incidents.places.withUnsafeMutableBufferPointer { column in
            for row in column.indices where column[row] == old { column[row] = new; incidents += 1 }
        }
        var meetings = 0
        for row in 0..<graph.meetings.count where graph.meetings.places[row] == old {
            graph.meetings.places[row] = new
            meetings += 1
        }
        let (o, n) = (Int(old), Int(new))
        if graph.places.latitudes[n].isNaN && !graph.places.latitudes[o].isNaN {
            graph.places.latitudes[n] = graph.places.latitudes[o]
            graph.places.longitudes[n] = graph.places.longitudes[o]
            graph.places.geoPrecisions[n] = graph.places.geoPrecisions[o]
        }
        let claims = moveClaimSubjects(NodeID(.places, old), to: NodeID(.places, new), in: &graph).count
        let relations = moveRelations(NodeID(.places, old), to: NodeID(.places, new), in: &graph)
        return [(incidents, "incident"), (meetings, "meeting"), (places, "place"), (claims, "claim"), (relations, "relation")]
    }

    /// Relations from or to `old` now from or to `new`; one that comes to repeat another goes, its sources joining the other's.
    private static func moveRelations(_ old: NodeID, to new: NodeID, in graph: inout Graph) -> Int {
        var moved = 0
        var seen: [[Int64]: Int] = [:]
        for edge in 0..<graph.relations.count where graph.isLive(relation: edge) {
            if graph.relations.subjects[edge] == old { graph.relations.subjects[edge] = new; moved += 1 }
            if graph.relations.objects[edge] == old { graph.relations.objects[edge] = new; moved += 1 }
            let subject = graph.relations.subjects[edge]
            let object = graph.relations.objects[edge]
            let key = [code(subject), Int64(graph.relations.relations[edge]), code(object)]
            if let kept = seen[key] {
                let sources = graph.sourceTable.sets[Int(graph.relations.sources[kept])] + graph.sourceTable.sets[Int(graph.relations.sources[edge])]
                graph.relations.sources[kept] = graph.sourceTable.internSet(sources)
                graph.retracted.insert(NodeID(.relations, Int32(edge)))
            } else {
                seen[key] = edge
            }
        }
        return moved
    }

    private static func code(_ node: NodeID) -> Int64 {
        Int64(NodeKind.allCases.firstIndex(of: node.kind)!) << 32 | Int64(node.index)
    }

    /// Claims about `old` now about `new`; returns the claims.
    private static func moveClaimSubjects(_ old: NodeID, to new: NodeID, in graph: inout Graph) -> Set<Int32> {
        var claims = Set<Int32>()
        var seen = Set<[Int64]>()
        for index in graph.claimSubjects.indices where !graph.retractedClaimSubjects.contains(Int32(index)) {
            if graph.claimSubjects[index].node == old {
                graph.claimSubjects[index].node = new
                claims.insert(graph.claimSubjects[index].claim)
            }
            let subject = graph.claimSubjects[index]
            if !seen.insert([Int64(subject.claim), code(subject.node)]).inserted { graph.retractedClaimSubjects.insert(Int32(index)) }
        }
        return claims
    }

    /// The merged node's name and aliases become aliases of the survivor.
    static func moveNames(of merged: NodeID, to kept: NodeID, in graph: inout Graph) {
        let aliases = (merged.kind == .parties ? graph.partyAliases : graph.placeAliases)[merged.index] ?? []
        let names = [graph.name(of: merged)] + aliases.map { graph.strings[$0] }
        for name in names {
            if merged.kind == .parties { graph.addPartyAlias(kept.index, name) } else { graph.addPlaceAlias(kept.index, name) }
        }
    }
}

/// Two ids, as a dictionary key.
struct IDPair: Hashable {
    var first: Int32
    var second: Int32

    init(_ first: Int32, _ second: Int32) {
        self.first = first
        self.second = second
    }
}
