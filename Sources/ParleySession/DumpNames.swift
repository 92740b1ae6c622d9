import ParleyGraph
import ParleySupport
import ParleySyntax

/// How a dump names each node so that, read back one statement at a time, every name finds the node
/// it meant: a party by its name, a place by a name no other place has or else by its path from the
/// outermost place (`/Europe/Ukraine/Kyiv`, with its level when a sibling shares the name), an event
/// by its name.
///
/// It also refuses, before anything is written, the few graphs no statements can rebuild: two parties
/// or two events of one name, two places of one path and level. Only what stands counts (DumpRows): a
/// retracted party's name is free, and after a merge it is the survivor's alias.
struct DumpNames {
    /// Each party's name as written (a retracted party's too: an id is a row of the whole table).
    let parties: [[UInt8]]
    /// Each place's own name as written (`add place NAME`).
    let placeNames: [[UInt8]]
    /// How other statements refer to each place: `Zaporizhzhia`, `/Europe/Ukraine/Kyiv`, `location /Europe/Ukraine/Kyiv/Kyiv`.
    let places: [[UInt8]]
    /// The places that stand, each before the places inside it; otherwise in the graph's order.
    let placeOrder: [Int32]
    /// How many of each party's aliases its own statement can give; the rest are other parties' names
    /// and wait until nothing needs those names any more.
    let partyAliasesInline: [Int]

    init(_ graph: Graph, _ rows: DumpRows) throws(ParleyError) {
        parties = (0..<graph.parties.count).map { DumpNames.written(graph.strings[graph.parties.names[$0]]) }
        placeNames = (0..<graph.places.count).map { DumpNames.written(graph.strings[graph.places.names[$0]]) }
        partyAliasesInline = try DumpNames.partyAliases(graph, rows.parties)
        placeOrder = DumpNames.outermostFirst(graph, rows.places)
        try DumpNames.checkPlacesAreNew(graph, placeOrder)
        places = try DumpNames.placeReferences(graph, placeNames, rows.places)
        try DumpNames.checkEventNames(graph, rows)
    }

    static func written(_ name: String) -> [UInt8] {
        var name = name
        var out: [UInt8] = []
        name.withUTF8 { Printer.appendName($0, to: &out) }
        return out
    }

    /// Checks that the names of the parties that stand differ (as `add` keeps them) and finds, per party,
    /// the first alias that is another such party's name: from there on its aliases must wait, or that
    /// party would not be found by name.
    private static func partyAliases(_ graph: Graph, _ live: [Int32]) throws(ParleyError) -> [Int] {
        var byName: [String: Int32] = [:]
        for party in live {
            let name = graph.strings[graph.parties.names[Int(party)]]
            if let other = byName.updateValue(party, forKey: NameIndex.fold(name)) {
                throw cannotDump("two parties are named `\(graph.partyName(other) ?? "")` and `\(name)`; a party is found by its name")
            }
        }
        return (0..<graph.parties.count).map { party in
            let aliases = graph.partyAliases[Int32(party)] ?? []
            return aliases.firstIndex { alias in
                byName[NameIndex.fold(graph.strings[alias])].map { $0 != Int32(party) } ?? false
            } ?? aliases.count
        }
    }

    /// The places that stand in the graph's order, except that a place comes after the place around it
    /// (an import, or a merge, can put a place inside one added later), and a place inside another comes
    /// after a place at the top with its name and level (`add place NAME level L` without `within` would
    /// find it instead). A place that stands is within one that stands.
    private static func outermostFirst(_ graph: Graph, _ live: [Int32]) -> [Int32] {
        let places = graph.places
        func key(_ place: Int32) -> String { places.levels[Int(place)].rawValue + "\u{1F}" + NameIndex.fold(graph.placeName(place) ?? "") }
        var tops: [String: Int32] = [:]
        for place in live where places.parents[Int(place)] < 0 { tops[key(place)] = place }
        var order: [Int32] = []
        order.reserveCapacity(live.count)
        var written = [Bool](repeating: false, count: places.count)
        for place in live where !written[Int(place)] {
            var chain: [Int32] = []
            var current = place
            while current >= 0 && !written[Int(current)] {
                written[Int(current)] = true
                chain.append(current)
                current = places.parents[Int(current)]
            }
            for inner in chain where places.parents[Int(inner)] >= 0 {
                if let top = tops[key(inner)], !written[Int(top)] {
                    written[Int(top)] = true
                    order.append(top)
                }
            }
            order += chain.reversed()
        }
        return order
    }

