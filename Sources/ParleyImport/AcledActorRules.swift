import ParleyGraph

/// Where ACLED's actors belong, settled once a file's rows are in (a unit may come before its force):
/// - a population ("Protesters (Russia)") is of its country and belongs to no state;
/// - a unit ("Military Forces of Russia (2000-) Air Force": another actor's name and more words) is a
///   member of that actor, role `unit`;
/// - a force of an era ("Military Forces of Russia (2000-)") is a member of the party named without the
///   era when the graph has one, role `era`;
/// - any other state body ("Police Forces of…", "Government of…") is a member of its state.
///
/// Only parties and memberships ACLED made (their sources are ACLED's alone) are touched, so a graph
/// imported under older rules is brought to these by importing the file again; what users added stays,
/// and a party a statement changed is left as it is (`change party … member of` gives the membership
/// the party's sources, ACLED's, so only the history tells it from an imported one).
struct AcledActorRules {
    private var graph: Graph
    private let acledSources: Int32
    private(set) var placesAdded = 0

    /// Applies the rules to every ACLED actor in `graph`; returns how many country places it added.
    /// - Complexity: O(incidents + associates + memberships + ACLED actors × words in a name).
    static func apply(to graph: inout Graph, acledSources: Int32) -> Int {
        var rules = AcledActorRules(graph: graph, acledSources: acledSources)
        graph = Graph()
        rules.run()
        graph = rules.graph
        return rules.placesAdded
    }

    private init(graph: Graph, acledSources: Int32) {
        self.graph = graph
        self.acledSources = acledSources
    }

    private mutating func run() {
        let actors = actorParties()
        // Folded name → the actor parties of that name, for finding the force a unit's name extends.
        var actorsByName: [String: Int32] = [:]
        for party in actors where actorsByName[NameIndex.fold(name(party))] == nil {
            actorsByName[NameIndex.fold(name(party))] = party
        }
        var changedByUsers = Set<Int32>()
        for node in graph.changedNodes where node.kind == .parties { changedByUsers.insert(node.index) }
        var wanted: [Int32: Belonging] = [:]
        for party in actors where isACLEDs(party) && !changedByUsers.contains(party) {
            let kind = graph.parties.kinds[Int(party)]
            guard kind != .state, kind != .media, kind != .reference else { continue }
            let partyName = name(party)
            let description = AcledVocabulary.describe(actor: partyName)
            if let country = description.country, let place = countryPlace(country, mustBeKnown: description.countryMustBeKnown) {
                graph.parties.kinds[Int(party)] = .population
                graph.parties.countries[Int(party)] = place
                wanted[party] = .nowhere
            } else if let force = forceOfUnit(partyName, party, actorsByName) {
                wanted[party] = .member(of: force, role: "unit")
            } else if let base = AcledVocabulary.withoutEra(partyName),
                      let undated = graph.parties(named: base).first(where: { $0 != party }) {
                wanted[party] = .member(of: undated, role: "era")
            } else if let state = description.state, let role = description.role,
                      let stateParty = graph.parties(named: state).first, stateParty != party {
                wanted[party] = .member(of: stateParty, role: role)
            }
        }
        settleMemberships(wanted)
    }

    /// The one membership ACLED's rules give a party.
    private enum Belonging {
        case nowhere
        case member(of: Int32, role: String)
    }

    /// Every live party on a side of an incident or associated with one.
    private func actorParties() -> [Int32] {
        var isActor = [Bool](repeating: false, count: graph.parties.count)
        for column in [graph.incidents.actors, graph.incidents.targets] {
            for (row, party) in column.enumerated() where party >= 0 && !graph.isRetracted(NodeID(.incidents, Int32(row))) {
                isActor[Int(party)] = true
            }
        }
        for edge in graph.liveAssociations { isActor[Int(graph.associations.parties[edge])] = true }
        return isActor.indices.filter { isActor[$0] && !graph.isRetracted(NodeID(.parties, Int32($0))) }.map { Int32($0) }
    }

    private func name(_ party: Int32) -> String { graph.strings[graph.parties.names[Int(party)]] }

    private func isACLEDs(_ party: Int32) -> Bool { graph.parties.sources[Int(party)] == acledSources }

    /// The country place `name` names, a new one (outermost, as ACLED's rows give countries) unless
    /// `mustBeKnown`, or -1 for ACLED's "International"; nil when it must be known and is not: then the
    /// actor is no population.
    private mutating func countryPlace(_ name: String, mustBeKnown: Bool) -> Int32? {
        if name == AcledVocabulary.noCountry { return mustBeKnown ? nil : -1 }
        if let place = graph.places(named: name).first(where: { graph.places.levels[Int($0)] == .country }) { return place }
        if mustBeKnown && graph.parties(named: name).allSatisfy({ graph.parties.kinds[Int($0)] != .state }) { return nil }
        placesAdded += 1
        return graph.addPlace(name, level: .country, parent: -1, sources: acledSources)
    }

    /// The actor whose name is the longest start of `name` ending before a space: the force the unit
    /// belongs to. ACLED's "A and/or B" names an uncertain one of two, not a unit of A.
    private func forceOfUnit(_ name: String, _ party: Int32, _ actorsByName: [String: Int32]) -> Int32? {
        guard !name.contains(" and/or ") else { return nil }
        let folded = NameIndex.fold(name)
        var end = folded.endIndex
        while let space = folded[..<end].lastIndex(of: " ") {
            if let force = actorsByName[String(folded[..<space])], force != party { return force }
            end = space
        }
        return nil
    }

    /// Gives each party the one ACLED-made membership it wants (none for a population), reusing and
    /// removing the ones an earlier import made.
    private mutating func settleMemberships(_ wanted: [Int32: Belonging]) {
        var made: [Int32: [Int]] = [:]
        for edge in graph.liveMemberships where graph.memberships.sources[edge] == acledSources {
            let member = graph.memberships.members[edge]
            if wanted[member] != nil { made[member, default: []].append(edge) }
        }
        var removed = Set<Int>()
        for (party, want) in wanted.sorted(by: { $0.key < $1.key }) {
            var edges = made[party] ?? []
            if case let .member(group, role) = want {
                if let index = edges.firstIndex(where: { graph.memberships.groups[$0] == group }) ?? (edges.isEmpty ? nil : 0) {
                    let edge = edges.remove(at: index)
                    graph.memberships.groups[edge] = group
                    graph.memberships.roles[edge] = graph.strings.intern(role)
                } else if !(0..<graph.memberships.count).contains(where: { graph.memberships.members[$0] == party && graph.memberships.groups[$0] == group }) {
                    // A membership users gave is left as they gave it, and one they retracted stays retracted.
                    graph.addMembership(member: party, group: group, role: role, sources: acledSources)
                }
            }
            removed.formUnion(edges)
        }
        graph.removeMemberships(removed)
    }
}
