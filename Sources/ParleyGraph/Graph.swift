#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The event graph: parties, places, meetings, incidents, claims, the relations between them, and the
/// sources of every fact. It knows no syntax; the evaluator and the importers call it.
public struct Graph: Sendable {
    public var strings = StringPool()
    public var sourceTable = SourceTable()
    public var parties = PartyTable()
    public var memberships = MembershipTable()
    public var places = PlaceTable()
    public var meetings = MeetingTable()
    public var participations = ParticipationTable()
    public var incidents = IncidentTable()
    public var associations = AssociationTable()
    public var claims = ClaimTable()
    public var claimSubjects: [(claim: Int32, node: NodeID)] = []
    public var relations = RelationTable()

    /// Folded name or alias → parties / places carrying it.
    package var partyNames = NameIndex()
    package var placeNames = NameIndex()
    /// Exact name → meeting, incident or claim (one namespace for events).
    package var eventNames: [String: NodeID] = [:]
    /// Aliases as written, per node, for display and completion.
    public var partyAliases: [Int32: [Int32]] = [:]
    public var placeAliases: [Int32: [Int32]] = [:]

    // Corrections (see LiveRows.swift and ChangeRecord.swift). No row is ever removed, since a row's index is its id
    // everywhere: a retracted row stays, marked here, and no query sees it.
    /// Retracted parties, places, meetings, incidents and claims, and relation edges (`NodeID(.relations, edge)`).
    public var retracted: Set<NodeID> = []
    /// Retracted edges of the other tables, by row: memberships, meeting roles, incident associates, claim subjects.
    public var retractedMemberships: Set<Int32> = []
    public var retractedParticipations: Set<Int32> = []
    public var retractedAssociations: Set<Int32> = []
    public var retractedClaimSubjects: Set<Int32> = []
    /// Every write statement since the graph was made (the built-in sample's own statements aside), oldest first.
    public var changes: [ChangeRecord] = []
    /// The nodes each change is about: `changedNodes[i]` belongs to the change whose id is `changedNodeChanges[i]`.
    public var changedNodes: [NodeID] = []
    public var changedNodeChanges: [Int64] = []

    public init() {}

    /// How many rows a kind has (`facts` is a view, not a table: 0).
    public func count(of kind: NodeKind) -> Int {
        switch kind {
        case .parties: parties.count
        case .places: places.count
        case .meetings: meetings.count
        case .incidents: incidents.count
        case .claims: claims.count
        case .relations: relations.count
        case .facts: 0
        }
    }

    // MARK: Names

    public func name(of node: NodeID) -> String {
        switch node.kind {
        case .parties: strings[parties.names[Int(node.index)]]
        case .places: strings[places.names[Int(node.index)]]
        case .meetings: strings[meetings.names[Int(node.index)]]
        case .incidents: incidents.names[node.index] ?? ""
        case .claims: strings[claims.names[Int(node.index)]]
        case .relations, .facts: ""
        }
    }

    public func partyName(_ party: Int32) -> String? {
        party < 0 ? nil : strings[parties.names[Int(party)]]
    }

    public func placeName(_ place: Int32) -> String? {
        place < 0 ? nil : strings[places.names[Int(place)]]
    }

    /// Parties whose name or alias is `name` (case-insensitive).
    public func parties(named name: String) -> [Int32] { live(partyNames.lookup(name), .parties) }

    /// Places whose name or alias is `name` (case-insensitive).
    public func places(named name: String) -> [Int32] { live(placeNames.lookup(name), .places) }

