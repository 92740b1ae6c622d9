import ParleyGraph
import ParleySchema
import ParleySupport
import ParleySyntax

/// Binds a query to the graph before any row is read: resolves every name and parameter, checks every
/// field against the rows the step will read, types every comparison (`ComparisonTyping`), fuses
/// `group` with its aggregates, chooses coded or general operators, and works out which incident
/// columns the run reads. Every error a name, a field or a comparison can cause is raised here, so a
/// query either runs whole or does not start.
///
/// Binding reads only the small tables (parties, places, the string pool), never an incident column,
/// unless `columnsToBind` says it must.
public struct Binder {
    let graph: Graph
    let resolver: Resolver

    public init(graph: Graph, source: SourceText, parameters: [String: String] = [:]) {
        self.graph = graph
        self.resolver = Resolver(graph: graph, source: source, parameters: parameters)
    }

    init(graph: Graph, resolver: Resolver) {
        self.graph = graph
        self.resolver = resolver
    }

    /// The incident columns binding `query` reads: none, or nil (all) when it names an event (whose
    /// name may be an incident's) or starts from a node, a relation or the facts.
    public static func columnsToBind(_ query: Query) -> Set<IncidentColumn>? {
        switch query.head {
        case .kind(.relations, _), .kind(.facts, _), .navigate, .history(of: .some): return nil
        case .kind, .members, .history(of: nil), .events: break
        }
        for filter in query.filters {
            switch filter {
            case .before(.event), .after(.event), .sameDay: return nil
            default: continue
            }
        }
        for stage in query.stages {
            if case let .pair(other, _) = stage, columnsToBind(other) == nil { return nil }
        }
        return []
    }

    public func bind(_ query: Query) throws(ParleyError) -> Plan {
        try bind(query, printed: true)
    }

    /// - Parameter printed: whether rows of a kind left at the end print their default columns (the
    ///   other side of a `pair` is read only for its keys and names).
    func bind(_ query: Query, printed: Bool) throws(ParleyError) -> Plan {
        var state = State()
        var filters = query.filters
        let head: HeadPlan
        if case .events = query.head {
            // The filters that need a kind's meaning are bound for each kind; `where` reads the table.
            head = try bindEvents(query.filters.filter { if case .where = $0 { false } else { true } }, &state)
            filters = query.filters.filter { if case .where = $0 { true } else { false } }
        } else if case .kind(.facts, _) = query.head, query.filters.contains(where: Self.selectsEvents) {
            // Party, place and time filters pick the events, relations and memberships the facts are of.
            head = try bindFacts(query.filters.filter(Self.selectsEvents), &state)
            filters = query.filters.filter { !Self.selectsEvents($0) }
        } else {
            head = try bindHead(query.head, &state)
        }
        var steps: [StepPlan] = []
        for filter in filters {
            steps.append(try bindFilter(filter, &state))
        }
        var index = 0
        while index < query.stages.count {
            let stage = query.stages[index]
            var next: Stage? = index + 1 < query.stages.count ? query.stages[index + 1] : nil
            state.later = Array(query.stages[(index + 1)...])
            let (step, consumedNext) = try bindStage(stage, next: &next, &state)
            steps.append(step)
            index += consumedNext ? 2 : 1
        }
        if printed {
            state.needFields(Schema.defaultColumns(of: .incidents, membersQuery: false))
        } else {
            state.needFields(["name"])
        }
        return Plan(head: head, steps: steps, output: state.shape, showsDepth: state.showsDepth, query: query,
                    incidentColumns: state.columns, notes: state.notes)
    }

    /// What binding knows as it walks the query: the rows at this point, the field bindings in force,
    /// the columns read so far.
    struct State {
        var shape: Shape = .rows(.parties) {
            didSet { columnTypes = [:] }
        }
        /// What the columns of a table hold, where a stage made them from fields or computed them
        /// (set after `shape`, which clears it).
        var columnTypes: [String: FieldType] = [:]
        var fields = FieldBindings()
        var showsDepth = false
        var columns: Set<IncidentColumn>? = []
        /// What binding found worth saying: a name `in` read as the place holding its namesakes.
        var notes: [String] = []
        /// The stages after the one being bound (a `pair` spells out the fields they read).
        var later: [Stage] = []

        var readsIncidents: Bool { shape == .rows(.incidents) }

        mutating func need<S: Sequence<IncidentColumn>>(_ wanted: S) { columns?.formUnion(wanted) }
        mutating func needAll() { columns = nil }

        /// What a field or column holds, when it is known.
        func type(of name: String) -> FieldType? {
            switch shape {
            case let .rows(kind): Schema.field(kind, name)?.type
            case let .table(columns) where columns == FactsTable.columns: Schema.field(.facts, name)?.type
            case .table: columnTypes[name]
            }
        }

        /// The storage columns of incident fields read by name (a column a stage made reads none).
        mutating func needFields(_ names: [String]) {
            guard readsIncidents else { return }
            for name in names { if let spec = Schema.field(.incidents, name) { need(spec.storage) } }
        }
    }

