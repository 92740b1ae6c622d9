import Foundation
import Testing
@testable import ParleyGraph
@testable import ParleySession
@testable import ParleySupport
@testable import ParleySyntax

/// Generated graphs — awkward names, repeated place names, dates of every precision, unknown counts,
/// sources in unrelated groups, aliases that are other parties' names, edges added after their node —
/// built through `add` statements, dumped, loaded and dumped again: the same text, the same answers.
@Suite struct DumpPropertyTests {
    @Test(arguments: 0..<24)
    func aGeneratedGraphComesBackAsItWas(seed: UInt64) throws {
        let original = Session(output: StringSink(), errors: StringSink())
        var script = RandomScript(seed: seed)
        let added = script.build(original, statements: 160)
        let graph = original.graph
        #expect(added >= 100, "only \(added) of 160 generated statements ran")
        #expect(graph.parties.count >= 8 && graph.places.count >= 4 && graph.meetings.count >= 2 && graph.incidents.count >= 4 && graph.claims.count >= 2)

        let text = try DumpTests.dump(graph)
        let loaded = DumpTests.load(text)
        #expect(try DumpTests.dump(loaded.graph) == text)
        #expect(DumpTests.answers(loaded, DumpTests.everything) == DumpTests.answers(original, DumpTests.everything))
    }

    /// The same, corrected at random: what a dump writes is the graph as it stands.
    @Test(arguments: 0..<48)
    func aGeneratedGraphCorrectedComesBackAsItStands(seed: UInt64) throws {
        let original = Session(output: StringSink(), errors: StringSink())
        var script = RandomScript(seed: seed)
        _ = script.build(original, statements: 160)
        let corrected = script.correct(original, statements: 60)
        #expect(corrected >= 20, "only \(corrected) of 60 generated corrections ran")
        #expect(!original.graph.retracted.isEmpty)

        let (_, loaded) = try DumpTests.reload(original)
        // A merge can move places inside a place added later: they come back after it, in another order.
        let questions = NodeKind.allCases.map { "\($0.rawValue) | count" } + DumpTests.everything.map {
            $0.hasPrefix("places") ? $0.replacingOccurrences(of: "places |", with: "places | sort by path, level |") : $0
        }
        #expect(DumpTests.answers(loaded, questions) == DumpTests.answers(original, questions))
    }
}

/// Random `add` statements over the graph as it grows; a statement that fails (a name that became
/// ambiguous, a membership that would go round in a circle) adds nothing and is left out.
struct RandomScript {
    var random: SplitMix

    init(seed: UInt64) { random = SplitMix(seed: seed) }

    static let awkward = ["in", "where", "say \"when\"", "back\\slash", "two\nlines", "tab\there", "Київ", "a/b", "unknown",
                          "group", "admin1", "party", "place", "$dollar", "-- dashes", "semi;colon", "peace 🕊", "42", "also",
                          "via", "said", "CR\r\nLF", "", " spaced ", "Zaporizhzhia", "Kyiv", "O'Brien", "members", "incidents"]
    static let placeNames = ["Kyiv", "Pokrovsk", "Central", "in", "a/b", "Київ", "country", "Nova \"Kakhovka\""]
    static let relations = ["controls", "in", "annexed", "same_day_as", "before", "after", "member_of", "proposed_instead_of"]

    /// Runs `count` statements on `session`; returns how many ran.
    mutating func build(_ session: Session, statements count: Int) -> Int {
        var ran = 0
        for index in 0..<count {
            let statement = next(session.graph, index)
            if case .finished = session.run(SourceText(name: "generated", text: statement), reportErrors: false) { ran += 1 }
        }
        return ran
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    private mutating func name(_ index: Int) -> String {
        let base = pick(RandomScript.awkward)
        let name = chance(70) ? "\(base) \(index)" : base
        // An empty name is refused; what stands for it keeps every later pick as it was.
        return name.isEmpty ? "∅" : name
    }

    private func quoted(_ text: String) -> String { Printer.quoted(text) }

    private mutating func next(_ graph: Graph, _ index: Int) -> String {
        // Parties first, so the rest has someone to name.
        if index < 10 || graph.parties.count < 3 { return party(graph, index) }
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<14: return party(graph, index)
        case 14..<28: return place(graph)
        case 28..<40: return meeting(graph, index)
        case 40..<60: return incident(graph, index)
        case 60..<70: return claim(graph, index)
        case 70..<80: return relation(graph)
        case 80..<84: return "add source" + sources(graph, required: true)
        default: return change(graph)
        }
    }

    // MARK: References into the graph as it is