    /// The meeting, incident or claim called `name`. Imported incidents are not indexed by name (there
    /// may be millions); they are found by a scan of their names' bytes.
    /// - Complexity: O(1) for events added by statements, O(incidents) otherwise.
    public func event(named name: String) -> NodeID? {
        if let node = eventNames[name], !retracted.contains(node) { return node }
        let target = Array(name.utf8)
        guard !target.isEmpty else { return nil }
        let names = incidents.names
        return names.bytes.withUnsafeBufferPointer { bytes -> NodeID? in
            for rows in importedIncidents {
                for row in rows {
                    let range = names.range(row)
                    if range.count == target.count, memcmp(bytes.baseAddress! + range.lowerBound, target, target.count) == 0,
                       !retracted.contains(NodeID(.incidents, row)) {
                        return NodeID(.incidents, row)
                    }
                }
            }
            return nil
        }
    }

    /// Incidents added by imports, which `eventNames` does not index.
    public var importedIncidents: [Range<Int32>] = []

    /// Every party name and alias, for suggestions and completion.
    public var allPartyNames: [String] {
        retracted.isEmpty ? partyNames.spellings : partyNames.spellings.filter { !parties(named: $0).isEmpty }
    }
    public var allPlaceNames: [String] {
        retracted.isEmpty ? placeNames.spellings : placeNames.spellings.filter { !places(named: $0).isEmpty }
    }
    public var allEventNames: [String] {
        retracted.isEmpty ? Array(eventNames.keys) : eventNames.filter { !retracted.contains($0.value) }.map(\.key)
    }

    /// The place's path from the outermost place in: `Europe/Ukraine/Zaporizhzhia`.
    public func path(of place: Int32) -> [Int32] {
        var path: [Int32] = []
        var current = place
        var guardCount = 0
        while current >= 0 && guardCount < 64 {
            path.append(current)
            current = places.parents[Int(current)]
            guardCount += 1
        }
        return path.reversed()
    }

    /// The place at `level` around `place` (itself included), or -1.
    public func ancestor(of place: Int32, at level: PlaceLevel) -> Int32 {
        var current = place
        var guardCount = 0
        while current >= 0 && guardCount < 64 {
            if places.levels[Int(current)] == level { return current }
            current = places.parents[Int(current)]
            guardCount += 1
        }
        return -1
    }

    // MARK: Transitive closures

    /// Marks `root` and every place inside it, at any depth.
    /// - Complexity: O(places).
    public func placesWithin(_ root: Int32) -> [Bool] {
        var inside = [Bool](repeating: false, count: places.count)
        var known = [Bool](repeating: false, count: places.count)
        inside[Int(root)] = true
        known[Int(root)] = true
        for start in 0..<places.count where !known[start] {
            // Walk up until a place whose answer is known, then mark the walked chain.
            var chain: [Int] = []
            var current = start
            while current >= 0 && !known[current] {
                chain.append(current)
                known[current] = true
                let parent = Int(places.parents[current])
                current = parent
            }
            let answer = current >= 0 && inside[current]
            for place in chain { inside[place] = answer }
        }
        return inside
    }

    /// Marks `root` and every party that belongs to it, at any depth; with the depth of each.
    /// - Complexity: O(parties + memberships).
    public func partiesWithin(_ root: Int32) -> (inside: [Bool], depth: [Int32]) {
        var byGroup: [Int32: [Int32]] = [:]
        for edge in liveMemberships {
            byGroup[memberships.groups[edge], default: []].append(Int32(edge))
        }
        var inside = [Bool](repeating: false, count: parties.count)
        var depth = [Int32](repeating: -1, count: parties.count)
        inside[Int(root)] = true
        depth[Int(root)] = 0
        var queue = [root]
        var head = 0
        while head < queue.count {
            let group = queue[head]
            head += 1
            for edge in byGroup[group] ?? [] {
                let member = memberships.members[Int(edge)]
                if !inside[Int(member)] {
                    inside[Int(member)] = true
                    depth[Int(member)] = depth[Int(group)] + 1
                    queue.append(member)
                }
            }
        }
        return (inside, depth)
    }

    // MARK: Adding