    // MARK: Heads

    private func bindHead(_ head: Head, _ state: inout State) throws(ParleyError) -> HeadPlan {
        switch head {
        case let .kind(kind, _):
            if kind == .facts {
                state.shape = .table(FactsTable.columns)
                state.needAll()
                return .facts(parts: nil, membershipParties: nil)
            }
            state.shape = .rows(kind)
            if kind == .relations { state.needAll() }
            return .rows(kind)
        case let .members(of: name):
            let root = try resolver.party(name)
            let (inside, depth) = graph.partiesWithin(root)
            state.shape = .rows(.parties)
            state.fields.memberDepth = depth
            state.showsDepth = true
            return .members(root: root, inside: inside, depth: depth)
        case let .navigate(from, direction, relation):
            state.needAll()
            let start = try resolver.node(from)
            let relationName = try resolver.text(relation)
            let navigator = Navigator(graph: graph)
            let reached = navigator.follow(from: start, relation: relationName, direction: direction)
            if reached.isEmpty && !navigator.knows(relationName) {
                throw ParleyError(EvalProblem.unknownRelation(relationName), at: resolver.span(relation.range),
                                  hint: NameSuggester.closest(to: relationName, among: navigator.relationNames).map { "did you mean `\($0)`?" }
                                    ?? "relations here: \(navigator.relationNames.joined(separator: ", "))")
            }
            let kinds = Set(reached.map(\.kind))
            state.shape = kinds.count <= 1 ? .rows(kinds.first ?? .parties) : .table(["name", "kind"])
            return .navigate(reached: reached)
        case .events:
            preconditionFailure("bound with its filters in bindEvents")
        case let .history(of: ref):
            if ref != nil { state.needAll() }
            state.shape = .table(HistoryTable.columns)
            return .history(try ref.map { ref throws(ParleyError) in try resolver.nodeOrRetracted(ref) })
        }
    }

    /// Whether a filter on `facts` picks the things the facts are of (a party, place or time filter),
    /// rather than reading the facts' own columns (`where`, `mentioning`, the source filters).
    static func selectsEvents(_ filter: Filter) -> Bool {
        switch filter {
        case .where, .mentioning, .source: false
        case let .not(inner, _): selectsEvents(inner)
        default: true
        }
    }

    /// `facts FILTERS`: the filters bound for meetings, incidents and claims as for `events`, and for
    /// relations and memberships when they are all `involving` or `with` (a relation or membership has
    /// no place or date, so a place or time filter keeps none of them).
    private func bindFacts(_ filters: [Filter], _ state: inout State) throws(ParleyError) -> HeadPlan {
        var parts = try bindEachKind(filters, &state)
        var membershipParties: [[Bool]]?
        let partiesOnly = filters.allSatisfy { if case .involving = $0 { true } else if case .with = $0 { true } else { false } }
        if partiesOnly, let relations = try? Binder(graph: graph, resolver: resolver)
            .bind(Query(head: .kind(.relations, range: 0..<0), filters: filters, stages: []), printed: false) {
            parts.append(relations)
            var sets: [[Bool]] = []
            for step in relations.steps {
                switch step.operation {
                case let .filter(.involving(involvement)): sets.append(involvement.parties)
                case let .filter(.with(involvements)): sets += involvements.map(\.parties)
                default: break
                }
            }
            membershipParties = sets
        }
        state.needAll()
        state.shape = .table(FactsTable.columns)
        return .facts(parts: parts, membershipParties: membershipParties)
    }

    /// `events FILTERS`: the filters bound for meetings, incidents and claims in turn. A role that one
    /// kind has and another has not (`as guest`) keeps nothing of the other, with a note; a role no kind
    /// has is the first kind's error.
    private func bindEvents(_ filters: [Filter], _ state: inout State) throws(ParleyError) -> HeadPlan {
        let parts = try bindEachKind(filters, &state)
        for part in parts {
            if let columns = part.incidentColumns { state.need(columns) } else { state.needAll() }
        }
        state.need([.names, .kinds, .dateDays, .datePrecisions, .when, .places, .actors, .targets,
                    .associationIncidents, .associationParties, .deaths, .sources])
        state.shape = .table(EventsTable.columns)
        for field in EventsTable.fields { state.columnTypes[field.name] = field.type }
        return .events(parts)
    }

