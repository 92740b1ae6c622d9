import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// Narrows a frame by one bound filter. The binder has checked that the filter applies to the rows.
    func apply(_ filter: FilterPlan, to frame: Frame, fields: NodeFields, notes: inout [String]) throws(ParleyError) -> Frame {
        switch filter {
        case let .where(plan):
            for miss in plan.nearMisses {
                if let note = ComparisonTyping.note(miss, in: graph), !notes.contains(note) { notes.append(note) }
            }
            if case let .nodes(kind, rows) = frame, !plan.coded.isEmpty {
                return .nodes(kind, try codedWhere(plan, kind: kind, rows: rows, fields: fields))
            }
            // A long `or` chain or list costs that much per row: look at the flag as often.
            return try keep(frame, workPerRow: plan.expr.nodeCount, try positionTest(filter, frame, fields: fields))
        case let .mentioning(needle):
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
            return try keep(frame, try positionTest(filter, frame, fields: fields))
        case .sourceColumns:
            return try keep(frame, try positionTest(filter, frame, fields: fields))
        case let .not(inner, knownOnly, written):
            return try complement(inner, knownOnly: knownOnly, written: written, of: frame, fields: fields, notes: &notes)
        default:
            break
        }
        guard case let .nodes(kind, rows) = frame else { preconditionFailure("the binder sends only where, mentioning and sources to a table") }
        if let kept = try columnFilter(filter, kind: kind, rows: rows) { return .nodes(kind, kept) }
        let test = try rowTest(filter, kind: kind, notes: &notes)
        var kept: [Int32] = []
        kept.reserveCapacity(rows.count)
        for (position, row) in rows.enumerated() {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            if test(row) { kept.append(row) }
        }
        return .nodes(kind, kept)
    }

    /// `not FILTER`: the rows of `frame` the filter does not keep, in their order. For a place or a time
    /// filter only rows whose place or date is known can be said to be outside it: the others are left
    /// out too, and a note counts them.
    private func complement(_ inner: FilterPlan, knownOnly: KnownOnly?, written: Filter, of frame: Frame, fields: NodeFields,
                            notes: inout [String]) throws(ParleyError) -> Frame {
        switch frame {
        case let .nodes(kind, rows):
            guard case let .nodes(_, kept) = try apply(inner, to: frame, fields: fields, notes: &notes) else {
                preconditionFailure("a filter keeps rows of the kind it was given")
            }
            var marks = [Bool](repeating: false, count: Int(rows.max() ?? -1) + 1)
            for row in kept { marks[Int(row)] = true }
            var known: (Int32) -> Bool = { _ in true }
            switch knownOnly {
            case .place?:
                let places = kind == .incidents ? graph.incidents.places : graph.meetings.places
                known = { places[Int($0)] >= 0 }
            case .date?:
                let dates = TimeLinks.dates(graph, kind)
                known = { dates[$0].isKnown }
            case nil:
                break
            }
            var result: [Int32] = []
            var unknown = 0
            for (position, row) in rows.enumerated() where !marks[Int(row)] {
                if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
                if known(row) { result.append(row) } else { unknown += 1 }
            }
            if unknown > 0 {
                let what = knownOnly == .place ? "place" : "date"
                let rowsWord = unknown == 1 ? kind.singular : kind.rawValue
                notes.append("\(Printer.filter(written)): \(unknown.formatted) \(rowsWord) whose \(what) is unknown left out")
            }
            return .nodes(kind, result)
        case .table:
            // A table's filters test positions one by one: keep the positions the test fails.
            let test = try positionTest(inner, frame, fields: fields)
            return try keep(frame) { !test($0) }
        }
    }

    /// The test `where`, `mentioning` or a source filter puts to each position of a frame, on the
    /// general path (rows of a kind take the coded loops first, in `apply`).
    private func positionTest(_ filter: FilterPlan, _ frame: Frame, fields: NodeFields) throws(ParleyError) -> (Int) -> Bool {
        switch filter {
        case let .where(plan):
            return try ExpressionCompiler(columns: FrameColumns(frame: frame, fields: fields), resolver: resolver, lists: plan.lists)
                .compilePredicate(plan.expr)
        case let .mentioning(needle):
            let readers = textReaders(frame, fields: fields)
            return { position in readers.contains { $0(position).containsText(needle) } }
        case let .sourceColumns(names, parties):
            let columns = FrameColumns(frame: frame, fields: fields)
            let readers = names.compactMap { columns.reader($0) }
            return { position in
                readers.contains { reader in
                    switch reader(position) {
                    case let .string(text): parties.contains(text)
                    case let .list(values): values.contains { if case let .string(text) = $0 { parties.contains(text) } else { false } }
                    default: false
                    }
                }
            }
        default:
            preconditionFailure("the binder sends only where, mentioning and sources to a table")
        }
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
    private func textReaders(_ frame: Frame, fields: NodeFields) -> [(Int) -> Value] {
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
        }
        return names.compactMap { columns.reader($0) }
    }

    /// A test on one row id of `kind` for a filter the column loops do not take.
    func rowTest(_ filter: FilterPlan, kind: NodeKind, notes: inout [String]) throws(ParleyError) -> (Int32) -> Bool {
        let graph = self.graph
        switch filter {
        case let .within(_, inside), let .inPlaces(_, inside):
            return { inside[Int($0)] }
        case let .claimsIn(inside):
            // About a place in it, or about a meeting or incident located in it.
            var marks = [Bool](repeating: false, count: graph.claims.count)
            for (claim, node) in graph.liveClaimSubjects {
                let place: Int32 = switch node.kind {
                case .places: node.index
                case .meetings: graph.meetings.places[Int(node.index)]
                case .incidents: graph.incidents.places[Int(node.index)]
                default: -1
                }
                if inside.at(place) { marks[Int(claim)] = true }
            }
            return { marks[Int($0)] }
        case let .about(parties, places, event):
            var marks = [Bool](repeating: false, count: graph.claims.count)
            for (claim, node) in graph.liveClaimSubjects {
                switch node.kind {
                case .parties: if parties?.at(node.index) ?? false { marks[Int(claim)] = true }
                case .places: if places?.at(node.index) ?? false { marks[Int(claim)] = true }
                default: if node == event { marks[Int(claim)] = true }
                }
            }
            return { marks[Int($0)] }
        case let .involving(involvement):
            return involvementTest(kind: kind, involvement)
        case let .with(involvements):
            let tests = involvements.map { involvementTest(kind: kind, $0) }
            return { row in tests.allSatisfy { $0(row) } }
        case let .source(parties, roles):
            let sets = Navigator(graph: graph).sourceColumn(kind)
            return { graph.sourceTable.set(sets[Int($0)], mentionsAnyOf: parties, as: roles) }
        case let .time(plan):
            return try TimeFilter(graph: graph, resolver: resolver).test(plan, kind: kind, notes: &notes)
        case .span:
            preconditionFailure("a span runs as a column loop: the binder allows it only on dated kinds")
        case .where, .mentioning, .sourceColumns, .not:
            preconditionFailure("applied as a whole in apply(_:to:fields:notes:)")
        }
    }

    private func involvementTest(kind: NodeKind, _ involvement: InvolvementPlan) -> (Int32) -> Bool {
        let graph = self.graph
        let inside = involvement.parties
        switch kind {
        case .incidents:
            let wanted = involvement.incidentRoles
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
            let wanted = involvement.meetingRoles
            var marks = [Bool](repeating: false, count: graph.meetings.count)
            for edge in graph.liveParticipations
            where inside.at(graph.participations.parties[edge]) && (wanted.isEmpty || wanted.contains(graph.participations.roles[edge])) {
                marks[Int(graph.participations.meetings[edge])] = true
            }
            return { marks[Int($0)] }
        case .claims:
            // No role written: either side of the claim.
            let roles = involvement.claimRoles
            var marks = [Bool](repeating: false, count: graph.claims.count)
            if roles.isEmpty || roles.contains("speaker") {
                for row in 0..<graph.claims.count where inside.at(graph.claims.speakers[row]) { marks[row] = true }
            }
            if roles.isEmpty || roles.contains("subject") {
                for (claim, node) in graph.liveClaimSubjects where node.kind == .parties && inside.at(node.index) { marks[Int(claim)] = true }
            }
            return { marks[Int($0)] }
        case .relations:
            let table = graph.relations
            return { row in
                let subject = table.subjects[Int(row)]
                let object = table.objects[Int(row)]
                return (subject.kind == .parties && inside.at(subject.index)) || (object.kind == .parties && inside.at(object.index))
            }
        default:
            preconditionFailure("the binder allows involving only where it applies")
        }
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
        case let .not(inner, _): "not " + inner.keyword
        case .about: "about"
        }
    }

    /// The range of the filter's argument, for error carets.
    var range: Range<Int>? {
        switch self {
        case .where: nil
        case let .in(refs): refs[0].path.first!.range.lowerBound..<refs[refs.count - 1].path.last!.range.upperBound
        case let .involving(names, _, _): names[0].range.lowerBound..<names[names.count - 1].range.upperBound
        case let .within(name), let .sameDay(name), let .source(_, name), let .mentioning(name): name.range
        case let .about(node): node.place.map { $0.path.first!.range.lowerBound..<$0.path.last!.range.upperBound } ?? node.name.range
        case let .not(inner, keyword): inner.range.map { keyword.range.lowerBound..<$0.upperBound } ?? keyword.range
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
        case let .arithmetic(a, _, b): 1 + a.nodeCount + b.nodeCount
        case let .negate(inner): 1 + inner.nodeCount
        case let .call(_, arguments): 1 + arguments.reduce(0) { $0 + $1.nodeCount }
        }
    }
}
