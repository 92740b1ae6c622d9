import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// Narrows a frame by one filter. Filters that need a kind's meaning (place, parties, time) work on
    /// rows of a kind; on a computed table only `where` and text filters apply.
    mutating func apply(_ filter: Filter, to frame: Frame, notes: inout [String]) throws(ParleyError) -> Frame {
        let frame = try frame.withoutPairs()
        switch filter {
        case let .where(written):
            var typing = ComparisonTyping(frame: frame, resolver: resolver)
            let expr = try typing.typed(written)
            notes += typing.notes
            if case let .nodes(kind, rows) = frame, let kept = try codedWhere(expr, kind: kind, rows: rows) {
                return .nodes(kind, kept)
            }
            let predicate = try ExpressionCompiler(columns: FrameColumns(frame: frame, fields: fields), resolver: resolver)
                .compilePredicate(expr)
            // A long `or` chain or list costs that much per row: look at the flag as often.
            return try keep(frame, workPerRow: expr.nodeCount) { position in predicate(position) }
        case let .mentioning(name):
            let needle = try resolver.text(name).lowercased()
            if case let .nodes(.incidents, rows) = frame,
               let inNames = try TextSearch.rowsContaining(graph.incidents.names, lowercasedNeedle: needle),
               let inNotes = try TextSearch.rowsContaining(graph.incidents.notes, lowercasedNeedle: needle) {
                // Names and notes are searched a column at a time; `when` is short and rare.
                let when = graph.incidents.when
                let graph = self.graph
                return .nodes(.incidents, rows.filter { row in
                    inNames[Int(row)] || inNotes[Int(row)]
                        || (when[Int(row)] >= 0 && TextSearch.contains(graph.strings[when[Int(row)]], lowercasedNeedle: needle))
                })
            }
            let readers = textReaders(frame)
            return try keep(frame) { position in readers.contains { $0(position).containsText(needle) } }
        case let .source(role, name) where isTable(frame):
            // `facts` carries its sources as columns: the party's name or a member's, as `involving` counts.
            let inside = graph.partiesWithin(try resolver.party(name)).inside
            let names = Set(inside.indices.filter { inside[$0] }.compactMap { graph.partyName(Int32($0)) })
            let columns = FrameColumns(frame: frame, fields: fields)
            let readers = (role == .reported ? ["reported_by"] : role == .said ? ["said_by"] : ["said_by", "reported_by"])
                .compactMap { columns.reader($0) }
            return try keep(frame) { position in
                readers.contains { reader in
                    switch reader(position) {
                    case let .string(text): names.contains(text)
                    case let .list(values): values.contains { if case let .string(text) = $0 { names.contains(text) } else { false } }
                    default: false
                    }
                }
            }
        default:
            break
        }
        guard case let .nodes(kind, rows) = frame else {
            throw ParleyError(EvalProblem.filterNeedsKind(keyword: filter.keyword),
                              at: filter.range.map { resolver.span($0) },
                              hint: "put it before the first `|`")
        }
        if let kept = try columnFilter(filter, kind: kind, rows: rows) { return .nodes(kind, kept) }
        let test = try rowTest(filter, kind: kind)
        var kept: [Int32] = []
        kept.reserveCapacity(rows.count)
        for (position, row) in rows.enumerated() {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            if test(row) { kept.append(row) }
        }
        return .nodes(kind, kept)
    }

    func isTable(_ frame: Frame) -> Bool {
        if case .table = frame { return true }
        return false
    }

    /// Keeps the rows whose position passes `test`.
    /// - Parameter workPerRow: about how many steps `test` takes, so Ctrl-C and the `.timeout` are
    ///   looked at every `Interrupt.checkInterval` steps, not rows.
    func keep(_ frame: Frame, workPerRow: Int = 1, _ test: (Int) -> Bool) throws(ParleyError) -> Frame {
        let interval = max(1, Interrupt.checkInterval / max(1, workPerRow))
        switch frame {
        case let .nodes(kind, rows):
            var kept: [Int32] = []
            for position in rows.indices {
                if position % interval == 0 { try Interrupt.check() }
                if test(position) { kept.append(rows[position]) }
            }
            return .nodes(kind, kept)
        case .pairs:
            return try keep(try frame.withoutPairs(), workPerRow: workPerRow, test)
        case let .table(columns, rows):
            var kept: [[Value]] = []
            for position in rows.indices {
                if position % interval == 0 { try Interrupt.check() }
                if test(position) { kept.append(rows[position]) }
            }
            return .table(columns: columns, rows: kept)
        }
    }

    /// The text columns `mentioning` searches.
    private func textReaders(_ frame: Frame) -> [(Int) -> Value] {
        let columns = FrameColumns(frame: frame, fields: fields)
        let names: [String]
        switch frame {
        case let .nodes(kind, _):
            switch kind {
            case .parties: names = ["name", "aliases"]
            case .places: names = ["name", "aliases"]
            case .meetings: names = ["name", "notes", "when"]
            case .incidents: names = ["name", "notes", "when"]
            case .claims: names = ["name", "text", "when"]
            case .relations: names = ["subject", "relation", "object"]
            case .facts: names = []
            }
        case let .table(all, _):
            names = all
        case let .pairs(pairs):
            names = pairs.columnNames
        }
        return names.compactMap { columns.reader($0) }
    }

    /// A test on one row id of `kind` for a filter other than `where` and `mentioning`.
    mutating func rowTest(_ filter: Filter, kind: NodeKind) throws(ParleyError) -> (Int32) -> Bool {
        let graph = self.graph
        switch filter {
        case let .in(ref):
            let place = try resolver.place(ref)
            let inside = graph.placesWithin(place)
            // Meetings and incidents go through `columnFilter`; what is left here is places.
            guard kind == .places else { throw unsupported(filter, kind, "meetings, incidents and places") }
            return { inside[Int($0)] && $0 != place }
        case let .within(name):
            switch kind {
            case .parties:
                let root = try resolver.party(name)
                let (inside, depth) = graph.partiesWithin(root)
                context.memberDepth = depth
                return { inside[Int($0)] && $0 != root }
            case .places:
                let place = try resolver.place(name)
                let inside = graph.placesWithin(place)
                return { inside[Int($0)] && $0 != place }
            default: throw unsupported(filter, kind, "parties and places")
            }
        case let .involving(name, roles):
            let root = try resolver.party(name)
            let inside = graph.partiesWithin(root).inside
            context.involvedParties = inside
            return try involvementTest(kind: kind, parties: inside, roles: roles, filter: filter)
        case let .with(names):
            var tests: [(Int32) -> Bool] = []
            for name in names {
                let inside = graph.partiesWithin(try resolver.party(name)).inside
                tests.append(try involvementTest(kind: kind, parties: inside, roles: [], filter: filter))
            }
            return { row in tests.allSatisfy { $0(row) } }
        case let .source(role, name):
            // The party or any of its members, as `involving` counts: `said by Kremlin` finds Peskov's words.
            let parties = graph.partiesWithin(try resolver.party(name)).inside
            let sets = Navigator(graph: graph).sourceColumn(kind)
            let roles: Set<SourceTable.Link.Role> = switch role {
            case .said: [.said]
            case .reported: [.reported]
            case .sourced: [.said, .reported]
            }
            return { graph.sourceTable.set(sets[Int($0)], mentionsAnyOf: parties, as: roles) }
        case .during, .between, .before, .after, .sameDay, .last:
            return try TimeFilter(graph: graph, resolver: resolver).test(filter, kind: kind)
        case .where, .mentioning:
            return { _ in true }
        }
    }

    private func involvementTest(kind: NodeKind, parties inside: [Bool], roles: [Name], filter: Filter) throws(ParleyError) -> (Int32) -> Bool {
        let graph = self.graph
        var roleNames: [String] = []
        for role in roles { roleNames.append(try resolver.text(role)) }
        switch kind {
        case .incidents:
            var wanted = Set<IncidentRole>()
            for (index, role) in roleNames.enumerated() {
                if role == "side" {
                    wanted.formUnion([.actor, .target])
                } else if let parsed = IncidentRole(rawValue: role) {
                    wanted.insert(parsed)
                } else {
                    throw ParleyError(EvalProblem.notAnIncidentRole(role), at: resolver.span(roles[index].range),
                                      hint: "roles: actor, target, side (either), associate")
                }
            }
            if wanted.isEmpty { wanted = [.actor, .target, .associate] }
            let table = graph.incidents
            var associated: [Bool]?
            if wanted.contains(.associate) {
                var marks = [Bool](repeating: false, count: table.count)
                for edge in graph.liveAssociations where inside.at(graph.associations.parties[edge]) {
                    marks[Int(graph.associations.incidents[edge])] = true
                }
                associated = marks
            }
            let actor = wanted.contains(.actor)
            let target = wanted.contains(.target)
            return { row in
                (actor && inside.at(table.actors[Int(row)])) || (target && inside.at(table.targets[Int(row)]))
                    || (associated?[Int(row)] ?? false)
            }
        case .meetings:
            var wanted = Set<MeetingRole>()
            for (index, role) in roleNames.enumerated() {
                guard let parsed = MeetingRole(rawValue: role) else {
                    throw ParleyError(EvalProblem.notAMeetingRole(role), at: resolver.span(roles[index].range),
                                      hint: "roles: \(MeetingRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                wanted.insert(parsed)
            }
            var marks = [Bool](repeating: false, count: graph.meetings.count)
            for edge in graph.liveParticipations
            where inside.at(graph.participations.parties[edge]) && (wanted.isEmpty || wanted.contains(graph.participations.roles[edge])) {
                marks[Int(graph.participations.meetings[edge])] = true
            }
            return { marks[Int($0)] }
        case .claims:
            var marks = [Bool](repeating: false, count: graph.claims.count)
            for row in 0..<graph.claims.count where inside.at(graph.claims.speakers[row]) { marks[row] = true }
            for (claim, node) in graph.liveClaimSubjects where node.kind == .parties && inside.at(node.index) { marks[Int(claim)] = true }
            return { marks[Int($0)] }
        case .relations:
            let table = graph.relations
            return { row in
                let subject = table.subjects[Int(row)]
                let object = table.objects[Int(row)]
                return (subject.kind == .parties && inside.at(subject.index)) || (object.kind == .parties && inside.at(object.index))
            }
        default:
            throw unsupported(filter, kind, "meetings, incidents, claims and relations")
        }
    }

    func unsupported(_ filter: Filter, _ kind: NodeKind, _ kinds: String) -> ParleyError {
        ParleyError(EvalProblem.filterDoesNotApply(keyword: filter.keyword, kind: kind, worksOn: kinds),
                    at: filter.range.map { resolver.span($0) })
    }
}

extension Array where Element == Bool {
    /// The mark of an id, false for -1 (absent).
    @inline(__always)
    func at(_ id: Int32) -> Bool { id >= 0 && self[Int(id)] }
}

extension Filter {
    var keyword: String {
        switch self {
        case .where: "where"
        case .in: "in"
        case .within: "within"
        case .involving: "involving"
        case .with: "with"
        case .during: "during"
        case .between: "from … to"
        case .before: "before"
        case .after: "after"
        case .sameDay: "same day as"
        case .last: "last"
        case let .source(role, _): "\(role.rawValue) by"
        case .mentioning: "mentioning"
        }
    }

    /// The range of the filter's argument, for error carets.
    var range: Range<Int>? {
        switch self {
        case .where: nil
        case let .in(ref): ref.path.first!.range.lowerBound..<ref.path.last!.range.upperBound
        case let .within(name), let .involving(name, _), let .sameDay(name), let .source(_, name), let .mentioning(name): name.range
        case let .with(names): names.first?.range
        case let .during(date), let .between(date, _): date.range
        case let .before(ref), let .after(ref):
            switch ref {
            case let .date(date): date.range
            case let .event(name): name.range
            }
        case let .last(_, unit): unit.range
        }
    }
}

extension Expr {
    /// How many nodes and listed values the expression has: the work of testing one row with it.
    var nodeCount: Int {
        switch self {
        case .field, .string, .number, .date, .unknown, .parameter: 1
        case let .not(inner): 1 + inner.nodeCount
        case let .and(a, b), let .or(a, b), let .compare(a, _, b), let .contains(a, b): 1 + a.nodeCount + b.nodeCount
        case let .isUnknown(inner, _): 1 + inner.nodeCount
        case let .oneOf(subject, values): 1 + subject.nodeCount + values.reduce(0) { $0 + $1.nodeCount }
        }
    }
}