    /// A party by name, seldom one whose name has become ambiguous (then the statement fails).
    private mutating func partyRef(_ graph: Graph) -> String {
        var name = ""
        for _ in 0..<4 {
            name = graph.partyName(Int32.random(in: 0..<Int32(graph.parties.count), using: &random)) ?? ""
            if graph.parties(named: name).count == 1 { break }
        }
        return quoted(name)
    }

    /// A place by level and full path, or by its bare name (which may be ambiguous: then the statement fails).
    private mutating func placeRef(_ graph: Graph) -> String? {
        guard graph.places.count > 0 else { return nil }
        let place = Int32.random(in: 0..<Int32(graph.places.count), using: &random)
        if chance(20) { return quoted(graph.placeName(place) ?? "") }
        let path = graph.path(of: place).map { quoted(graph.placeName($0) ?? "") }.joined(separator: "/")
        return graph.places.levels[Int(place)].rawValue + " " + path
    }

    private mutating func event(_ graph: Graph) -> NodeID? {
        var events: [NodeID] = []
        for kind in [NodeKind.meetings, .incidents, .claims] {
            for row in 0..<graph.count(of: kind) { events.append(NodeID(kind, Int32(row))) }
        }
        return events.isEmpty ? nil : pick(events)
    }

    private mutating func eventRef(_ graph: Graph) -> String? {
        event(graph).map { quoted(graph.name(of: $0)) }
    }

