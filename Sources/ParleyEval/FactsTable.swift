import ParleyGraph
import ParleySchema
import ParleySupport

/// `facts`: every sourced statement in the graph as one table — meetings, incidents, claims, relations and
/// memberships — for questions about sources ("what did Reuters report?", "what rests on one source?").
struct FactsTable {
    let graph: Graph

    static let columns = Schema.fields(of: .facts).map(\.name)

    /// Which facts a query's party, place and time filters keep: the rows of meetings, incidents,
    /// claims and relations they keep, and the memberships whose member or group is in each party set
    /// (none when a place or time filter applies, as to relations: they have neither).
    struct Selection {
        var rows: [NodeKind: [Int32]]
        var membershipParties: [[Bool]]?
    }

    func frame(_ selection: Selection? = nil) throws(ParleyError) -> Frame {
        var rows: [[Value]] = []
        let fields = NodeFields(graph: graph)
        for kind in [NodeKind.meetings, .incidents, .claims] {
            let describe = describer(kind, fields)
            let date = fields.reader(kind, "date")!
            let sets = Navigator(graph: graph).sourceColumn(kind)
            let ids = selection.map { $0.rows[kind] ?? [] } ?? graph.liveRows(of: kind)
            for (position, id) in ids.enumerated() {
                if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
                rows.append(record(kind.singular, .string(graph.name(of: NodeID(kind, id))), describe(id), date(id), sets[Int(id)]))
            }
        }
        let relations = selection.map { $0.rows[.relations].map { $0.map(Int.init) } ?? [] }
            ?? (0..<graph.relations.count).filter { graph.isLive(relation: $0) }
        for edge in relations {
            let subject = graph.name(of: graph.relations.subjects[edge])
            let object = graph.name(of: graph.relations.objects[edge])
            let relation = graph.strings[graph.relations.relations[edge]].replacingUnderscores()
            rows.append(record("relation", .unknown, "\(subject) \(relation) \(object)", .unknown, graph.relations.sources[edge]))
        }
        let kept: (Int32, Int32) -> Bool = { member, group in
            guard let selection else { return true }
            guard let sets = selection.membershipParties else { return false }
            return sets.allSatisfy { $0.at(member) || $0.at(group) }
        }
        for edge in graph.liveMemberships where kept(graph.memberships.members[edge], graph.memberships.groups[edge]) {
            let member = graph.partyName(graph.memberships.members[edge]) ?? ""
            let group = graph.partyName(graph.memberships.groups[edge]) ?? ""
            let role = graph.memberships.roles[edge]
            let text = "\(member) member of \(group)" + (role >= 0 ? " as \(graph.strings[role])" : "")
            rows.append(record("membership", .string(member), text, .unknown, graph.memberships.sources[edge]))
        }
        return .table(columns: FactsTable.columns, rows: rows)
    }

    private func record(_ kind: String, _ name: Value, _ fact: String, _ date: Value, _ set: Int32) -> [Value] {
        var said: [Value] = []
        var reported: [Value] = []
        for chain in graph.sourceTable.sets[Int(set)] {
            for link in graph.sourceTable.chains[Int(chain)] {
                let party = Value.string(graph.partyName(link.party) ?? "")
                if link.role == .said { said.append(party) } else { reported.append(party) }
            }
        }
        let source = graph.sourceText(set)
        return [.string(kind), name, .string(fact), date, source.isEmpty ? .unknown : .string(source),
                .integer(Int64(graph.sourceCount(set))), listValue(said), listValue(reported)]
    }

    private func listValue(_ values: [Value]) -> Value {
        values.isEmpty ? .unknown : values.count == 1 ? values[0] : .list(values)
    }

    /// A one-line description of a row of an event kind.
    private func describer(_ kind: NodeKind, _ fields: NodeFields) -> (Int32) -> String {
        let parts: [String] = switch kind {
        case .meetings: ["kind", "status"] + MeetingRole.allCases.map(\.rawValue) + ["place"]
        case .incidents: ["kind", "actor", "target", "place", "deaths", "injuries"]
        default: ["text"]
        }
        let readers = parts.map { ($0, fields.reader(kind, $0)!) }
        return { row in
            readers.compactMap { name, read in
                guard let text = read(row).text else { return nil }
                return name == "kind" || name == "text" ? text : "\(name) \(text)"
            }.joined(separator: kind == .claims ? "" : ", ")
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