    /// The filters bound for meetings, incidents and claims in turn, with their notes.
    private func bindEachKind(_ filters: [Filter], _ state: inout State) throws(ParleyError) -> [Plan] {
        var parts: [Plan] = []
        var firstRoleError: ParleyError?
        var without: [String] = []
        for kind in EventsTable.kinds {
            do throws(ParleyError) {
                parts.append(try Binder(graph: graph, resolver: resolver)
                    .bind(Query(head: .kind(kind, range: 0..<0), filters: filters, stages: []), printed: false))
            } catch {
                switch error.problem as? EvalProblem {
                case .notAnIncidentRole?, .notAMeetingRole?, .notAClaimRole?:
                    firstRoleError = firstRoleError ?? error
                    without.append(kind.rawValue)
                default:
                    throw error
                }
            }
        }
        if let firstRoleError, parts.isEmpty { throw firstRoleError }
        if !without.isEmpty { state.notes.append("\(without.joined(separator: " and ")) have no such role, so none of them is kept") }
        for part in parts { for note in part.notes where !state.notes.contains(note) { state.notes.append(note) } }
        return parts
    }

    // MARK: Filters

    private func bindFilter(_ filter: Filter, _ state: inout State) throws(ParleyError) -> StepPlan {
        let input = state.shape
        let plan = try filterPlan(filter, &state)
        return StepPlan(operation: .filter(plan), fields: state.fields, input: input, source: .filter(filter))
    }

    private func filterPlan(_ filter: Filter, _ state: inout State) throws(ParleyError) -> FilterPlan {
        switch filter {
        case let .where(expr):
            return .where(try bindWhere(expr, &state))
        case let .not(inner, _):
            // What `not involving X` leaves has no X to be the opponent of: the bindings stay as they were.
            let fields = state.fields
            let plan = try filterPlan(inner, &state)
            state.fields = fields
            let knownOnly: KnownOnly? = switch inner {
            case .in where state.shape.kind == .incidents || state.shape.kind == .meetings: .place
            case .during, .between, .before, .after, .sameDay, .last: .date
            default: nil
            }
            if knownOnly == .place && state.readsIncidents { state.need([.places]) }
            return .not(plan, knownOnly: knownOnly, written: filter)
        case let .mentioning(name):
            if state.readsIncidents { state.need([.names, .notes, .when]) }
            return .mentioning(lowercasedNeedle: try resolver.text(name).lowercased())
        case let .source(role, name) where state.shape.kind == nil:
            // `facts` carries its sources as columns: the party's name or a member's, as `involving` counts.
            let wanted = role == .reported ? ["reported_by"] : role == .said ? ["said_by"] : ["said_by", "reported_by"]
            guard case let .table(columns) = state.shape, wanted.allSatisfy(columns.contains) else { break }
            let inside = graph.partiesWithin(try resolver.party(name)).inside
            let names = Set(inside.indices.filter { inside[$0] }.compactMap { graph.partyName(Int32($0)) })
            return .sourceColumns(wanted, names: names)
        default:
            break
        }
        guard let kind = state.shape.kind else {
            // Only a head that makes a table (`history`, a navigation reaching several kinds) brings a
            // filter here: the rows have no kind to be in a place or to involve a party.
            throw ParleyError(EvalProblem.filterNeedsKind(keyword: filter.keyword),
                              at: filter.range.map { resolver.span($0) }, hint: "these rows are a table: only `where` and `mentioning` apply to it")
        }
        switch filter {
        case let .in(refs):
            var places: [Int32] = []
            for ref in refs {
                let (place, note) = try resolver.containingPlace(ref)
                places.append(place)
                if let note, !state.notes.contains(note) { state.notes.append(note) }
            }
            switch kind {
            case .incidents, .meetings:
                if kind == .incidents { state.need([.places]) }
                var inside = [Bool](repeating: false, count: graph.places.count)
                for place in places {
                    for (index, isInside) in graph.placesWithin(place).enumerated() where isInside { inside[index] = true }
                }
                return .inPlaces(places: places, inside: inside)
            case .places:
                return .within(roots: places.map { NodeID(.places, $0) }, inside: strictlyWithin(places.map(graph.placesWithin), roots: places))
            case .claims:
                var inside = [Bool](repeating: false, count: graph.places.count)
                for place in places {
                    for (index, isInside) in graph.placesWithin(place).enumerated() where isInside { inside[index] = true }
                }
                return .claimsIn(inside: inside)
            default:
                throw unsupported(filter, kind, "meetings, incidents, claims and places")
            }
        case let .within(name):
            switch kind {
            case .parties:
                let root = try resolver.party(name)
                let (inside, depth) = graph.partiesWithin(root)
                state.fields.memberDepth = depth
                return .within(roots: [NodeID(.parties, root)], inside: strictlyWithin([inside], roots: [root]))
            case .places:
                let place = try resolver.place(name)
                return .within(roots: [NodeID(.places, place)], inside: strictlyWithin([graph.placesWithin(place)], roots: [place]))
            default:
                throw unsupported(filter, kind, "parties and places")
            }
        case let .involving(names, written, membersOnly):
            var inside: [Bool] = []
            var roots: [Int32] = []
            for name in names {
                let root = try resolver.party(name)
                roots.append(root)
                let one = graph.partiesWithin(root).inside
                inside = inside.isEmpty ? one : zip(inside, one).map { $0 || $1 }
            }
            if membersOnly { for root in roots { inside[Int(root)] = false } }
            // After `as`, a party kind (`military`, `government`…) narrows the parties; the other words are roles.
            var roles: [Name] = []
            var partyKinds = Set<PartyKind>()
            for word in written {
                if let partyKind = PartyKind(rawValue: try resolver.text(word)) { partyKinds.insert(partyKind) } else { roles.append(word) }
            }
            if !partyKinds.isEmpty {
                for party in inside.indices where inside[party] && !partyKinds.contains(graph.parties.kinds[party]) { inside[party] = false }
                if !inside.contains(true) {
                    let note = "\(Printer.filter(filter)): no party \(membersOnly ? "within" : "in or within") \(names.map(\.text).joined(separator: " or ")) is \(partyKinds.map(\.rawValue).sorted().joined(separator: " or "))"
                    if !state.notes.contains(note) { state.notes.append(note) }
                }
            }
            let involvement = try involvement(inside, roles: roles, kind: kind, filter: filter)
            state.fields.involvedParties = inside
            if state.readsIncidents {
                state.need([.actors, .targets])
                if involvement.incidentRoles.contains(.associate) { state.need([.associationIncidents, .associationParties]) }
            }
            return .involving(involvement)
        case let .with(names):
            var plans: [InvolvementPlan] = []
            for name in names {
                let inside = graph.partiesWithin(try resolver.party(name)).inside
                plans.append(try involvement(inside, roles: [], kind: kind, filter: filter))
            }
            if state.readsIncidents { state.need([.actors, .targets, .associationIncidents, .associationParties]) }
            return .with(plans)
        case let .source(role, name):
            // The party or any of its members, as `involving` counts: `said by Kremlin` finds Peskov's words.
            let parties = graph.partiesWithin(try resolver.party(name)).inside
            if state.readsIncidents { state.need([.sources]) }
            let roles: Set<SourceTable.Link.Role> = switch role {
            case .said: [.said]
            case .reported: [.reported]
            case .sourced: [.said, .reported]
            }
            return .source(parties: parties, roles: roles)
        case .during, .between, .before, .after, .sameDay, .last:
            guard kind == .meetings || kind == .incidents || kind == .claims else {
                throw unsupported(filter, kind, "meetings, incidents and claims")
            }
            if state.readsIncidents { state.need([.dateDays, .datePrecisions]) }
            return try timePlan(filter, &state)
        case let .about(ref):
            guard kind == .claims else { throw unsupported(filter, kind, "claims") }
            let node = try resolver.node(ref)
            switch node.kind {
            case .parties: return .about(parties: graph.partiesWithin(node.index).inside, places: nil, event: nil)
            case .places: return .about(parties: nil, places: graph.placesWithin(node.index), event: nil)
            default: return .about(parties: nil, places: nil, event: node)
            }
        case .where, .mentioning, .not:
            preconditionFailure("bound above")
        }
    }