    private mutating func nodeRef(_ graph: Graph) -> String? {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return "party " + partyRef(graph)
        case 1: return placeRef(graph).map { "place " + $0 }
        default:
            return event(graph).map { $0.kind.singular + " " + quoted(graph.name(of: $0)) }
        }
    }

    private mutating func sources(_ graph: Graph, required: Bool = false) -> String {
        var text = ""
        guard graph.parties.count > 0 else { return text }
        let groups = required ? Int.random(in: 1...3, using: &random) : Int.random(in: 0...3, using: &random)
        for group in 0..<groups {
            let said = chance(40)
            let reporters = said ? Int.random(in: 0...2, using: &random) : Int.random(in: 1...3, using: &random)
            if said { text += (group > 0 ? " also" : "") + " said by " + partyRef(graph) }
            if reporters > 0 {
                text += (group > 0 && !said ? " also" : "") + " reported by " + (0..<reporters).map { _ in partyRef(graph) }.joined(separator: ", ")
            }
            if chance(30) { text += " via " + partyRef(graph) }
        }
        return text
    }

    private mutating func date() -> String {
        let year = Int.random(in: 1990...2030, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return " date \(year)-\(two(month))-\(two(Int.random(in: 1...28, using: &random)))"
        case 1: return " date \(year)-W\(two(Int.random(in: 1...52, using: &random)))"
        case 2: return " date \(year)-\(two(month))"
        case 3: return " date \(year)"
        default: return chance(50) ? " date unknown" : ""
        }
    }

    private mutating func count(_ key: String) -> String {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return " \(key) unknown"
        case 1: return " \(key) 0"
        case 2: return " \(key) \(Int.random(in: 1...5000, using: &random))"
        default: return ""
        }
    }

    private mutating func coordinate(_ limit: Double) -> String {
        let value = pick([Double.random(in: -limit...limit, using: &random), 1e-7, -0.0, 0.1 + 0.2, limit, -limit / 3])
        return value.sign == .minus ? "-" + DumpOutput.decimalText(-value) : DumpOutput.decimalText(value)
    }

    // MARK: Statements

    private mutating func party(_ graph: Graph, _ index: Int) -> String {
        var text = "add party " + quoted(name(index)) + " kind " + quoted(pick(PartyKind.allCases).rawValue)
        if chance(40) { text += " aka " + quoted(pick(RandomScript.awkward) + " \(index)a") + (chance(30) ? ", " + quoted(pick(RandomScript.awkward) + " \(index)b") : "") }
        if chance(20) { text += " notes " + quoted(name(index)) }
        if graph.parties.count > 0, chance(40) { text += " member of " + partyRef(graph) + (chance(70) ? " as " + quoted(name(index)) : "") }
        return text + sources(graph)
    }

    private mutating func place(_ graph: Graph) -> String {
        var text = "add place " + quoted(pick(RandomScript.placeNames)) + " level " + pick(PlaceLevel.allCases).rawValue
        if chance(75), let parent = placeRef(graph) { text += " within " + parent }
        if chance(30) { text += " aka " + quoted(pick(RandomScript.placeNames + RandomScript.awkward)) }
        if chance(40) { text += " latitude " + coordinate(90) + " longitude " + coordinate(180) }
        if chance(30) { text += " geo_precision \(Int.random(in: 1...3, using: &random))" }
        return text + sources(graph)
    }

    private mutating func timeLinks(_ graph: Graph) -> String {
        guard chance(40), let event = eventRef(graph) else { return "" }
        return " " + pick(["same day as", "before", "after"]) + " " + event
    }

    private mutating func meeting(_ graph: Graph, _ index: Int) -> String {
        var text = "add meeting " + quoted(name(index)) + " kind " + pick(MeetingKind.allCases).rawValue
            + " status " + pick(MeetingStatus.allCases).rawValue
        if chance(60), let place = placeRef(graph) { text += " place " + place }
        text += date()
        if chance(30) { text += " when " + quoted(name(index)) }
        if chance(30) { text += " notes " + quoted(name(index)) }
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            text += " " + pick(MeetingRole.allCases).rawValue + " " + partyRef(graph) + (chance(30) ? ", " + partyRef(graph) : "")
        }
        return text + timeLinks(graph) + sources(graph)
    }

    private mutating func incident(_ graph: Graph, _ index: Int) -> String {
        var text = "add incident " + quoted(name(index)) + " kind " + pick(IncidentKind.allCases).rawValue
        if chance(70) { text += " actor " + partyRef(graph) }
        if chance(50) { text += " target " + partyRef(graph) }
        if chance(30) { text += " associate " + partyRef(graph) + (chance(50) ? ", " + partyRef(graph) : "") }
        if chance(70), let place = placeRef(graph) { text += " place " + place }
        text += date() + count("deaths") + count("injuries")
        if chance(20) { text += " when " + quoted(name(index)) }
        if chance(60) { text += " notes " + quoted(name(index) + "\n" + name(index + 1)) }
        for key in ["event_type", "sub_event_type", "disorder_type", "source_scale", "civilian_targeting", "tags"] where chance(30) {
            text += " \(key) " + quoted(pick(RandomScript.awkward))
        }
        if chance(40) { text += " time_precision " + pick(["day", "week", "month", "1", "2", "3", "unknown"]) }
        if chance(40) { text += " timestamp " + (chance(80) ? "\(UInt32.random(in: 0...UInt32.max, using: &random))" : "unknown") }
        return text + timeLinks(graph) + sources(graph)
    }

    private mutating func claim(_ graph: Graph, _ index: Int) -> String {
        var text = "add claim " + quoted(name(index)) + " text " + quoted(name(index))
        let subjects = (0..<Int.random(in: 0...3, using: &random)).compactMap { _ in nodeRef(graph) }
        if !subjects.isEmpty { text += " about " + subjects.joined(separator: ", ") }
        text += date()
        if chance(20) { text += " speaker " + (chance(70) ? partyRef(graph) : "unknown") }
        return text + timeLinks(graph) + sources(graph)
    }

    private mutating func relation(_ graph: Graph) -> String {
        let relation = pick(RandomScript.relations)
        if relation == "member_of" {
            return "add relation party " + partyRef(graph) + " member_of party " + partyRef(graph)
                + (chance(50) ? " role " + quoted(pick(RandomScript.awkward)) : "") + sources(graph)
        }
        guard let subject = nodeRef(graph), let object = nodeRef(graph) else { return "add source reported by " + partyRef(graph) }
        return "add relation " + subject + " " + relation + " " + object + sources(graph)
    }

    /// Statements that change what is there: new sources, aliases that are other parties' names,
    /// memberships, roles, associates and subjects given after their node.
    private mutating func change(_ graph: Graph) -> String {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return "add party " + partyRef(graph) + sources(graph, required: true)
        // An alias that is another party's name makes both names ambiguous from then on: rarely.
        case 1: return "add party " + partyRef(graph) + " aka " + (chance(25) ? partyRef(graph) : quoted(pick(RandomScript.awkward) + " \(graph.parties.count)c"))
        case 2: return "add party " + partyRef(graph) + " member of " + partyRef(graph) + sources(graph)
        case 3:
            guard graph.meetings.count > 0 else { return "add party " + partyRef(graph) + " aka " + partyRef(graph) }
            let meeting = quoted(graph.name(of: NodeID(.meetings, Int32.random(in: 0..<Int32(graph.meetings.count), using: &random))))
            return "add meeting " + meeting + " " + pick(MeetingRole.allCases).rawValue + " " + partyRef(graph)
        case 4:
            guard graph.incidents.count > 0 else { return "add party " + partyRef(graph) + sources(graph, required: true) }
            let incident = quoted(graph.name(of: NodeID(.incidents, Int32.random(in: 0..<Int32(graph.incidents.count), using: &random))))
            return "add incident " + incident + " associate " + partyRef(graph) + sources(graph)
        default:
            guard graph.claims.count > 0, let subject = nodeRef(graph) else { return "add party " + partyRef(graph) + sources(graph, required: true) }
            let claim = quoted(graph.name(of: NodeID(.claims, Int32.random(in: 0..<Int32(graph.claims.count), using: &random))))
            return "add claim " + claim + " about " + subject
        }
    }
}