    public mutating func addParty(_ name: String, kind: PartyKind, sources: Int32) -> Int32 {
        let id = Int32(parties.count)
        parties.names.append(strings.intern(name))
        parties.kinds.append(kind)
        parties.notes.append(-1)
        parties.sources.append(sources)
        parties.countries.append(-1)
        partyNames.add(name, id)
        return id
    }

    public mutating func addPartyAlias(_ party: Int32, _ alias: String) {
        guard !partyNames.lookup(alias).contains(party) else { return }
        partyNames.add(alias, party)
        partyAliases[party, default: []].append(strings.intern(alias))
    }

    public mutating func addMembership(member: Int32, group: Int32, role: String?, sources: Int32) {
        for edge in liveMemberships where memberships.members[edge] == member && memberships.groups[edge] == group {
            if let role { memberships.roles[edge] = strings.intern(role) }
            memberships.sources[edge] = sources
            return
        }
        memberships.members.append(member)
        memberships.groups.append(group)
        memberships.roles.append(role.map { strings.intern($0) } ?? -1)
        memberships.sources.append(sources)
    }

    /// Removes the membership rows `edges` (ones an import made and now replaces), keeping the numbers of
    /// retracted rows right.
    /// - Complexity: O(memberships).
    public mutating func removeMemberships(_ edges: Set<Int>) {
        guard !edges.isEmpty else { return }
        var kept = MembershipTable()
        var newRow = [Int32](repeating: -1, count: memberships.count)
        for edge in 0..<memberships.count where !edges.contains(edge) {
            newRow[edge] = Int32(kept.count)
            kept.members.append(memberships.members[edge])
            kept.groups.append(memberships.groups[edge])
            kept.roles.append(memberships.roles[edge])
            kept.sources.append(memberships.sources[edge])
        }
        memberships = kept
        retractedMemberships = Set(retractedMemberships.compactMap { row in
            Int(row) < newRow.count && newRow[Int(row)] >= 0 ? newRow[Int(row)] : nil
        })
    }

    public mutating func addPlace(_ name: String, level: PlaceLevel, parent: Int32, sources: Int32) -> Int32 {
        let id = Int32(places.count)
        places.names.append(strings.intern(name))
        places.levels.append(level)
        places.parents.append(parent)
        places.latitudes.append(.nan)
        places.longitudes.append(.nan)
        places.geoPrecisions.append(-1)
        places.sources.append(sources)
        placeNames.add(name, id)
        return id
    }

    public mutating func addPlaceAlias(_ place: Int32, _ alias: String) {
        guard !placeNames.lookup(alias).contains(place) else { return }
        placeNames.add(alias, place)
        placeAliases[place, default: []].append(strings.intern(alias))
    }

    /// Takes `alias` from the place's names; its name stays.
    public mutating func removePlaceAlias(_ place: Int32, _ alias: String) {
        let key = NameIndex.fold(alias)
        guard let aliases = placeAliases[place], aliases.contains(where: { NameIndex.fold(strings[$0]) == key }) else { return }
        placeAliases[place] = aliases.filter { NameIndex.fold(strings[$0]) != key }
        if NameIndex.fold(strings[places.names[Int(place)]]) != key { placeNames.remove(alias, place) }
    }

    public mutating func addMeeting(_ name: String, kind: MeetingKind, status: MeetingStatus, sources: Int32) -> Int32 {
        let id = Int32(meetings.count)
        meetings.names.append(strings.intern(name))
        meetings.kinds.append(kind)
        meetings.statuses.append(status)
        meetings.places.append(-1)
        meetings.dates.append(.unknown)
        meetings.when.append(-1)
        meetings.notes.append(-1)
        meetings.sources.append(sources)
        eventNames[name] = NodeID(.meetings, id)
        return id
    }

    public mutating func addParticipation(meeting: Int32, party: Int32, role: MeetingRole) {
        for edge in liveParticipations
        where participations.meetings[edge] == meeting && participations.parties[edge] == party && participations.roles[edge] == role {
            return
        }
        participations.meetings.append(meeting)
        participations.parties.append(party)
        participations.roles.append(role)
    }

