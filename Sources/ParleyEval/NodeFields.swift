import ParleyGraph
import ParleySchema

/// Reads a field of a row of some kind, as a `Value`.
typealias RowReader = (Int32) -> Value

/// Builds readers over the graph's columns for the fields in `Schema`.
struct NodeFields {
    let graph: Graph
    /// What `depth` and `opponent` read, as the plan bound them for the step.
    var bindings = FieldBindings()

    /// A reader for `field` of `kind`, or nil when the kind has no such field.
    func reader(_ kind: NodeKind, _ field: String) -> RowReader? {
        if kind == .incidents, let spec = Schema.field(kind, field), let reader = storedReader(spec) { return reader }
        return switch kind {
        case .parties: partyReader(field)
        case .places: placeReader(field)
        case .meetings: meetingReader(field)
        case .incidents: incidentReader(field)
        case .claims: claimReader(field)
        case .relations: relationReader(field)
        case .facts: nil
        }
    }

    /// A reader for a field the schema says is stored as it is given: a word, a code, a number.
    private func storedReader(_ spec: FieldSpec) -> RowReader? {
        let graph = self.graph
        switch spec.access {
        case let .word(column):
            let values = column.int32s(in: graph)
            return { row in values[Int(row)] < 0 ? .unknown : .string(graph.strings[values[Int(row)]]) }
        case let .choice(column, _):
            let codes = column.uint8s(in: graph)
            let byCode = spec.valuesByCode.map { $0.map { Value.string($0) } ?? .unknown }
            return { row in byCode[Int(codes[Int(row)])] }
        case let .integer(column):
            let values = column.int32s(in: graph)
            return { row in values[Int(row)] < 0 ? .unknown : .integer(Int64(values[Int(row)])) }
        case let .seconds(column):
            let values = column.int64s(in: graph)
            return { row in values[Int(row)] < 0 ? .unknown : .integer(values[Int(row)]) }
        case .derived:
            return nil
        }
    }

    // MARK: Shared pieces

    private func string(_ id: Int32) -> Value { id < 0 ? .unknown : .string(graph.strings[id]) }
    private func party(_ id: Int32) -> Value { id < 0 ? .unknown : .string(graph.strings[graph.parties.names[Int(id)]]) }
    private func placeValue(_ id: Int32) -> Value { id < 0 ? .unknown : .string(graph.strings[graph.places.names[Int(id)]]) }

    private func list(_ values: [Value]) -> Value {
        values.isEmpty ? .unknown : values.count == 1 ? values[0] : .list(values)
    }

    private func sourceReader(_ field: String, _ sets: [Int32]) -> RowReader? {
        let graph = self.graph
        switch field {
        case "source": return { row in
            let text = graph.sourceText(sets[Int(row)])
            return text.isEmpty ? .unknown : .string(text)
        }
        case "sources": return { row in .integer(Int64(graph.sourceCount(sets[Int(row)]))) }
        default: return nil
        }
    }

    private func placeLevelReader(_ field: String, _ places: [Int32]) -> RowReader? {
        let graph = self.graph
        if field == "place" { return { row in placeValueOf(graph, places[Int(row)]) } }
        guard let level = PlaceLevel(rawValue: field) else { return nil }
        return { row in
            let place = places[Int(row)]
            return place < 0 ? .unknown : placeValueOf(graph, graph.ancestor(of: place, at: level))
        }
    }

    private func timeReader(_ field: String, _ dates: DateColumn, _ when: [Int32]) -> RowReader? {
        let graph = self.graph
        let precision: CalendarDate.Precision
        switch field {
        case "date": return { row in dates[row].isKnown ? .date(dates[row]) : .unknown }
        case "precision": return { row in .string(dates[row].precision.name) }
        case "when": return { row in when[Int(row)] < 0 ? .unknown : .string(graph.strings[when[Int(row)]]) }
        case "day": precision = .day
        case "week": precision = .week
        case "month": precision = .month
        case "year": precision = .year
        default: return nil
        }
        return { row in
            let date = dates[row]
            // A month cannot be bucketed by day: a coarser date has no finer bucket.
            guard date.isKnown, date.precision <= precision else { return .unknown }
            return .date(date.bucket(precision))
        }
    }

    // MARK: Kinds

    private func partyReader(_ field: String) -> RowReader? {
        let graph = self.graph
        let table = graph.parties
        switch field {
        case "name": return { row in .string(graph.strings[table.names[Int(row)]]) }
        case "kind": return { row in .string(table.kinds[Int(row)].rawValue) }
        case "aliases": return { row in
            list((graph.partyAliases[row] ?? []).map { .string(graph.strings[$0]) })
        }
        case "member_of", "role":
            var byMember: [Int32: [Int]] = [:]
            for edge in graph.liveMemberships { byMember[graph.memberships.members[edge], default: []].append(edge) }
            let wantsRole = field == "role"
            return { row in
                list((byMember[row] ?? []).compactMap { edge -> Value? in
                    if wantsRole {
                        let role = graph.memberships.roles[edge]
                        return role < 0 ? nil : .string(graph.strings[role])
                    }
                    return .string(graph.strings[graph.parties.names[Int(graph.memberships.groups[edge])]])
                })
            }
        case "country": return { row in placeValueOf(graph, table.countries[Int(row)]) }
        case "depth":
            guard let depth = bindings.memberDepth else { return { _ in .unknown } }
            return { row in depth[Int(row)] < 0 ? .unknown : .integer(Int64(depth[Int(row)])) }
        default: return sourceReader(field, table.sources)
        }
    }