    private func timePlan(_ filter: Filter, _ state: inout State) throws(ParleyError) -> FilterPlan {
        switch filter {
        case let .during(literal):
            let period = try resolver.dateText(literal)
            return .span(start: period.firstDay, end: period.lastDay)
        case let .between(from, to):
            return .span(start: try resolver.dateText(from).firstDay, end: try resolver.dateText(to).lastDay)
        case let .before(.date(literal)):
            return .time(.before(try resolver.dateText(literal)))
        case let .after(.date(literal)):
            return .time(.after(try resolver.dateText(literal)))
        case let .before(.event(name)):
            state.needAll()
            return .time(.beforeEvent(try resolver.event(name)))
        case let .after(.event(name)):
            state.needAll()
            return .time(.afterEvent(try resolver.event(name)))
        case let .sameDay(name):
            state.needAll()
            return .time(.sameDay(try resolver.event(name)))
        case let .last(count, unit):
            // The window ends at the latest dated event of any kind.
            state.need([.dateDays, .datePrecisions])
            let text = try resolver.text(unit)
            let singular = text.hasSuffix("s") ? String(text.dropLast()) : text
            guard ["day", "week", "month", "year"].contains(singular) else {
                throw ParleyError(EvalProblem.notATimeUnit(text), at: resolver.span(unit.range), hint: "use days, weeks, months or years")
            }
            return .time(.last(count: count, unit: singular, range: unit.range))
        default:
            preconditionFailure("not a time filter")
        }
    }