    public mutating func addIncident(_ name: String, kind: IncidentKind, sources: Int32) -> Int32 {
        let id = Int32(incidents.count)
        incidents.names.append(name)
        incidents.kinds.append(kind)
        incidents.actors.append(-1)
        incidents.targets.append(-1)
        incidents.places.append(-1)
        incidents.dates.append(.unknown)
        incidents.deaths.append(nil)
        incidents.injuries.append(nil)
        incidents.when.append(-1)
        incidents.notes.append(nil as String?)
        incidents.sources.append(sources)
        incidents.eventTypes.append(-1)
        incidents.subEventTypes.append(-1)
        incidents.disorderTypes.append(-1)
        incidents.sourceScales.append(-1)
        incidents.civilianTargeting.append(-1)
        incidents.tags.append(-1)
        incidents.timePrecisions.append(0)
        incidents.timestamps.append(-1)
        incidents.inter1Codes.append(0)
        incidents.inter2Codes.append(0)
        incidents.interactionCodes.append(-1)
        incidents.isoCodes.append(-1)
        eventNames[name] = NodeID(.incidents, id)
        return id
    }

    public mutating func addClaim(_ name: String, sources: Int32) -> Int32 {
        let id = Int32(claims.count)
        claims.names.append(strings.intern(name))
        claims.texts.append(-1)
        claims.speakers.append(-1)
        claims.dates.append(.unknown)
        claims.when.append(-1)
        claims.sources.append(sources)
        eventNames[name] = NodeID(.claims, id)
        return id
    }

    public mutating func addRelation(_ subject: NodeID, _ relation: String, _ object: NodeID, sources: Int32) {
        let relationID = strings.intern(relation)
        for edge in 0..<relations.count
        where isLive(relation: edge) && relations.subjects[edge] == subject && relations.relations[edge] == relationID && relations.objects[edge] == object {
            relations.sources[edge] = sourceTable.internSet(sourceTable.sets[Int(relations.sources[edge])] + sourceTable.sets[Int(sources)])
            return
        }
        relations.subjects.append(subject)
        relations.relations.append(relationID)
        relations.objects.append(object)
        relations.sources.append(sources)
    }

    /// Text for a source set: each chain as `said → reported → …`, chains joined by `; `.
    public func sourceText(_ set: Int32) -> String {
        sourceTable.sets[Int(set)].map { chain in
            sourceTable.chains[Int(chain)].map { strings[parties.names[Int($0.party)]] }.joined(separator: " → ")
        }.joined(separator: "; ")
    }

    public func sourceCount(_ set: Int32) -> Int { sourceTable.sets[Int(set)].count }
}

/// Case-insensitive name → ids, keeping one spelling of each key for suggestions.
package struct NameIndex: Sendable {
    package private(set) var ids: [String: [Int32]] = [:]
    package private(set) var spellings: [String] = []

    package init() {}

    package init(ids: [String: [Int32]], spellings: [String]) {
        self.ids = ids
        self.spellings = spellings
    }

    package static func fold(_ name: String) -> String { name.lowercased() }

    mutating func add(_ name: String, _ id: Int32) {
        let key = NameIndex.fold(name)
        if ids[key] == nil { spellings.append(name) }
        ids[key, default: []].append(id)
    }

    /// Takes `id` off `name`; a name no id has left is no longer suggested.
    mutating func remove(_ name: String, _ id: Int32) {
        let key = NameIndex.fold(name)
        guard var list = ids[key], let index = list.firstIndex(of: id) else { return }
        list.remove(at: index)
        if list.isEmpty {
            ids[key] = nil
            spellings.removeAll { NameIndex.fold($0) == key }
        } else {
            ids[key] = list
        }
    }

    func lookup(_ name: String) -> [Int32] { ids[NameIndex.fold(name)] ?? [] }
}