    private func placeReader(_ field: String) -> RowReader? {
        let graph = self.graph
        let table = graph.places
        switch field {
        case "name": return { row in .string(graph.strings[table.names[Int(row)]]) }
        case "level": return { row in .string(table.levels[Int(row)].rawValue) }
        case "parent": return { row in placeValueOf(graph, table.parents[Int(row)]) }
        case "path": return { row in
            .string(graph.path(of: row).map { graph.strings[table.names[Int($0)]] }.joined(separator: "/"))
        }
        case "aliases": return { row in list((graph.placeAliases[row] ?? []).map { .string(graph.strings[$0]) }) }
        case "latitude": return { row in table.latitudes[Int(row)].isNaN ? .unknown : .double(table.latitudes[Int(row)]) }
        case "longitude": return { row in table.longitudes[Int(row)].isNaN ? .unknown : .double(table.longitudes[Int(row)]) }
        case "geo_precision": return { row in table.geoPrecisions[Int(row)] < 0 ? .unknown : .integer(Int64(table.geoPrecisions[Int(row)])) }
        default:
            if let level = PlaceLevel(rawValue: field) {
                return { row in placeValueOf(graph, graph.ancestor(of: row, at: level)) }
            }
            return sourceReader(field, table.sources)
        }
    }

    private func meetingReader(_ field: String) -> RowReader? {
        let graph = self.graph
        let table = graph.meetings
        switch field {
        case "name": return { row in .string(graph.strings[table.names[Int(row)]]) }
        case "kind": return { row in .string(table.kinds[Int(row)].rawValue) }
        case "status": return { row in .string(table.statuses[Int(row)].rawValue) }
        case "notes": return { row in string(table.notes[Int(row)]) }
        case "participants":
            let byMeeting = participationsByMeeting()
            return { row in
                var seen = Set<Int32>()
                return list((byMeeting[row] ?? []).compactMap { edge in
                    let party = graph.participations.parties[edge]
                    return seen.insert(party).inserted ? self.party(party) : nil
                })
            }
        default:
            if let role = MeetingRole(rawValue: field) {
                let byMeeting = participationsByMeeting()
                return { row in
                    list((byMeeting[row] ?? []).filter { graph.participations.roles[$0] == role }
                        .map { self.party(graph.participations.parties[$0]) })
                }
            }
            return placeLevelReader(field, table.places) ?? timeReader(field, table.dates, table.when)
                ?? sourceReader(field, table.sources)
        }
    }

    func participationsByMeeting() -> [Int32: [Int]] {
        var byMeeting: [Int32: [Int]] = [:]
        for edge in graph.liveParticipations { byMeeting[graph.participations.meetings[edge], default: []].append(edge) }
        return byMeeting
    }

    private func incidentReader(_ field: String) -> RowReader? {
        let graph = self.graph
        let table = graph.incidents
        switch field {
        case "name": return { row in table.names[row].map { .string($0) } ?? .unknown }
        case "kind": return { row in .string(table.kinds[Int(row)].rawValue) }
        case "actor": return { row in party(table.actors[Int(row)]) }
        case "target": return { row in party(table.targets[Int(row)]) }
        case "associates", "actor_associates", "target_associates":
            let side: AssociationTable.Side? = field == "actor_associates" ? .actor : field == "target_associates" ? .target : nil
            var byIncident: [Int32: [Int32]] = [:]
            for edge in graph.liveAssociations where side == nil || graph.associations.sides[edge] == side {
                byIncident[graph.associations.incidents[edge], default: []].append(graph.associations.parties[edge])
            }
            return { row in list((byIncident[row] ?? []).map { party($0) }) }
        case "opponent":
            guard let involved = bindings.involvedParties else { return { _ in .unknown } }
            return { row in
                let actor = table.actors[Int(row)]
                let target = table.targets[Int(row)]
                if actor >= 0 && involved[Int(actor)] { return party(target) }
                if target >= 0 && involved[Int(target)] { return party(actor) }
                return .unknown
            }
        case "deaths": return { row in table.deaths[row].map { .integer(Int64($0)) } ?? .unknown }
        case "injuries": return { row in table.injuries[row].map { .integer(Int64($0)) } ?? .unknown }
        case "notes": return { row in table.notes[row].map { .string($0) } ?? .unknown }
        default:
            return placeLevelReader(field, table.places) ?? timeReader(field, table.dates, table.when)
                ?? sourceReader(field, table.sources)
        }
    }

    private func claimReader(_ field: String) -> RowReader? {
        let graph = self.graph
        let table = graph.claims
        switch field {
        case "name": return { row in .string(graph.strings[table.names[Int(row)]]) }
        case "speaker": return { row in party(table.speakers[Int(row)]) }
        case "text": return { row in string(table.texts[Int(row)]) }
        case "about":
            var byClaim: [Int32: [NodeID]] = [:]
            for (claim, node) in graph.liveClaimSubjects { byClaim[claim, default: []].append(node) }
            return { row in list((byClaim[row] ?? []).map { .string(graph.name(of: $0)) }) }
        default:
            return timeReader(field, table.dates, table.when) ?? sourceReader(field, table.sources)
        }
    }

    private func relationReader(_ field: String) -> RowReader? {
        let graph = self.graph
        let table = graph.relations
        switch field {
        case "subject": return { row in .string(graph.name(of: table.subjects[Int(row)])) }
        case "relation": return { row in .string(graph.strings[table.relations[Int(row)]]) }
        case "object": return { row in .string(graph.name(of: table.objects[Int(row)])) }
        case "subject_kind": return { row in .string(table.subjects[Int(row)].kind.singular) }
        case "object_kind": return { row in .string(table.objects[Int(row)].kind.singular) }
        default: return sourceReader(field, table.sources)
        }
    }
}

private func placeValueOf(_ graph: Graph, _ place: Int32) -> Value {
    place < 0 ? .unknown : .string(graph.strings[graph.places.names[Int(place)]])
}