    /// `add place NAME level L within P` extends the place of that name, level and parent if there is
    /// one, and without `within` any place of that name and level: each place must be new in its turn.
    private static func checkPlacesAreNew(_ graph: Graph, _ order: [Int32]) throws(ParleyError) {
        var nameAndLevel = Set<String>()
        var nameLevelAndParent = Set<String>()
        for place in order {
            let parent = graph.places.parents[Int(place)]
            let key = graph.places.levels[Int(place)].rawValue + "\u{1F}" + NameIndex.fold(graph.placeName(place) ?? "")
            let isNew = nameLevelAndParent.insert("\(parent)\u{1F}" + key).inserted
            if !isNew || (parent < 0 && nameAndLevel.contains(key)) {
                let shown = graph.path(of: place).map { graph.placeName($0) ?? "" }.joined(separator: "/")
                throw cannotDump("`add place` would find another \(graph.places.levels[Int(place)].rawValue) named like `\(shown)` instead of adding it")
            }
            nameAndLevel.insert(key)
        }
    }

    /// A place's own name when no other place that stands has it as name or alias; otherwise its path
    /// from the outermost place, which the resolver reads exactly (names, not aliases; each place directly
    /// inside the one before), with the level in front when another place has the same path. A
    /// retracted place has no reference: nothing the dump writes names it.
    private static func placeReferences(_ graph: Graph, _ names: [[UInt8]], _ live: [Int32]) throws(ParleyError) -> [[UInt8]] {
        var paths = [String](repeating: "", count: graph.places.count)
        var placesOnPath: [String: Int] = [:]
        for place in live {
            let path = graph.path(of: place).map { NameIndex.fold(graph.placeName($0) ?? "") }.joined(separator: "\u{1F}")
            paths[Int(place)] = path
            placesOnPath[path, default: 0] += 1
        }
        var levelled = Set<String>()
        var references = [[UInt8]](repeating: [], count: graph.places.count)
        for id in live {
            let place = Int(id)
            if graph.places(named: graph.placeName(id) ?? "") == [id] {
                references[place] = names[place]
                continue
            }
            var reference: [UInt8] = []
            if placesOnPath[paths[place]]! > 1 {
                let level = graph.places.levels[place].rawValue
                guard levelled.insert(level + "\u{1F}" + paths[place]).inserted else {
                    let shown = graph.path(of: id).map { graph.placeName($0) ?? "" }.joined(separator: "/")
                    throw cannotDump("two places are the \(level) `\(shown)`; a place is found by its level and path")
                }
                reference += Array(level.utf8) + [UInt8(ascii: " ")]
            }
            for part in graph.path(of: id) {
                reference.append(UInt8(ascii: "/"))
                reference += names[Int(part)]
            }
            references[place] = reference
        }
        return references
    }

    /// An event is found by its exact name: two of one name that stand (a file imported twice) cannot both
    /// come back.
    private static func checkEventNames(_ graph: Graph, _ rows: DumpRows) throws(ParleyError) {
        var seen = StringPool()
        func isNew(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let before = seen.count
            _ = seen.intern(bytes)
            return seen.count > before
        }
        var repeated: String?
        for name in rows.meetings.map({ graph.meetings.names[Int($0)] }) + rows.claims.map({ graph.claims.names[Int($0)] }) where repeated == nil {
            if !graph.strings.withBytes(name, isNew) { repeated = graph.strings[name] }
        }
        let names = graph.incidents.names
        names.bytes.withUnsafeBufferPointer { bytes in
            for row in rows.incidents where repeated == nil {
                let name = UnsafeBufferPointer(rebasing: bytes[names.range(row)])
                if !isNew(name) { repeated = String(decoding: name, as: UTF8.self) }
            }
        }
        if let repeated {
            throw cannotDump("two events are named `\(repeated)`; an event is found by its name")
        }
    }

    static func cannotDump(_ why: String) -> ParleyError {
        ParleyError(SessionProblem.cannotDump(why))
    }
}
