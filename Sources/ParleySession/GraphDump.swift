import ParleyGraph
import ParleySchema
import ParleySupport
import ParleySyntax

/// `.dump`: the whole graph as Parley statements, as sqlite3's `.dump` writes a database as SQL. Run
/// in an empty graph (`parley --empty -f FILE`), they give back this graph as it stands: every node in
/// its place in its table, every edge, every fact with its sources. What corrections retracted is left
/// out (DumpRows), and so is the history of changes.
///
/// Parties come first, then places (each after the place around it), the countries of populations (places
/// come after parties, so a party's country is given then), meetings, incidents and claims,
/// each with the memberships, roles, associates and subjects it can carry in the table's order; then
/// the edges that must come later, the relations, and last the aliases that are other parties' names.
/// Statements go to the sink a chunk at a time as they are made.
public struct GraphDump {
    private let graph: Graph
    private let rows: DumpRows
    private let names: DumpNames
    private var sources: DumpSources
    private var output: DumpOutput
    /// How far each edge table's rows that stand (`rows`) have been written along with their nodes; the
    /// rest follows in order, later.
    private var membershipsWritten = 0
    private var participationsWritten = 0
    private var associationsWritten = 0
    private var subjectsWritten = 0
    /// Parties whose sources name parties written after them.
    private var partiesWithLateSources: [Int32] = []
    /// ACLED's words and other repeated texts, as written.
    private var writtenTexts: [Int32: [UInt8]] = [:]

    /// Writes `graph` to `sink` as Parley statements. What no statement can rebuild (two events of one
    /// name) is an error before anything is written.
    /// - Complexity: O(rows of every table), written in chunks of about a mebibyte.
    public static func write(_ graph: Graph, to sink: TextSink) throws(ParleyError) {
        var dump = try GraphDump(graph, sink)
        try dump.writeAll()
    }

    private init(_ graph: Graph, _ sink: TextSink) throws(ParleyError) {
        self.graph = graph
        rows = DumpRows(graph)
        names = try DumpNames(graph, rows)
        sources = try DumpSources(graph, partyNames: names.parties, rows: rows)
        output = DumpOutput(sink)
        try GraphDump.checkClaimsAndRelations(graph, rows)
        try GraphDump.checkDatesAndCounts(graph, rows)
    }

    /// `add` reads years 1 to 9999 and counts under a billion: an import can hold more (`24 March 20245`).
    private static func checkDatesAndCounts(_ graph: Graph, _ rows: DumpRows) throws(ParleyError) {
        let first = Int32(CalendarDate.days(year: 1, month: 1, day: 1))
        let last = Int32(CalendarDate.days(year: 9999, month: 12, day: 31))
        for (kind, dates, live) in [(NodeKind.meetings, graph.meetings.dates, rows.meetings), (.incidents, graph.incidents.dates, rows.incidents),
                                    (.claims, graph.claims.dates, rows.claims)] {
            for row in live where dates.precisions[Int(row)] != .unknown {
                let day = dates.firstDays[Int(row)]
                guard day >= first && day <= last else {
                    throw DumpNames.cannotDump("\(kind.singular) `\(graph.name(of: NodeID(kind, row)))` has a date outside the years 1 to 9999")
                }
            }
        }
        for column in [graph.incidents.deaths.values, graph.incidents.injuries.values] {
            if let row = column.indices.first(where: { column[$0] >= 1_000_000_000 && !graph.isRetracted(NodeID(.incidents, Int32($0))) }) {
                throw DumpNames.cannotDump("incident `\(graph.name(of: NodeID(.incidents, Int32(row))))` counts a billion people or more")
            }
        }
    }

    private static func checkClaimsAndRelations(_ graph: Graph, _ rows: DumpRows) throws(ParleyError) {
        for claim in rows.claims where graph.claims.texts[Int(claim)] < 0 {
            throw DumpNames.cannotDump("claim `\(graph.name(of: NodeID(.claims, claim)))` has no text")
        }
        let membership = graph.strings.id(of: "member_of")
        for relation in Set(rows.relations.map { graph.relations.relations[Int($0)] }) {
            let name = graph.strings[relation]
            let bytes = Array(name.utf8)
            let isWord = bytes.first.map { ByteClass.of($0) == .letter } ?? false && bytes.allSatisfy { ByteClass.of($0).continuesIdentifier }
            guard isWord, relation != membership else {
                throw DumpNames.cannotDump("the relation name `\(name)` has no `add relation` form")
            }
        }
    }