/// Random corrections over the generated graph; one that fails (a party still referred to, a merge that
/// would close a circle, a name only a retracted node had) changes nothing and is left out.
extension RandomScript {
    /// Runs `count` corrections on `session`; returns how many ran.
    mutating func correct(_ session: Session, statements count: Int) -> Int {
        var ran = 0
        for _ in 0..<count {
            let statement = correction(session.graph)
            if case .finished = session.run(SourceText(name: "generated", text: statement), reportErrors: false) { ran += 1 }
        }
        return ran
    }

    private mutating func correction(_ graph: Graph) -> String {
        let party = partyRef(graph)
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<15:
            guard let event = event(graph) else { return "retract party " + party }
            return "retract " + event.kind.singular + " " + quoted(graph.name(of: event))
        case 15..<25:
            guard graph.relations.count > 0 else { return "retract party " + party }
            let edge = Int.random(in: 0..<graph.relations.count, using: &random)
            return "retract relation " + nodeRef(graph.relations.subjects[edge], graph) + " " + graph.strings[graph.relations.relations[edge]]
                + " " + nodeRef(graph.relations.objects[edge], graph)
        case 25..<35:
            guard graph.memberships.count > 0 else { return "retract party " + party }
            let edge = Int.random(in: 0..<graph.memberships.count, using: &random)
            return "retract member " + quoted(graph.partyName(graph.memberships.members[edge]) ?? "") + " of "
                + quoted(graph.partyName(graph.memberships.groups[edge]) ?? "")
        case 35..<42: return "alias party " + party + " as " + quoted(pick(RandomScript.awkward) + " \(graph.parties.count)m")
        case 42..<47:
            guard let place = placeRef(graph) else { return "retract party " + party }
            return "alias place " + place + " as " + quoted(pick(RandomScript.placeNames))
        case 47..<62: return "merge party " + party + " into " + partyRef(graph)
        case 62..<72:
            guard let merged = placeRef(graph), let kept = placeRef(graph) else { return "retract party " + party }
            return "merge place " + merged + " into " + kept
        case 72..<77: return "retract party " + party
        case 77..<80: return placeRef(graph).map { "retract place " + $0 } ?? "retract party " + party
        case 80..<85:
            guard graph.meetings.count > 0 else { return "retract party " + party }
            let meeting = quoted(graph.name(of: NodeID(.meetings, Int32.random(in: 0..<Int32(graph.meetings.count), using: &random))))
            return "change meeting " + meeting + " status " + pick(MeetingStatus.allCases).rawValue + " " + pick(MeetingRole.allCases).rawValue + " " + party
                + sources(graph)
        case 85..<90:
            guard graph.incidents.count > 0 else { return "retract party " + party }
            let incident = quoted(graph.name(of: NodeID(.incidents, Int32.random(in: 0..<Int32(graph.incidents.count), using: &random))))
            return "change incident " + incident + " associate " + party + (chance(50) ? " actor " + partyRef(graph) : "") + timeLinks(graph) + sources(graph)
        case 90..<95: return "change party " + party + " member of " + partyRef(graph) + (chance(50) ? " as " + quoted(pick(RandomScript.awkward)) : "")
        default:
            guard graph.claims.count > 0, let subject = nodeRef(graph) else { return "retract party " + party }
            let claim = quoted(graph.name(of: NodeID(.claims, Int32.random(in: 0..<Int32(graph.claims.count), using: &random))))
            return "change claim " + claim + " about " + subject + sources(graph)
        }
    }

    /// A given node as `retract relation` names it.
    private func nodeRef(_ node: NodeID, _ graph: Graph) -> String {
        switch node.kind {
        case .places:
            let path = graph.path(of: node.index).map { quoted(graph.placeName($0) ?? "") }.joined(separator: "/")
            return "place " + graph.places.levels[Int(node.index)].rawValue + " " + path
        default: return node.kind.singular + " " + quoted(graph.name(of: node))
        }
    }
}
