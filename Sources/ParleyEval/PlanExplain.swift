import ParleyGraph
import ParleySchema
import ParleySyntax

extension Plan {
    /// The plan as an indented tree for `.explain`: where the rows come from, each step as written with
    /// what it was bound to (the names resolved, a coded loop or the general path) and the columns it
    /// leaves, then the incident columns a run reads.
    public func explained(in graph: Graph) -> String {
        var lines: [String] = []
        describe(into: &lines, indent: "", graph: graph)
        let columns = incidentColumns.map { $0.isEmpty ? "none" : $0.map(\.rawValue).sorted().joined(separator: ", ") } ?? "all"
        lines.append("incident columns read: \(columns)")
        lines += notes.map { "note: " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    fileprivate func describe(into lines: inout [String], indent: String, graph: Graph, printed: Bool = true) {
        lines.append(indent + Printer.head(query.head) + ": " + describeHead(graph))
        if case let .events(parts) = head {
            for part in parts {
                var inner: [String] = []
                part.describe(into: &inner, indent: indent + "  ", graph: graph, printed: false)
                lines.append(indent + "  " + part.output.kind!.rawValue + ":")
                lines += inner.dropFirst().dropLast()
            }
        }
        for step in steps {
            step.describe(into: &lines, indent: indent + "  ", graph: graph)
        }
        if printed || output.kind == nil {
            lines.append(indent + "→ " + output.described(showsDepth: showsDepth))
        } else {
            lines.append(indent + "→ rows of \(output.kind!.rawValue), read for their keys and names")
        }
    }

    private func describeHead(_ graph: Graph) -> String {
        switch head {
        case let .rows(kind): "every \(kind.singular)"
        case .facts: "every sourced statement, as a table"
        case let .members(root, inside, _):
            "the \(count(inside) - 1) parties within \(graph.partyName(root) ?? "?"), by depth"
        case let .navigate(reached): "\(reached.count) node\(reached.count == 1 ? "" : "s") reached"
        case let .history(node): node.map { "the changes to \(graph.name(of: $0))" } ?? "every change, oldest first"
        case let .events(parts): "the " + parts.map { $0.output.kind!.rawValue }.joined(separator: ", ") + " each filter keeps, as one table"
        }
    }
}

extension StepPlan {
    fileprivate func describe(into lines: inout [String], indent: String, graph: Graph) {
        switch operation {
        case let .filter(filter):
            lines.append(indent + written + ": " + filter.described(graph))
            if case let .where(plan) = filter, !plan.coded.isEmpty {
                for comparison in plan.coded { lines.append(indent + "  " + comparison.described + ": coded loop over its column") }
                if let rest = plan.rest { lines.append(indent + "  " + Printer.expression(rest) + ": general") }
            }
        case let .select(columns):
            let computed = columns.filter { column in
                if case .field = column.expression { return false }
                return true
            }
            guard !computed.isEmpty else {
                lines.append(indent + written)
                return
            }
            let shares = computed.contains { $0.expression.readsAllRows } ? ", each share over the sum of all rows, taken first" : ""
            lines.append(indent + written + ": computes " + computed.map(\.name).joined(separator: ", ") + " per row" + shares)
        case .sort, .limit, .distinct, .distinctRows:
            lines.append(indent + written)
        case let .group(plan):
            let filled = plan.filled.map { "; every \($0.precision.name) from the first to the last, empty ones filled" } ?? ""
            lines.append(indent + written + ": " + (plan.coded ? "coded (keys and values as integer codes)" : "general") + filled)
        case let .pair(plan):
            let how = plan.coded ? "coded join on the keys' codes" : "general join"
            let then: String = switch plan.then {
            case .count?: ", counted without spelling the pairs out"
            case .distinctKeys?: ", distinct keys read from the codes"
            case nil: ""
            }
            lines.append(indent + written + ": " + how + then)
            lines.append(indent + "  with:")
            var inner: [String] = []
            plan.other.describe(into: &inner, indent: indent + "    ", graph: graph, printed: false)
            lines += inner
        }
    }
}

extension FilterPlan {
    fileprivate func described(_ graph: Graph) -> String {
        switch self {
        case let .where(plan):
            plan.coded.isEmpty ? "general" : plan.rest == nil ? "coded" : "\(plan.coded.count) of \(plan.coded.count + 1) parts coded"
        case let .mentioning(needle): "case-insensitive search for \"\(needle)\""
        case let .sourceColumns(columns, names): "\(columns.joined(separator: " or ")) among \(names.count) name\(names.count == 1 ? "" : "s")"
        case let .inPlaces(places, inside):
            "\(places.map { placeText($0, graph) }.joined(separator: ", "))" + (count(inside) > places.count ? " and \(count(inside) - places.count) place\(count(inside) - places.count == 1 ? "" : "s") in \(places.count == 1 ? "it" : "them")" : "") + ": coded loop over the place column"
        case let .within(roots, inside):
            "the \(count(inside)) \(roots[0].kind.rawValue) within \(roots.map { graph.name(of: $0) }.joined(separator: ", "))"
        case .claimsIn: "about a place in it, or about a meeting or incident there"
        case let .about(parties, places, event):
            parties.map { "about \(count($0)) part\(count($0) == 1 ? "y" : "ies")" } ?? places.map { "about \(count($0)) place\(count($0) == 1 ? "" : "s")" }
                ?? "about \(event.map { graph.name(of: $0) } ?? "?")"
        case let .not(inner, knownOnly, _):
            "all but what this keeps: " + inner.described(graph) + (knownOnly.map { "; rows whose \($0 == .place ? "place" : "date") is unknown left out" } ?? "")
        case let .involving(involvement):
            involvement.described(graph) + (involvement.sidesOnly ? ": coded loop over the actor and target columns" : "")
        case let .with(involvements):
            involvements.map { $0.described(graph) }.joined(separator: "; ")
        case let .source(parties, roles):
            "\(count(parties)) part\(count(parties) == 1 ? "y" : "ies") as \(roles.map { "\($0)" }.sorted().joined(separator: " or "))"
        case let .span(start, end):
            "\(CalendarDate(firstDay: start, precision: .day).text) to \(CalendarDate(firstDay: end, precision: .day).text): coded loop over the date columns"
        case let .time(plan):
            switch plan {
            case let .before(date): "ending before \(date.text)"
            case let .after(date): "starting after \(date.text)"
            case let .beforeEvent(event): "before \(graph.name(of: event)) (\(event.kind.singular))"
            case let .afterEvent(event): "after \(graph.name(of: event)) (\(event.kind.singular))"
            case let .sameDay(event): "the day of \(graph.name(of: event)) (\(event.kind.singular))"
            case let .last(count, unit, _): "the \(count) \(unit)\(count == 1 ? "" : "s") ending at the latest dated one, found when it runs"
            }
        }
    }

    private func placeText(_ place: Int32, _ graph: Graph) -> String {
        "\(graph.places.levels[Int(place)].rawValue) " + graph.path(of: place).map { graph.placeName($0) ?? "" }.joined(separator: "/")
    }
}

extension InvolvementPlan {
    fileprivate func described(_ graph: Graph) -> String {
        let names = parties.indices.filter { parties[$0] }.compactMap { graph.partyName(Int32($0)) }
        let who = names.count <= 3 ? names.joined(separator: ", ") : "\(names.count) parties (\(names.prefix(2).joined(separator: ", ")), …)"
        let roles = incidentRoles.map(\.rawValue) + meetingRoles.map(\.rawValue)
        // Every incident role is what no role written means.
        guard !roles.isEmpty, incidentRoles != [.actor, .target, .associate] else { return who + " in any role" }
        return who + " as " + roles.sorted().joined(separator: " or ")
    }
}

extension CodedComparison {
    var described: String {
        switch self {
        case let .isUnknown(field, negated): "\(field) is \(negated ? "not " : "")unknown"
        case let .compare(field, op, value): "\(field) \(op.rawValue) \(value.explained)"
        }
    }
}

extension Value {
    fileprivate var explained: String {
        switch self {
        case let .string(text): "\"" + text.replacingQuotes() + "\""
        default: text ?? "unknown"
        }
    }
}

extension Shape {
    fileprivate func described(showsDepth: Bool) -> String {
        switch self {
        case let .rows(kind): "rows of \(kind.rawValue) (\(Schema.defaultColumns(of: kind, membersQuery: showsDepth).joined(separator: ", ")))"
        case let .table(columns): "table (\(columns.joined(separator: ", ")))"
        }
    }
}

private func count(_ marks: [Bool]) -> Int { marks.reduce(0) { $0 + ($1 ? 1 : 0) } }