    private mutating func writeAll() throws(ParleyError) {
        output.write("-- Parley dump: \(rows.parties.count) parties, \(rows.places.count) places, \(rows.meetings.count) meetings, ")
        output.write("\(rows.incidents.count) incidents, \(rows.claims.count) claims, \(rows.relations.count) relations, ")
        output.write("\(rows.memberships.count) memberships")
        output.endLine()
        output.write("-- Load it into an empty graph: parley --empty -f FILE, or into a new store: parley NEW.parley -f FILE")
        output.endLine()
        // Loaded into a store, the dump is one transaction, not one per statement.
        output.write(".begin")
        output.endLine()
        try writeParties()
        try writePlaces()
        writePartyCountries()
        try writeMeetings()
        try writeIncidents()
        try writeClaims()
        try writeLaterEdges()
        try writeRelations()
        writeLaterAliases()
        output.endLine()
        output.write(".commit")
        output.endLine()
        output.flush()
    }

    private mutating func section(_ title: String, if rows: Int) {
        guard rows > 0 else { return }
        output.endLine()
        output.write("-- " + title)
        output.endLine()
    }

    // MARK: Parties

    private mutating func writeParties() throws(ParleyError) {
        let parties = graph.parties
        section("Parties", if: rows.parties.count)
        for (count, id) in rows.parties.enumerated() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let party = Int(id)
            let set = parties.sources[party]
            let sourcesNow = sources.prepare(set, partiesWritten: party, into: &output)
            if !sourcesNow { partiesWithLateSources.append(id) }
            output.write("add party ")
            output.write(names.parties[party])
            output.write(" kind ")
            output.writeWord(parties.kinds[party].rawValue)
            writeAliases(graph.partyAliases[id] ?? [], prefix: names.partyAliasesInline[party])
            if parties.notes[party] >= 0 {
                output.write(" notes ")
                output.writeQuoted(graph.strings[parties.notes[party]])
            }
            writeMemberships(of: id, sources: sourcesNow ? set : 0)
            if sourcesNow { output.write(sources.clauses(set)) }
            output.endLine()
        }
        for party in partiesWithLateSources {
            let set = parties.sources[Int(party)]
            _ = sources.prepare(set, partiesWritten: parties.count, into: &output)
            output.write("add party ")
            output.write(names.parties[Int(party)])
            output.write(sources.clauses(set))
            output.endLine()
        }
    }

    private mutating func writeAliases(_ aliases: [Int32], prefix count: Int) {
        guard count > 0 else { return }
        output.write(" aka ")
        for (position, alias) in aliases.prefix(count).enumerated() {
            if position > 0 { output.write(", ") }
            output.writeName(graph.strings[alias])
        }
    }

    /// The party's memberships that come next in the table, while each joins a party already written and
    /// has the sources the party's statement gives it.
    private mutating func writeMemberships(of party: Int32, sources set: Int32) {
        let table = graph.memberships
        while membershipsWritten < rows.memberships.count {
            let edge = Int(rows.memberships[membershipsWritten])
            guard table.members[edge] == party, table.groups[edge] < party, table.sources[edge] == set else { return }
            output.write(" member of ")
            output.write(names.parties[Int(table.groups[edge])])
            writeRole(" as ", table.roles[edge])
            membershipsWritten += 1
        }
    }

    private mutating func writeRole(_ key: String, _ role: Int32) {
        guard role >= 0 else { return }
        output.write(key)
        output.writeName(graph.strings[role])
    }

    // MARK: Places

    private mutating func writePlaces() throws(ParleyError) {
        let places = graph.places
        section("Places", if: names.placeOrder.count)
        for (count, id) in names.placeOrder.enumerated() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let place = Int(id)
            _ = sources.prepare(places.sources[place], partiesWritten: graph.parties.count, into: &output)
            output.write("add place ")
            output.write(names.placeNames[place])
            output.write(" level ")
            output.writeWord(places.levels[place].rawValue)
            if places.parents[place] >= 0 {
                output.write(" within ")
                output.write(names.places[Int(places.parents[place])])
            }
            let aliases = graph.placeAliases[id] ?? []
            writeAliases(aliases, prefix: aliases.count)
            if !places.latitudes[place].isNaN {
                output.write(" latitude ")
                output.writeNumber(places.latitudes[place])
            }
            if !places.longitudes[place].isNaN {
                output.write(" longitude ")
                output.writeNumber(places.longitudes[place])
            }
            if places.geoPrecisions[place] >= 0 {
                output.write(" geo_precision ")
                output.writeInteger(Int64(places.geoPrecisions[place]))
            }
            output.write(sources.clauses(places.sources[place]))
            output.endLine()
        }
    }

    // MARK: Meetings and incidents

    private mutating func writeMeetings() throws(ParleyError) {
        let meetings = graph.meetings
        section("Meetings", if: rows.meetings.count)
        for (count, id) in rows.meetings.enumerated() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let meeting = Int(id)
            _ = sources.prepare(meetings.sources[meeting], partiesWritten: graph.parties.count, into: &output)
            output.write("add meeting ")
            output.writeName(graph.strings[meetings.names[meeting]])
            output.write(" kind ")
            output.writeWord(meetings.kinds[meeting].rawValue)
            output.write(" status ")
            output.writeWord(meetings.statuses[meeting].rawValue)
            writePlace(meetings.places[meeting])
            writeTime(meetings.dates[id], meetings.when[meeting])
            writeText(" notes ", meetings.notes[meeting])
            writeParticipations(of: id)
            output.write(sources.clauses(meetings.sources[meeting]))
            output.endLine()
        }
    }

    /// The meeting's roles that come next in the table, one clause per run of one role.
    private mutating func writeParticipations(of meeting: Int32) {
        let table = graph.participations
        var role: MeetingRole?
        while participationsWritten < rows.participations.count {
            let edge = Int(rows.participations[participationsWritten])
            guard table.meetings[edge] == meeting else { return }
            output.write(table.roles[edge] == role ? ", " : " " + table.roles[edge].rawValue + " ")
            output.write(names.parties[Int(table.parties[edge])])
            role = table.roles[edge]
            participationsWritten += 1
        }
    }

    private mutating func writePlace(_ place: Int32) {
        guard place >= 0 else { return }
        output.write(" place ")
        output.write(names.places[Int(place)])
    }

    private mutating func writeTime(_ date: CalendarDate, _ when: Int32) {
        if date.isKnown { output.write(" date " + date.text) }
        writeText(" when ", when)
    }

    /// A clause whose value is prose, always quoted.
    private mutating func writeText(_ key: String, _ text: Int32) {
        guard text >= 0 else { return }
        output.write(key)
        output.writeQuoted(graph.strings[text])
    }

    /// A clause whose value is one of a few words used over and over (ACLED's event types…), as a name.
    private mutating func writeWord(_ key: String, _ text: Int32) {
        guard text >= 0 else { return }
        output.write(key)
        if let written = writtenTexts[text] {
            output.write(written)
        } else {
            let written = DumpNames.written(graph.strings[text])
            writtenTexts[text] = written
            output.write(written)
        }
    }

    /// An incident field the schema says is stored as given, with its clause and its column.
    private enum StoredColumn {
        case word(String, [Int32])
        case choice(String, [UInt8], [String?])
        case integer(String, [Int32])
        case seconds(String, [Int64])
    }

    /// The incidents' fields stored as given, in the schema's order: each is written after the notes.
    private func storedColumns() -> [StoredColumn] {
        Schema.fields(of: .incidents).compactMap { spec in
            guard let clause = spec.clause else { return nil }
            let key = " \(clause) "
            switch spec.access {
            case let .word(column): return .word(key, column.int32s(in: graph))
            case let .choice(column, _):
                return .choice(key, column.uint8s(in: graph), spec.valuesByCode)
            case let .integer(column): return .integer(key, column.int32s(in: graph))
            case let .seconds(column): return .seconds(key, column.int64s(in: graph))
            case .derived: return nil
            }
        }
    }

    private mutating func writeIncidents() throws(ParleyError) {
        let incidents = graph.incidents
        let stored = storedColumns()
        section("Incidents", if: rows.incidents.count)
        for (count, row) in rows.incidents.enumerated() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let incident = Int(row)
            _ = sources.prepare(incidents.sources[incident], partiesWritten: graph.parties.count, into: &output)
            output.write("add incident ")
            incidents.names.bytes.withUnsafeBufferPointer { output.writeName(UnsafeBufferPointer(rebasing: $0[incidents.names.range(row)])) }
            output.write(" kind ")
            output.writeWord(incidents.kinds[incident].rawValue)
            writeParty(" actor ", incidents.actors[incident])
            writeParty(" target ", incidents.targets[incident])
            writeAssociates(of: row)
            writePlace(incidents.places[incident])
            writeTime(incidents.dates[row], -1)
            writeCount(" deaths ", incidents.deaths[row])
            writeCount(" injuries ", incidents.injuries[row])
            writeText(" when ", incidents.when[incident])
            let notes = incidents.notes.range(row)
            if !notes.isEmpty {
                output.write(" notes ")
                incidents.notes.bytes.withUnsafeBufferPointer { output.writeQuoted(UnsafeBufferPointer(rebasing: $0[notes])) }
            }
            for column in stored {
                switch column {
                case let .word(key, values): writeWord(key, values[incident])
                case let .choice(key, codes, values):
                    if let value = values[Int(codes[incident])] { output.write(key + value) }
                case let .integer(key, values):
                    if values[incident] >= 0 {
                        output.write(key)
                        output.writeInteger(Int64(values[incident]))
                    }
                case let .seconds(key, values):
                    if values[incident] >= 0 {
                        output.write(key)
                        output.writeInteger(values[incident])
                    }
                }
            }
            output.write(sources.clauses(incidents.sources[incident]))
            output.endLine()
        }
    }

    private mutating func writeParty(_ key: String, _ party: Int32) {
        guard party >= 0 else { return }
        output.write(key)
        output.write(names.parties[Int(party)])
    }

    private mutating func writeCount(_ key: String, _ count: Int32?) {
        guard let count else { return }
        output.write(key)
        output.writeInteger(Int64(count))
    }

    private mutating func writeAssociates(of incident: Int32) {
        let table = graph.associations
        var side: AssociationTable.Side?
        while associationsWritten < rows.associations.count {
            let edge = Int(rows.associations[associationsWritten])
            guard table.incidents[edge] == incident else { return }
            output.write(table.sides[edge] == side ? ", " : " " + GraphDump.associateKey(table.sides[edge]) + " ")
            output.write(names.parties[Int(table.parties[edge])])
            side = table.sides[edge]
            associationsWritten += 1
        }
    }

    /// The `add incident` clause for an associate of this side.
    private static func associateKey(_ side: AssociationTable.Side) -> String {
        switch side {
        case .unknown: "associate"
        case .actor: "actor_associate"
        case .target: "target_associate"
        }
    }

    /// `add party P country C` for each population with a country.
    private mutating func writePartyCountries() {
        let countries = graph.parties.countries
        let populations = rows.parties.filter { countries[Int($0)] >= 0 && !graph.isRetracted(NodeID(.places, countries[Int($0)])) }
        section("Countries of populations", if: populations.count)
        for party in populations {
            output.write("add party ")
            output.write(names.parties[Int(party)])
            output.write(" country ")
            output.write(names.places[Int(countries[Int(party)])])
            output.endLine()
        }
    }

    // MARK: Claims

    private mutating func writeClaims() throws(ParleyError) {
        let claims = graph.claims
        section("Claims", if: rows.claims.count)
        for (count, id) in rows.claims.enumerated() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let claim = Int(id)
            let set = claims.sources[claim]
            _ = sources.prepare(set, partiesWritten: graph.parties.count, into: &output)
            output.write("add claim ")
            output.writeName(graph.strings[claims.names[claim]])
            writeText(" text ", claims.texts[claim])
            writeSubjects(of: id)
            writeTime(claims.dates[id], claims.when[claim])
            // The first `said by` is the speaker unless the claim says otherwise.
            let speaker = claims.speakers[claim]
            let implied = sources.firstSpeaker(set)
            if speaker >= 0 && speaker != implied {
                output.write(" speaker ")
                output.write(names.parties[Int(speaker)])
            } else if speaker < 0 && implied != nil {
                output.write(" speaker unknown")
            }
            output.write(sources.clauses(set))
            output.endLine()
        }
    }

    /// The claim's subjects that come next in the list, while each is a node already written.
    private mutating func writeSubjects(of claim: Int32) {
        let subjects = graph.claimSubjects
        var first = true
        while subjectsWritten < rows.claimSubjects.count {
            let (subjectClaim, node) = subjects[Int(rows.claimSubjects[subjectsWritten])]
            guard subjectClaim == claim, node.kind != .claims || node.index < claim else { return }
            output.write(first ? " about " : ", ")
            writeSubject(node)
            first = false
            subjectsWritten += 1
        }
    }

    /// An event by its bare name (`about` looks for events first); a party or place with its kind.
    private mutating func writeSubject(_ node: NodeID) {
        switch node.kind {
        case .meetings, .incidents, .claims: output.writeName(graph.name(of: node))
        default: writeNode(node)
        }
    }

    private mutating func writeNode(_ node: NodeID) {
        output.write(node.kind.singular + " ")
        switch node.kind {
        case .parties: output.write(names.parties[Int(node.index)])
        case .places: output.write(names.places[Int(node.index)])
        default: output.writeName(graph.name(of: node))
        }
    }

    // MARK: Edges and relations

    /// Memberships, roles, associates and subjects that could not be given with their node, in order.
    private mutating func writeLaterEdges() throws(ParleyError) {
        let memberships = graph.memberships
        let participations = graph.participations
        let associations = graph.associations
        let subjects = graph.claimSubjects
        let later = rows.memberships.count - membershipsWritten + rows.participations.count - participationsWritten
            + rows.associations.count - associationsWritten + rows.claimSubjects.count - subjectsWritten
        section("Memberships, roles, associates and subjects given after their node", if: later)
        for (count, row) in rows.memberships[membershipsWritten...].enumerated() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let edge = Int(row)
            let (member, group, set) = (memberships.members[edge], memberships.groups[edge], memberships.sources[edge])
            _ = sources.prepare(set, partiesWritten: graph.parties.count, into: &output)
            // With the party's own sources, the membership is said as the sample says it; with others,
            // as a relation, which leaves the party's sources alone.
            if set == graph.parties.sources[Int(member)] {
                output.write("add party ")
                output.write(names.parties[Int(member)])
                output.write(" member of ")
                output.write(names.parties[Int(group)])
                writeRole(" as ", memberships.roles[edge])
            } else {
                output.write("add relation ")
                writeNode(NodeID(.parties, member))
                output.write(" member_of ")
                writeNode(NodeID(.parties, group))
                writeRole(" role ", memberships.roles[edge])
            }
            output.write(sources.clauses(set))
            output.endLine()
        }
        for row in rows.participations[participationsWritten...] {
            let edge = Int(row)
            output.write("add meeting ")
            output.writeName(graph.name(of: NodeID(.meetings, participations.meetings[edge])))
            output.write(" " + participations.roles[edge].rawValue + " ")
            output.write(names.parties[Int(participations.parties[edge])])
            output.endLine()
        }
        for (count, row) in rows.associations[associationsWritten...].enumerated() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let edge = Int(row)
            output.write("add incident ")
            output.writeName(graph.name(of: NodeID(.incidents, associations.incidents[edge])))
            output.write(" " + GraphDump.associateKey(associations.sides[edge]) + " ")
            output.write(names.parties[Int(associations.parties[edge])])
            output.endLine()
        }
        for position in rows.claimSubjects[subjectsWritten...] {
            let (claim, node) = subjects[Int(position)]
            output.write("add claim ")
            output.writeName(graph.name(of: NodeID(.claims, claim)))
            output.write(" about ")
            writeSubject(node)
            output.endLine()
        }
    }

    private mutating func writeRelations() throws(ParleyError) {
        let relations = graph.relations
        section("Relations", if: rows.relations.count)
        for (count, row) in rows.relations.enumerated() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let edge = Int(row)
            _ = sources.prepare(relations.sources[edge], partiesWritten: graph.parties.count, into: &output)
            output.write("add relation ")
            writeNode(relations.subjects[edge])
            output.write(" " + graph.strings[relations.relations[edge]] + " ")
            writeNode(relations.objects[edge])
            output.write(sources.clauses(relations.sources[edge]))
            output.endLine()
        }
    }

    /// Aliases that are other parties' names: given last, once no statement needs those names.
    private mutating func writeLaterAliases() {
        var wroteTitle = false
        for id in rows.parties {
            let party = Int(id)
            let aliases = graph.partyAliases[id] ?? []
            let inline = names.partyAliasesInline[party]
            guard inline < aliases.count else { continue }
            if !wroteTitle { section("Aliases that are other parties' names", if: 1) }
            wroteTitle = true
            output.write("add party ")
            output.write(names.parties[party])
            output.write(" aka ")
            for (position, alias) in aliases[inline...].enumerated() {
                if position > 0 { output.write(", ") }
                output.writeName(graph.strings[alias])
            }
            output.endLine()
        }
    }
}
