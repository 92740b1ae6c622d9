import ParleyGraph
import ParleySchema
import ParleySupport
import ParleySyntax

/// Carries out `add` statements. Every name is resolved and every value checked before the graph
/// changes, so a statement with an error adds nothing.
package struct FactWriter {
    let resolver: Resolver

    private typealias Change = (inout Graph, NodeID) -> Void

    /// Adds the statement's facts to `graph`; returns the node added or extended.
    /// - Parameters:
    ///   - today: the day it is (days since 1970-01-01, UTC), when known: a date after it is added, with a note.
    ///   - notes: where the notes go.
    @discardableResult
    package static func apply(_ statement: AddStatement, to graph: inout Graph, source: SourceText,
                              parameters: [String: String], today: Int32? = nil, notes: inout [String]) throws(ParleyError) -> NodeID? {
        let write: (inout Graph) -> NodeID?
        do {
            // The writer's resolver holds a reference to the graph; it must be gone before the graph
            // changes, or every change would copy the graph's storage.
            let writer = FactWriter(resolver: Resolver(graph: graph, source: source, parameters: parameters))
            write = try writer.plan(statement)
            if let today { notes += try writer.datesAfter(today, in: statement) }
        }
        return write(&graph)
    }

    /// A note for each date the statement gives an event that starts after `today`: likely a slip of
    /// the keyboard, but a planned meeting has one too, so it is kept.
    private func datesAfter(_ today: Int32, in statement: AddStatement) throws(ParleyError) -> [String] {
        guard case let .node(kind, name) = statement.target, [.meetings, .incidents, .claims].contains(kind) else { return [] }
        var notes: [String] = []
        for clause in statement.clauses where clause.key.text == "date" {
            let given = try date(clause)
            guard given.isKnown, given.firstDay > today else { continue }
            notes.append("\(kind.singular) \(try resolver.text(name)): date \(given.text) is after today "
                         + "(\(CalendarDate.dayText(today)), UTC); added as written")
        }
        return notes
    }

    /// Plans the statement's clauses as changes to `node`, which exists: `change` checks its new values
    /// this way, and writes them after its own checks.
    static func plan(_ statement: AddStatement, extending node: NodeID, graph: Graph, source: SourceText,
                     parameters: [String: String]) throws(ParleyError) -> (inout Graph) -> NodeID? {
        try FactWriter(resolver: Resolver(graph: graph, source: source, parameters: parameters)).plan(statement, existing: node)
    }

    /// Resolves and checks everything the statement says, and returns the change to make: a closure
    /// that cannot fail. Sources are checked before the kind's own clauses, but the error reported is
    /// the first one in the text, as a reader meets it.
    private func plan(_ statement: AddStatement, existing given: NodeID? = nil) throws(ParleyError) -> (inout Graph) -> NodeID? {
        var sources = SourceClauses()
        var first = FirstError()
        var clauses: [Clause] = []
        for clause in statement.clauses {
            do throws(ParleyError) {
                if try sources.take(clause, resolver: resolver) { continue }
            } catch {
                first.note(error)
                continue
            }
            clauses.append(clause)
        }
        do throws(ParleyError) {
            let write = try plan(statement.target, clauses, sources, existing: given)
            if let error = first.error { throw error }
            return write
        } catch {
            first.note(error)
            throw first.error ?? error
        }
    }

    private func plan(_ target: AddStatement.Target, _ clauses: [Clause], _ sources: SourceClauses, existing given: NodeID?) throws(ParleyError) -> (inout Graph) -> NodeID? {
        switch target {
        case .source:
            if let extra = clauses.first {
                throw ParleyError(EvalProblem.sourceClauseNotAllowed, at: resolver.span(extra.key.range))
            }
            return { graph in
                _ = sources.intern(into: &graph)
                return nil
            }
        case let .relation(subjectRef, relationName, objectRef) where relationName.text == "member_of":
            return try membership(subjectRef, objectRef, clauses, sources)
        case let .relation(subjectRef, relationName, objectRef):
            let subject = try resolver.node(subjectRef)
            let object = try resolver.node(objectRef)
            if let extra = clauses.first {
                throw ParleyError(EvalProblem.relationClauseNotAllowed, at: resolver.span(extra.key.range))
            }
            let relation = try resolver.text(relationName)
            return { graph in
                let set = sources.intern(into: &graph)
                graph.addRelation(subject, relation, object, sources: set)
                return nil
            }
        case let .node(kind, name):
            let text = try resolver.text(name)
            try resolver.refuseEmpty(text, kind, at: name.range)
            if kind == .parties, sources.adds(text) {
                throw ParleyError(EvalProblem.newPartyExists(text), at: resolver.span(name.range),
                                  hint: "this statement adds it: drop `new` from its source")
            }
            // The place an `add place` extends depends on its `within`; an error there is reported in
            // its turn, with the other clauses'.
            var first = FirstError()
            var existing = given
            if given == nil {
                do throws(ParleyError) { existing = try existingNode(kind, text, clauses) } catch {
                    guard error.span != nil else { throw error }
                    first.note(error)
                }
            }
            var changes: [Change] = []
            var create: ((inout Graph, Int32) -> NodeID)?
            do throws(ParleyError) {
                switch kind {
                case .parties: create = try partyClauses(clauses, existing: existing, name: text, nodeName: name, changes: &changes)
                case .places: create = try placeClauses(clauses, existing: existing, name: text, nodeName: name, changes: &changes)
                case .meetings: create = try meetingClauses(clauses, existing: existing, name: text, nodeName: name, changes: &changes)
                case .incidents: create = try incidentClauses(clauses, existing: existing, name: text, nodeName: name, changes: &changes)
                case .claims: create = try claimClauses(clauses, existing: existing, name: text, nodeName: name, changes: &changes, speaker: sources.origins.first)
                case .relations, .facts: break
                }
            } catch {
                first.note(error)
            }
            if let error = first.error { throw error }
            let finalChanges = changes
            return { graph in
                let set = sources.intern(into: &graph)
                let node: NodeID
                if let existing {
                    node = existing
                    if !sources.isEmpty { FactWriter.setSources(&graph, node, set) }
                } else {
                    node = create!(&graph, set)
                }
                for change in finalChanges { change(&graph, node) }
                return node
            }
        }
    }

    /// `add relation party X member_of party G [role R]`: a membership with sources of its own, not the party's.
    private func membership(_ memberRef: NodeRef, _ groupRef: NodeRef, _ clauses: [Clause], _ sources: SourceClauses) throws(ParleyError) -> (inout Graph) -> NodeID? {
        var parties: [Int32] = []
        for ref in [memberRef, groupRef] {
            let node = try resolver.node(ref)
            guard node.kind == .parties else {
                throw ParleyError(EvalProblem.memberOfNeedsParties(ref.name.text, is: node.kind), at: resolver.span(ref.name.range))
            }
            parties.append(node.index)
        }
        var role: String?
        for clause in clauses {
            guard clause.key.text == "role" else {
                throw ParleyError(EvalProblem.membershipClauseNotAllowed, at: resolver.span(clause.key.range),
                                  hint: "a membership's role: `role spokesperson`")
            }
            role = try text(clause)
        }
        let (member, group) = (parties[0], parties[1])
        try checkMembership(member, in: group, at: groupRef.name.range)
        return { graph in
            let set = sources.intern(into: &graph)
            graph.addMembership(member: member, group: group, role: role, sources: set)
            return nil
        }
    }

    /// A party cannot belong to itself, nor to a party that belongs to it.
    private func checkMembership(_ member: Int32, in group: Int32, at range: Range<Int>) throws(ParleyError) {
        let graph = resolver.graph
        if member == group {
            throw ParleyError(EvalProblem.memberOfItself, at: resolver.span(range))
        }
        if graph.partiesWithin(member).inside[Int(group)] {
            throw ParleyError(EvalProblem.membershipCircle(group: graph.partyName(group) ?? "", member: graph.partyName(member) ?? ""),
                              at: resolver.span(range))
        }
    }

    private static func setSources(_ graph: inout Graph, _ node: NodeID, _ set: Int32) {
        let index = Int(node.index)
        switch node.kind {
        case .parties: graph.parties.sources[index] = set
        case .places: graph.places.sources[index] = set
        case .meetings: graph.meetings.sources[index] = set
        case .incidents: graph.incidents.sources[index] = set
        case .claims: graph.claims.sources[index] = set
        default: break
        }
    }

    /// The node an `add` extends: a party by name or alias, a place by name at the same level and parent, an event by name.
    private func existingNode(_ kind: NodeKind, _ name: String, _ clauses: [Clause]) throws(ParleyError) -> NodeID? {
        let graph = resolver.graph
        switch kind {
        case .parties:
            return graph.parties(named: name).first.map { NodeID(.parties, $0) }
        case .places:
            var candidates = graph.places(named: name).filter { graph.placeName($0)?.lowercased() == name.lowercased() }
            if let level = clauses.first(where: { $0.key.text == "level" }), case let .name(levelName)? = level.values.first {
                candidates = candidates.filter { graph.places.levels[Int($0)].rawValue == levelName.text }
            }
            if let within = clauses.first(where: { $0.key.text == "within" }), let value = within.values.first {
                let parent = try place(value, after: "within")
                candidates = candidates.filter { graph.places.parents[Int($0)] == parent }
            }
            return candidates.first.map { NodeID(.places, $0) }
        case .meetings, .incidents, .claims:
            guard let node = graph.event(named: name) else { return nil }
            guard node.kind == kind else {
                throw ParleyError(EvalProblem.alreadyExists(name, kind: node.kind))
            }
            return node
        default:
            return nil
        }
    }

    // MARK: Values

    private func single(_ clause: Clause) throws(ParleyError) -> ClauseValue {
        guard clause.values.count == 1 else {
            throw ParleyError(EvalProblem.takesOneValue(clause: clause.key.text), at: resolver.span(clause.values[1].range))
        }
        return clause.values[0]
    }

    private func word(_ clause: Clause) throws(ParleyError) -> (String, Range<Int>) {
        guard case let .name(name) = try single(clause) else {
            throw ParleyError(EvalProblem.takesAName(clause: clause.key.text), at: resolver.span(clause.values[0].range))
        }
        return (try resolver.text(name), name.range)
    }

    private func names(_ clause: Clause) throws(ParleyError) -> [Name] {
        var result: [Name] = []
        for value in clause.values {
            guard case let .name(name) = value else {
                throw ParleyError(EvalProblem.takesNames(clause: clause.key.text), at: resolver.span(value.range))
            }
            result.append(name)
        }
        return result
    }

    private func choice<T: RawRepresentable & CaseIterable>(_ clause: Clause, _ type: T.Type, _ what: String) throws(ParleyError) -> T where T.RawValue == String {
        let (text, range) = try word(clause)
        guard let value = T(rawValue: text) else {
            let all = T.allCases.map(\.rawValue)
            throw ParleyError(EvalProblem.notOneOf(text, what: what), at: resolver.span(range),
                              hint: NameSuggester.closest(to: text, among: all).map { "did you mean `\($0)`?" }
                                ?? "one of: \(all.joined(separator: ", "))")
        }
        return value
    }

    private func count(_ clause: Clause) throws(ParleyError) -> Int32? {
        switch try single(clause) {
        case .unknown: return nil
        case let .number(value, _, range):
            guard value >= 0, value == value.rounded(), value < 1e9 else {
                throw ParleyError(EvalProblem.notAPeopleCount(clause: clause.key.text), at: resolver.span(range))
            }
            return Int32(value)
        case let value:
            throw ParleyError(EvalProblem.notAPeopleCount(clause: clause.key.text), at: resolver.span(value.range))
        }
    }

    private func number(_ clause: Clause) throws(ParleyError) -> Double {
        guard case let .number(value, _, _) = try single(clause) else {
            throw ParleyError(EvalProblem.takesANumber(clause: clause.key.text), at: resolver.span(clause.values[0].range))
        }
        return value
    }

    private func date(_ clause: Clause) throws(ParleyError) -> CalendarDate {
        switch try single(clause) {
        case .unknown: return .unknown
        case let .date(literal): return try resolver.dateText(literal)
        case let .number(_, text, range):
            return try resolver.dateText(DateLiteral(text: text, range: range))
        case let .name(name):
            return try resolver.dateText(DateLiteral(text: try resolver.text(name), range: name.range))
        case let value:
            throw ParleyError(EvalProblem.takesADate(clause: clause.key.text), at: resolver.span(value.range))
        }
    }

    /// The value of a clause that sets a code or number stored as given, as the schema types it: one of
    /// a closed set or its dataset's code, a whole number, seconds since 1970; or unknown.
    private func storedValue(_ clause: Clause, _ spec: FieldSpec) throws(ParleyError) -> Int64 {
        let value = try single(clause)
        let unknown: Int64 = if case .choice = spec.access { 0 } else { -1 }
        if case .unknown = value { return unknown }
        switch spec.access {
        case .word, .derived:
            preconditionFailure("a word is interned as it is set; a derived field has its own clause")
        case let .choice(_, dataset):
            guard case let .choice(choices) = spec.type else { preconditionFailure("a choice field without its choices") }
            let codes = choices.codes[dataset] ?? []
            let word: String? = switch value {
            case let .name(name): try resolver.text(name)
            case let .number(_, text, _): text
            default: nil
            }
            if let word {
                if let index = choices.values.firstIndex(of: word) { return Int64(codes[index]) }
                if let code = Int(word), codes.contains(code) { return Int64(code) }
            }
            throw ParleyError(EvalProblem.notAChoiceOrUnknown(clause: spec.name, choices: choices.described),
                              at: resolver.span(value.range))
        case .integer:
            guard case let .number(_, text, _) = value, let number = Int32(text), number >= 0 else {
                throw ParleyError(EvalProblem.notAWholeNumberOrUnknown(clause: spec.name), at: resolver.span(value.range))
            }
            return Int64(number)
        case .seconds:
            guard case let .number(_, text, _) = value, let seconds = Int64(text), seconds >= 0 else {
                throw ParleyError(EvalProblem.notSecondsOrUnknown(clause: spec.name), at: resolver.span(value.range))
            }
            return seconds
        }
    }

    private func text(_ clause: Clause) throws(ParleyError) -> String { try word(clause).0 }

    /// The clauses each kind takes besides its sources.
    static func clauseKeys(_ kind: NodeKind) -> [String] {
        switch kind {
        case .parties: ["kind", "aka", "member of", "notes", "country"]
        case .places: ["level", "within", "aka", "latitude", "longitude", "geo_precision"]
        case .meetings: ["kind", "status", "place", "date", "when", "notes", "same day as", "before", "after"] + MeetingRole.allCases.map(\.rawValue)
        case .incidents: Schema.fields(of: .incidents).compactMap(\.clause) + ["same day as", "before", "after"]
        case .claims: ["text", "about", "speaker", "date", "when", "same day as", "before", "after"]
        case .relations, .facts: []
        }
    }

    /// A clause this kind does not take; right after a name written bare, more likely the name's next word.
    private func unknownKey(_ clause: Clause, _ kind: NodeKind, after name: Name) -> ParleyError {
        if let unquoted = Parser.unquotedName(in: resolver.source, from: name.range.lowerBound,
                                              before: clause.key.range.upperBound, inClauses: true) {
            return unquoted
        }
        let all = FactWriter.clauseKeys(kind) + ["said by", "reported by", "via"]
        return ParleyError(EvalProblem.notAFieldOf(clause: clause.key.text, kind: kind), at: resolver.span(clause.key.range),
                           hint: NameSuggester.closest(to: clause.key.text, among: all).map { "did you mean `\($0)`?" }
                            ?? "\(kind.withArticle) takes: \(all.joined(separator: ", "))")
    }

    private func missing(_ what: String, _ kind: NodeKind, _ name: Name) -> ParleyError {
        ParleyError(EvalProblem.newNodeNeeds(kind: kind, clause: what), at: resolver.span(name.range),
                    hint: "`add \(kind.singular) \(resolver.quoted(name.text)) \(what) …`")
    }

    /// `same day as`, `before`, `after`: time links to other events.
    private func timeLink(_ clause: Clause, _ changes: inout [Change]) throws(ParleyError) -> Bool {
        let relation: String
        switch clause.key.text {
        case "same day as": relation = TimeLinks.sameDayRelation
        case "before": relation = TimeLinks.beforeRelation
        case "after": relation = TimeLinks.afterRelation
        default: return false
        }
        for name in try names(clause) {
            let other = try resolver.event(name)
            changes.append { graph, node in graph.addRelation(node, relation, other, sources: sourcesOf(graph, node)) }
        }
        return true
    }

    // MARK: Kinds

    private func partyClauses(_ clauses: [Clause], existing: NodeID?, name: String, nodeName: Name, changes: inout [Change]) throws(ParleyError) -> ((inout Graph, Int32) -> NodeID)? {
        var kind: PartyKind?
        for clause in clauses {
            switch clause.key.text {
            case "kind":
                let value = try choice(clause, PartyKind.self, "kind of party")
                kind = value
                changes.append { graph, node in graph.parties.kinds[Int(node.index)] = value }
            case "aka":
                for alias in try names(clause) {
                    let text = try resolver.text(alias)
                    try resolver.refuseEmpty(text, .parties, at: alias.range)
                    changes.append { graph, node in graph.addPartyAlias(node.index, text) }
                }
            case "member of":
                var role: String?
                if let value = clause.role {
                    guard case let .name(roleName) = value else {
                        throw ParleyError(EvalProblem.roleIsAName, at: resolver.span(value.range))
                    }
                    role = try resolver.text(roleName)
                }
                for groupName in try names(clause) {
                    let group = try resolver.party(groupName)
                    if let existing { try checkMembership(existing.index, in: group, at: groupName.range) }
                    changes.append { graph, node in graph.addMembership(member: node.index, group: group, role: role, sources: sourcesOf(graph, node)) }
                }
            case "notes":
                let text = try self.text(clause)
                changes.append { graph, node in graph.parties.notes[Int(node.index)] = graph.strings.intern(text) }
            case "country":
                let value = try single(clause)
                let place: Int32
                if case let .name(name) = value, let country = try? resolver.place(name, level: .country) {
                    place = country
                } else {
                    place = try self.place(value, after: "country")
                }
                let level = resolver.graph.places.levels[Int(place)]
                guard level == .country else {
                    throw ParleyError(EvalProblem.countryTakesCountry(place: resolver.graph.placeName(place) ?? "", level: level),
                                      at: resolver.span(value.range))
                }
                changes.append { graph, node in graph.parties.countries[Int(node.index)] = place }
            default:
                throw unknownKey(clause, .parties, after: nodeName)
            }
        }
        if existing != nil { return nil }
        guard let kind else { throw missing("kind", .parties, nodeName) }
        return { graph, sources in NodeID(.parties, graph.addParty(name, kind: kind, sources: sources)) }
    }

    private func placeClauses(_ clauses: [Clause], existing: NodeID?, name: String, nodeName: Name, changes: inout [Change]) throws(ParleyError) -> ((inout Graph, Int32) -> NodeID)? {
        var level: PlaceLevel?
        var parent: Int32 = -1
        for clause in clauses {
            switch clause.key.text {
            case "level":
                let value = try choice(clause, PlaceLevel.self, "place level")
                level = value
                changes.append { graph, node in graph.places.levels[Int(node.index)] = value }
            case "within":
                let value = try single(clause)
                let place = try self.place(value, after: "within")
                if let existing, resolver.graph.placesWithin(existing.index)[Int(place)] {
                    throw ParleyError(EvalProblem.placesContainEachOther(inner: resolver.graph.placeName(place) ?? "", outer: name),
                                      at: resolver.span(value.range))
                }
                parent = place
                changes.append { graph, node in graph.places.parents[Int(node.index)] = place }
            case "aka":
                for alias in try names(clause) {
                    let text = try resolver.text(alias)
                    try resolver.refuseEmpty(text, .places, at: alias.range)
                    changes.append { graph, node in graph.addPlaceAlias(node.index, text) }
                }
            case "latitude", "longitude":
                let value = try number(clause)
                let limit = clause.key.text == "latitude" ? 90.0 : 180.0
                guard abs(value) <= limit else {
                    throw ParleyError(EvalProblem.coordinateOutOfRange(clause: clause.key.text, limit: Int(limit)), at: resolver.span(clause.values[0].range))
                }
                let isLatitude = clause.key.text == "latitude"
                changes.append { graph, node in
                    if isLatitude { graph.places.latitudes[Int(node.index)] = value } else { graph.places.longitudes[Int(node.index)] = value }
                }
            case "geo_precision":
                let value = try number(clause)
                guard value == value.rounded(), value >= 0, value <= Double(Int8.max) else {
                    throw ParleyError(EvalProblem.notAGeoPrecision, at: resolver.span(clause.values[0].range))
                }
                changes.append { graph, node in graph.places.geoPrecisions[Int(node.index)] = Int8(value) }
            default:
                throw unknownKey(clause, .places, after: nodeName)
            }
        }
        if existing != nil { return nil }
        guard let level else { throw missing("level", .places, nodeName) }
        return { graph, sources in NodeID(.places, graph.addPlace(name, level: level, parent: parent, sources: sources)) }
    }

    private func meetingClauses(_ clauses: [Clause], existing: NodeID?, name: String, nodeName: Name, changes: inout [Change]) throws(ParleyError) -> ((inout Graph, Int32) -> NodeID)? {
        var kind: MeetingKind?
        var status: MeetingStatus?
        for clause in clauses {
            if try timeLink(clause, &changes) { continue }
            switch clause.key.text {
            case "kind":
                let value = try choice(clause, MeetingKind.self, "kind of meeting")
                kind = value
                changes.append { graph, node in graph.meetings.kinds[Int(node.index)] = value }
            case "status":
                let value = try choice(clause, MeetingStatus.self, "meeting status")
                status = value
                changes.append { graph, node in graph.meetings.statuses[Int(node.index)] = value }
            case "place":
                let place = try placeValue(clause)
                changes.append { graph, node in graph.meetings.places[Int(node.index)] = place }
            case "date":
                let value = try date(clause)
                changes.append { graph, node in graph.meetings.dates.set(node.index, value) }
            case "when":
                let value = try text(clause)
                changes.append { graph, node in graph.meetings.when[Int(node.index)] = graph.strings.intern(value) }
            case "notes":
                let value = try text(clause)
                changes.append { graph, node in graph.meetings.notes[Int(node.index)] = graph.strings.intern(value) }
            default:
                guard let role = MeetingRole(rawValue: clause.key.text) else { throw unknownKey(clause, .meetings, after: nodeName) }
                for partyName in try names(clause) {
                    let party = try resolver.party(partyName)
                    changes.append { graph, node in graph.addParticipation(meeting: node.index, party: party, role: role) }
                }
            }
        }
        if existing != nil { return nil }
        guard let kind else { throw missing("kind", .meetings, nodeName) }
        guard let status else { throw missing("status", .meetings, nodeName) }
        return { graph, sources in NodeID(.meetings, graph.addMeeting(name, kind: kind, status: status, sources: sources)) }
    }

    private func placeValue(_ clause: Clause) throws(ParleyError) -> Int32 {
        try place(try single(clause), after: "place")
    }

    /// The place a `place` or `within` value names: a name, or one qualified by level or path (`admin1 Ukraine/Kyiv`).
    private func place(_ value: ClauseValue, after key: String) throws(ParleyError) -> Int32 {
        do throws(ParleyError) {
            switch value {
            case let .name(name): return try resolver.place(name)
            case let .place(ref): return try resolver.place(ref)
            default: throw ParleyError(EvalProblem.takesAPlaceName(clause: key), at: resolver.span(value.range))
            }
        } catch {
            throw howToAdd(error)
        }
    }

    /// An unknown place in an `add` says, after the nearest known name, how to add it: its level as
    /// written and the place its path puts it in.
    private func howToAdd(_ error: ParleyError) -> ParleyError {
        let name: String, level: PlaceLevel?, within: String?
        switch error.problem as? EvalProblem {
        case let .unknownPlace(text, placeLevel, nil)?: (name, level, within) = (text, placeLevel, nil)
        case let .noPlaceInPath(text, path)?: (name, level, within) = (text, nil, path)
        default: return error
        }
        if resolver.retractedHint(name, [.places]) != nil { return error }
        let outer = within.map { $0.split(separator: "/").map { resolver.quoted(String($0)) }.joined(separator: "/") } ?? "…"
        let adding = "`add place \(resolver.quoted(name)) level \(level?.rawValue ?? "…") within \(outer)`"
        var copy = error
        copy.hint = error.hint.map { "\($0) If it is new, add it first: \(adding)" } ?? "add it first: \(adding)"
        return copy
    }

    private func incidentClauses(_ clauses: [Clause], existing: NodeID?, name: String, nodeName: Name, changes: inout [Change]) throws(ParleyError) -> ((inout Graph, Int32) -> NodeID)? {
        var kind: IncidentKind?
        for clause in clauses {
            if try timeLink(clause, &changes) { continue }
            if let spec = Schema.field(.incidents, clause: clause.key.text), let column = spec.column {
                if case .word = spec.access {
                    let value = try text(clause)
                    changes.append { graph, node in column.set(&graph, row: Int(node.index), to: Int64(graph.strings.intern(value))) }
                } else {
                    let value = try storedValue(clause, spec)
                    changes.append { graph, node in column.set(&graph, row: Int(node.index), to: value) }
                }
                continue
            }
            switch clause.key.text {
            case "kind":
                let value = try choice(clause, IncidentKind.self, "kind of incident")
                kind = value
                changes.append { graph, node in graph.incidents.kinds[Int(node.index)] = value }
            case "actor", "target":
                guard case let .name(partyName) = try single(clause) else {
                    throw ParleyError(EvalProblem.takesAPartyName(clause: clause.key.text), at: resolver.span(clause.values[0].range))
                }
                let party = try resolver.party(partyName)
                let isActor = clause.key.text == "actor"
                changes.append { graph, node in
                    if isActor { graph.incidents.actors[Int(node.index)] = party } else { graph.incidents.targets[Int(node.index)] = party }
                }
            case "associate", "actor_associate", "target_associate":
                let side: AssociationTable.Side = switch clause.key.text {
                case "actor_associate": .actor
                case "target_associate": .target
                default: .unknown
                }
                for partyName in try names(clause) {
                    let party = try resolver.party(partyName)
                    changes.append { graph, node in graph.associations.append(incident: node.index, party: party, side: side) }
                }
            case "place":
                let place = try placeValue(clause)
                changes.append { graph, node in graph.incidents.places[Int(node.index)] = place }
            case "date":
                let value = try date(clause)
                changes.append { graph, node in graph.incidents.dates.set(node.index, value) }
            case "deaths", "injuries":
                let value = try count(clause)
                let isDeaths = clause.key.text == "deaths"
                changes.append { graph, node in
                    let stored = value ?? OptionalCountColumn.unknownValue
                    if isDeaths { graph.incidents.deaths.values[Int(node.index)] = stored } else { graph.incidents.injuries.values[Int(node.index)] = stored }
                }
            case "when":
                let value = try text(clause)
                changes.append { graph, node in graph.incidents.when[Int(node.index)] = graph.strings.intern(value) }
            case "notes":
                // Notes are text of their own, not interned: a million imported rows each have different notes.
                let value = try text(clause)
                changes.append { graph, node in graph.incidents.notes.set(node.index, value) }
            default:
                throw unknownKey(clause, .incidents, after: nodeName)
            }
        }
        if existing != nil { return nil }
        guard let kind else { throw missing("kind", .incidents, nodeName) }
        return { graph, sources in NodeID(.incidents, graph.addIncident(name, kind: kind, sources: sources)) }
    }

    private func claimClauses(_ clauses: [Clause], existing: NodeID?, name: String, nodeName: Name, changes: inout [Change], speaker: Int32?) throws(ParleyError) -> ((inout Graph, Int32) -> NodeID)? {
        var hasText = false
        var statedSpeaker: Int32?
        for clause in clauses {
            if try timeLink(clause, &changes) { continue }
            switch clause.key.text {
            case "text":
                let value = try text(clause)
                hasText = true
                changes.append { graph, node in graph.claims.texts[Int(node.index)] = graph.strings.intern(value) }
            case "about":
                for value in clause.values {
                    let node: NodeID
                    switch value {
                    case let .name(ref): node = try resolver.node(NodeRef(kind: nil, name: ref))
                    case let .node(ref): node = try resolver.node(ref)
                    default: throw ParleyError(EvalProblem.takesNames(clause: "about"), at: resolver.span(value.range))
                    }
                    changes.append { graph, claim in graph.claimSubjects.append((claim.index, node)) }
                }
            case "speaker":
                switch try single(clause) {
                case .unknown: statedSpeaker = -1
                case let .name(partyName): statedSpeaker = try resolver.party(partyName)
                case let value: throw ParleyError(EvalProblem.speakerTakesParty, at: resolver.span(value.range))
                }
            case "date":
                let value = try date(clause)
                changes.append { graph, node in graph.claims.dates.set(node.index, value) }
            case "when":
                let value = try text(clause)
                changes.append { graph, node in graph.claims.when[Int(node.index)] = graph.strings.intern(value) }
            default:
                throw unknownKey(clause, .claims, after: nodeName)
            }
        }
        if let speaker = statedSpeaker ?? speaker {
            changes.append { graph, node in graph.claims.speakers[Int(node.index)] = speaker }
        }
        if existing != nil { return nil }
        guard hasText else { throw missing("text", .claims, nodeName) }
        return { graph, sources in NodeID(.claims, graph.addClaim(name, sources: sources)) }
    }
}

/// The error a statement reports when several of its clauses are wrong: the first in its text. A
/// missing clause (`a new party needs kind`) points at the name but is reported only when nothing
/// written is wrong; an error about the whole statement (no span) comes first.
private struct FirstError {
    private(set) var error: ParleyError?

    mutating func note(_ other: ParleyError) {
        guard let current = error else {
            error = other
            return
        }
        if FirstError.order(other) < FirstError.order(current) { error = other }
    }

    private static func order(_ error: ParleyError) -> (Int, Int) {
        if case .newNodeNeeds? = error.problem as? EvalProblem { return (1, 0) }
        return (0, error.span?.range.lowerBound ?? -1)
    }
}

/// The source set of a node, for the facts an `add` derives from it (memberships, time links).
private func sourcesOf(_ graph: Graph, _ node: NodeID) -> Int32 {
    Navigator(graph: graph).sourceSet(of: node) ?? 0
}