    /// `involving` or `with` on rows of `kind`: the roles checked against the kind's roles.
    private func involvement(_ inside: [Bool], roles: [Name], kind: NodeKind, filter: Filter) throws(ParleyError) -> InvolvementPlan {
        var roleNames: [String] = []
        for role in roles { roleNames.append(try resolver.text(role)) }
        var incidentRoles = Set<IncidentRole>()
        var meetingRoles = Set<MeetingRole>()
        var claimRoles = Set<String>()
        switch kind {
        case .incidents:
            for (index, role) in roleNames.enumerated() {
                if role == "side" {
                    incidentRoles.formUnion([.actor, .target])
                } else if let parsed = IncidentRole(rawValue: role) {
                    incidentRoles.insert(parsed)
                } else {
                    throw ParleyError(EvalProblem.notAnIncidentRole(role), at: resolver.span(roles[index].range),
                                      hint: "roles: actor, target, side (either), associate")
                }
            }
        case .meetings:
            for (index, role) in roleNames.enumerated() {
                guard let parsed = MeetingRole(rawValue: role) else {
                    throw ParleyError(EvalProblem.notAMeetingRole(role), at: resolver.span(roles[index].range),
                                      hint: "roles: \(MeetingRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                meetingRoles.insert(parsed)
            }
        case .claims:
            for (index, role) in roleNames.enumerated() {
                guard ["speaker", "subject"].contains(role) else {
                    throw ParleyError(EvalProblem.notAClaimRole(role), at: resolver.span(roles[index].range),
                                      hint: "roles: speaker (who said it), subject (whom it is about)")
                }
                claimRoles.insert(role)
            }
        case .relations:
            guard roles.isEmpty else {
                throw ParleyError(EvalProblem.filterDoesNotApply(keyword: "as", kind: kind, worksOn: "meetings, incidents and claims"),
                                  at: resolver.span(roles[0].range))
            }
        default:
            throw unsupported(filter, kind, "meetings, incidents, claims and relations")
        }
        let sidesOnly = kind == .incidents && !incidentRoles.isEmpty && !incidentRoles.contains(.associate)
        if kind == .incidents && incidentRoles.isEmpty { incidentRoles = [.actor, .target, .associate] }
        return InvolvementPlan(parties: inside, incidentRoles: incidentRoles, meetingRoles: meetingRoles, claimRoles: claimRoles,
                               sidesOnly: sidesOnly)
    }

    /// What lies within any of the roots, each root left out of its own set (one root may lie in another).
    private func strictlyWithin(_ sets: [[Bool]], roots: [Int32]) -> [Bool] {
        var marks = [Bool](repeating: false, count: sets.first?.count ?? 0)
        for (set, root) in zip(sets, roots) {
            for (index, isInside) in set.enumerated() where isInside && index != Int(root) { marks[index] = true }
        }
        return marks
    }

    private func unsupported(_ filter: Filter, _ kind: NodeKind, _ kinds: String) -> ParleyError {
        ParleyError(EvalProblem.filterDoesNotApply(keyword: filter.keyword, kind: kind, worksOn: kinds),
                    at: filter.range.map { resolver.span($0) })
    }

    // MARK: where

    private func bindWhere(_ written: Expr, _ state: inout State) throws(ParleyError) -> WherePlan {
        try arithmeticTyping(state).check(condition: written)
        var typing = ComparisonTyping(shape: state.shape, resolver: resolver)
        let expr = try typing.typed(written)
        let fields = NodeFields(graph: graph, bindings: state.fields)
        // Compiled once over no rows: an unknown field, a parameter not set or a value outside a
        // closed set is an error now, not after the first rows are read.
        let lists = ListedValues.Cache()
        _ = try ExpressionCompiler(columns: FrameColumns(frame: state.shape.emptyFrame, fields: fields), resolver: resolver, lists: lists)
            .compilePredicate(expr)
        state.needFields(expr.fieldNames)
        // A share is of the rows the whole condition reads: no part of it narrows them first.
        guard let kind = state.shape.kind, !expr.readsAllRows else {
            return WherePlan(expr: expr, coded: [], rest: expr, nearMisses: typing.nearMisses, lists: lists)
        }
        var conjuncts: [Expr] = []
        func flatten(_ expr: Expr) {
            if case let .and(left, right) = expr { flatten(left); flatten(right) } else { conjuncts.append(expr) }
        }
        flatten(expr)
        var coded: [CodedComparison] = []
        var remaining: [Expr] = []
        for conjunct in conjuncts {
            if let comparison = try codedComparison(conjunct, kind: kind, fields: fields) {
                coded.append(comparison)
            } else {
                remaining.append(conjunct)
            }
        }
        let rest = remaining.first.map { first in remaining.dropFirst().reduce(first) { Expr.and($0, $1) } }
        return WherePlan(expr: expr, coded: coded, rest: coded.isEmpty ? expr : rest, nearMisses: typing.nearMisses, lists: lists)
    }

    /// The arithmetic typing of the rows at this step.
    private func arithmeticTyping(_ state: State) -> ArithmeticTyping {
        let columns = FrameColumns(frame: state.shape.emptyFrame, fields: NodeFields(graph: graph, bindings: state.fields))
        return ArithmeticTyping(isColumn: { columns.reader($0) != nil }, type: { state.type(of: $0) },
                                columns: columns.names, resolver: resolver)
    }

    /// `field OP literal` (or `field is unknown`) on a field with a coded form, when a column loop can
    /// test it: a count against a number, ids against a word with `=` or `<>`, a date against a date.
    private func codedComparison(_ expr: Expr, kind: NodeKind, fields: NodeFields) throws(ParleyError) -> CodedComparison? {
        let involved = fields.bindings.involvedParties != nil
        if case let .isUnknown(.field(name), negated) = expr, NodeFields.codedForm(kind, name.text, involved: involved) != nil {
            return .isUnknown(field: name.text, negated: negated)
        }
        guard case let .compare(.field(name), op, right) = expr,
              let form = NodeFields.codedForm(kind, name.text, involved: involved) else { return nil }
        let literal: Value
        switch right {
        case let .string(text, _): literal = .string(text)
        case let .number(value, text, _): literal = Int64(text).map { .integer($0) } ?? .double(value)
        case let .date(date): literal = .date(try resolver.dateText(date))
        case let .parameter(parameter): literal = Value.parsed(try resolver.text(parameter))
        case let .field(word) where Schema.field(kind, word.text) == nil: literal = .string(word.text)
        default: return nil
        }
        switch (form, literal) {
        case (.counts, _) where literal.numericValue != nil:
            return .compare(field: name.text, op, literal)
        case (.ids, .string) where op == .equal || op == .notEqual:
            return .compare(field: name.text, op, literal)
        case (.dates(bucketed: false), .date):
            return .compare(field: name.text, op, literal)
        default:
            return nil
        }
    }

    // MARK: Stages

    /// Binds a stage; true when it took the stage after it too (`group by` its aggregates, `pair` a count).
    private func bindStage(_ written: Stage, next: inout Stage?, _ state: inout State) throws(ParleyError) -> (StepPlan, Bool) {
        let stage = try fieldsNamed(in: written)
        if let following = next { next = try fieldsNamed(in: following) }
        let input = state.shape
        let fields = NodeFields(graph: graph, bindings: state.fields)
        let columns = FrameColumns(frame: input.emptyFrame, fields: fields)
        var written = Printer.stage(stage)
        var consumed = false
        let operation: StepPlan.Operation
        switch stage {
        case let .select(items):
            var selected: [SelectedColumn] = []
            var types: [String: FieldType] = [:]
            for item in items {
                let name: String
                if let field = item.field {
                    _ = try column(field, in: columns)
                    name = item.alias?.text ?? field.text
                    types[name] = state.type(of: field.text)
                } else {
                    // Computed: typed, then compiled over no rows for its fields and functions.
                    try arithmeticTyping(state).check(number: item.expression)
                    _ = try ExpressionCompiler(columns: columns, resolver: resolver).compile(item.expression, strict: true)
                    name = item.alias?.text ?? Printer.expression(item.expression)
                    types[name] = .number
                }
                selected.append(SelectedColumn(expression: item.expression, name: name))
            }
            state.needFields(items.flatMap(\.expression.fieldNames))
            state.shape = .table(selected.map(\.name))
            state.columnTypes = types
            operation = .select(selected)
        case let .sort(keys):
            for key in keys { _ = try column(key.field, in: columns) }
            state.needFields(keys.map(\.field.text))
            operation = .sort(keys)
        case let .limit(.number(count)):
            operation = .limit(count)
        case let .limit(.parameter(name)):
            let text = try resolver.text(name)
            guard let count = Int(text), count >= 0 else {
                throw ParleyError(EvalProblem.notARowCount(parameter: name.text, value: text), at: resolver.span(name.range),
                                  hint: "set it to a count, as in `-p \(name.text)=10`")
            }
            operation = .limit(count)
        case let .aggregate(aggregates):
            operation = .group(try bindGroup([], aggregates, columns: columns, &state))
        case let .group(keys):
            var aggregates: [Aggregate] = []
            if case let .aggregate(list)? = next {
                aggregates = list
                consumed = true
                written += " | " + Printer.stage(.aggregate(list))
            }
            operation = .group(try bindGroup(keys, aggregates, columns: columns, &state))
        case let .distinct(names):
            if names.isEmpty {
                if case let .rows(kind) = input {
                    let shown = Schema.defaultColumns(of: kind, membersQuery: state.fields.memberDepth != nil)
                    state.needFields(shown)
                    state.shape = .table(shown)
                }
                operation = .distinctRows
            } else {
                for name in names { _ = try column(name, in: columns) }
                state.needFields(names.map(\.text))
                state.shape = .table(names.map(\.text))
                operation = .distinct(names)
            }
        case let .filter(expr):
            operation = .filter(.where(try bindWhere(expr, &state)))
        case let .pair(other, keys):
            let otherPlan = try Binder(graph: graph, resolver: resolver).bind(other, printed: false)
            let otherColumns = FrameColumns(frame: otherPlan.output.emptyFrame,
                                            fields: NodeFields(graph: graph, bindings: otherPlan.finalBindings))
            for key in keys {
                _ = try column(key, in: columns)
                _ = try column(key, in: otherColumns)
            }
            state.needFields(keys.map(\.text) + ["name"])
            // The other side reads its own columns, and its keys.
            if let needed = otherPlan.incidentColumns { state.need(needed) } else { state.needAll() }
            if otherPlan.output == .rows(.incidents) {
                for key in keys { if let spec = Schema.field(.incidents, key.text) { state.need(spec.storage) } }
            }
            let coded = isCodedPair(input, state.fields, otherPlan, keys)
            var then: PairConsumer?
            if coded, let following = next {
                switch following {
                case let .aggregate(list) where list.allSatisfy({ $0.function == .count && $0.field == nil }):
                    then = .count(list)
                case let .distinct(names) where !names.isEmpty && names.allSatisfy({ name in keys.contains { $0.text == name.text } }):
                    then = .distinctKeys(names.map(\.text))
                default:
                    break
                }
            }
            switch then {
            case let .count(list)?:
                state.shape = .table(list.map(\.columnName))
                written += " | " + Printer.stage(next!)
                consumed = true
            case let .distinctKeys(names)?:
                state.shape = .table(names)
                written += " | " + Printer.stage(next!)
                consumed = true
            case nil:
                break
            }
            // The fields the stages after it read: the left row's by their names, the other's as `other_NAME`.
            var leftFields: [String] = []
            var rightFields: [String] = []
            if then == nil {
                let fixed = Set(keys.map(\.text) + ["name", "other"])
                for name in state.later.flatMap(\.fieldNames) where !fixed.contains(name) {
                    if input.has(name), !leftFields.contains(name) {
                        leftFields.append(name)
                    } else if name.hasPrefix("other_"), otherPlan.output.has(String(name.dropFirst(6))),
                              !rightFields.contains(String(name.dropFirst(6))) {
                        rightFields.append(String(name.dropFirst(6)))
                    }
                }
                state.needFields(leftFields)
                if otherPlan.output == .rows(.incidents) {
                    for field in rightFields { if let spec = Schema.field(.incidents, field) { state.need(spec.storage) } }
                }
                state.shape = .table(keys.map(\.text) + ["name", "other"] + leftFields + rightFields.map { "other_" + $0 })
            }
            operation = .pair(PairPlan(other: otherPlan, keys: keys, coded: coded, then: then,
                                       leftFields: leftFields, rightFields: rightFields))
        }
        return (StepPlan(operation: operation, fields: state.fields, input: input, source: .text(written)), consumed)
    }

    /// The stage with each `$parameter` in a field's place read as the field it names (`select $f`
    /// with `-p f=deaths` selects `deaths`), located where the parameter was written.
    private func fieldsNamed(in stage: Stage) throws(ParleyError) -> Stage {
        func field(_ name: Name) throws(ParleyError) -> Name {
            name.isParameter ? Name(try resolver.text(name), range: name.range) : name
        }
        switch stage {
        case let .select(items):
            var named: [SelectItem] = []
            for item in items {
                var copy = item
                if let name = item.field { copy.expression = .field(try field(name)) }
                named.append(copy)
            }
            return .select(named)
        case let .sort(keys):
            var named: [SortKey] = []
            for key in keys {
                var copy = key
                copy.field = try field(key.field)
                named.append(copy)
            }
            return .sort(named)
        case let .aggregate(list):
            var named: [Aggregate] = []
            for aggregate in list {
                var copy = aggregate
                copy.field = try aggregate.field.map { name throws(ParleyError) in try field(name) }
                named.append(copy)
            }
            return .aggregate(named)
        case let .group(keys):
            var named: [GroupKey] = []
            for key in keys {
                var copy = key
                copy.field = try field(key.field)
                named.append(copy)
            }
            return .group(named)
        case let .distinct(keys):
            var named: [Name] = []
            for key in keys { named.append(try field(key)) }
            return .distinct(named)
        case let .pair(query, keys):
            var named: [Name] = []
            for key in keys { named.append(try field(key)) }
            return .pair(query, on: named)
        case .limit, .filter:
            return stage
        }
    }

    private func bindGroup(_ groupKeys: [GroupKey], _ aggregates: [Aggregate], columns: FrameColumns, _ state: inout State) throws(ParleyError) -> GroupPlan {
        let keys = groupKeys.map(\.field)
        for key in keys { _ = try column(key, in: columns) }
        let filled = try filledBucket(groupKeys, in: state.shape)
        for aggregate in aggregates { if let field = aggregate.field { _ = try column(field, in: columns) } }
        state.needFields(keys.map(\.text) + aggregates.compactMap { $0.field?.text })
        let all = aggregates.isEmpty ? [Aggregate(function: .count, field: nil, alias: nil, range: 0..<0)] : aggregates
        var coded = false
        if case let .rows(kind) = state.shape, keys.count <= 2 {
            let involved = state.fields.involvedParties != nil
            coded = keys.allSatisfy { NodeFields.codedForm(kind, $0.text, involved: involved) != nil }
                && all.allSatisfy { aggregate in
                    aggregate.field.map { NodeFields.codedForm(kind, $0.text, involved: involved) == .counts } ?? true
                }
        }
        var types: [String: FieldType] = [:]
        for key in keys { types[key.text] = state.type(of: key.text) }
        for aggregate in all {
            switch aggregate.function {
            case .count, .unknown: types[aggregate.columnName] = .count
            case .avg: types[aggregate.columnName] = .number
            case .sum, .min, .max: types[aggregate.columnName] = aggregate.field.flatMap { state.type(of: $0.text) }
            }
        }
        state.shape = .table(keys.map(\.text) + all.map(\.columnName))
        state.columnTypes = types
        return GroupPlan(keys: keys, aggregates: all, coded: coded, filled: filled)
    }

    /// The key written `filled`, which must be a time bucket: a kind's `day`, `week`, `month` or `year`,
    /// or a table's column of that name (whose values the run checks are such buckets).
    private func filledBucket(_ keys: [GroupKey], in shape: Shape) throws(ParleyError) -> FilledBucket? {
        var found: FilledBucket?
        for (slot, key) in keys.enumerated() {
            guard let written = key.filled else { continue }
            let name = key.field.text
            let buckets: [String: CalendarDate.Precision] = ["day": .day, "week": .week, "month": .month, "year": .year]
            let isDate = shape.kind.map { Schema.field($0, name)?.type == .date } ?? true
            guard let precision = buckets[name], isDate else {
                throw ParleyError(EvalProblem.notATimeBucket(name), at: resolver.span(key.field.range),
                                  hint: "`filled` goes after day, week, month or year: `group by \(name), month filled`")
            }
            if found != nil {
                throw ParleyError(EvalProblem.filledTwice, at: resolver.span(written),
                                  hint: "fill one time bucket; each group of the other keys is filled")
            }
            found = FilledBucket(slot: slot, field: key.field, precision: precision)
        }
        return found
    }

    private func isCodedPair(_ left: Shape, _ leftFields: FieldBindings, _ other: Plan, _ keys: [Name]) -> Bool {
        guard case let .rows(leftKind) = left, case let .rows(rightKind) = other.output, !keys.isEmpty, keys.count <= 2 else { return false }
        return keys.allSatisfy { key in
            NodeFields.codedForm(leftKind, key.text, involved: leftFields.involvedParties != nil) != nil
                && NodeFields.codedForm(rightKind, key.text, involved: other.finalBindings.involvedParties != nil) != nil
        }
    }

    func column(_ name: Name, in columns: FrameColumns) throws(ParleyError) -> (Int) -> Value {
        try columns.reader(name, resolver: resolver)
    }
}

extension Plan {
    /// The field bindings in force after the last step.
    var finalBindings: FieldBindings {
        steps.last?.fields ?? {
            if case let .members(_, _, depth) = head { return FieldBindings(memberDepth: depth) }
            return FieldBindings()
        }()
    }
}

extension Shape {
    /// Whether rows of this shape have a field or column of that name.
    func has(_ name: String) -> Bool {
        switch self {
        case let .rows(kind): Schema.field(kind, name) != nil
        case let .table(columns): columns.contains(name)
        }
    }

    /// A frame of this shape with no rows: compiling against it checks names without reading any.
    var emptyFrame: Frame {
        switch self {
        case let .rows(kind): .nodes(kind, [])
        case let .table(columns): .table(columns: columns, rows: [])
        }
    }
}

extension Stage {
    /// Every name the stage reads as a field (or would, where a field has that name).
    var fieldNames: [String] {
        switch self {
        case let .select(items): items.flatMap { $0.expression.fieldNames }
        case let .sort(keys): keys.map(\.field.text)
        case .limit: []
        case let .aggregate(list): list.compactMap { $0.field?.text }
        case let .group(keys): keys.map(\.field.text)
        case let .distinct(names): names.map(\.text)
        case let .filter(expr): expr.fieldNames
        case let .pair(_, keys): keys.map(\.text)
        }
    }
}

extension Expr {
    /// Every bare word the expression reads as a field (or would, where a field has that name).
    var fieldNames: [String] {
        var names: [String] = []
        collectFieldNames(into: &names)
        return names
    }

    /// Appends the expression's field names: one array for the whole tree, however long an `in (…)` list.
    private func collectFieldNames(into names: inout [String]) {
        switch self {
        case let .field(name): names.append(name.text)
        case .string, .number, .date, .unknown, .parameter: break
        case let .not(inner), let .isUnknown(inner, _), let .negate(inner): inner.collectFieldNames(into: &names)
        case let .and(a, b), let .or(a, b), let .compare(a, _, b), let .contains(a, b), let .arithmetic(a, _, b):
            a.collectFieldNames(into: &names)
            b.collectFieldNames(into: &names)
        case let .oneOf(inner, list):
            inner.collectFieldNames(into: &names)
            for option in list { option.collectFieldNames(into: &names) }
        case let .call(_, arguments):
            for argument in arguments { argument.collectFieldNames(into: &names) }
        }
    }
}
