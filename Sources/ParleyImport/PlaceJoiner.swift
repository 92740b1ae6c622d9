import ParleyGraph

/// Finds or makes the place each of an imported row's place columns names, joining a place already in
/// the graph only when the two truly agree: a name or alias, the level, and the chain of places around
/// them.
///
/// Two chains agree when one holds the other: the place around the graph's place is on the row's chain
/// (the row may name levels the graph's place lacks, as ACLED puts an admin2 Kyiv between Kyiv City and
/// the city), or the place around the row's is on the graph's chain (the row lacks a level the graph's
/// place has). A level only one of them names is no disagreement; two different places at a level, or
/// two chains that hold neither the other, are. A place below a country with nothing around it agrees
/// with nothing, since nothing says where it is. When several places agree, none is chosen: the row's
/// place is a new one. A place joined under a deeper chain moves down into the innermost place the row
/// gives, which lies inside its old parent, so whatever was inside the old parent still is.
struct PlaceJoiner {
    /// (parent, level, folded name) → the place there, for places whose parent is `parent`; the common case.
    private struct ChildKey: Hashable {
        var parent: Int32
        var level: PlaceLevel
        var name: String
    }

    private struct NameKey: Hashable {
        var level: PlaceLevel
        var name: String
    }

    private var childPlaces: [ChildKey: Int32] = [:]
    /// Every standing place by level and folded name or alias: the candidates when the parent differs.
    private var placesNamed: [NameKey: [Int32]] = [:]
    /// Places with an id below this were in the graph before the import.
    private let placesBefore: Int32
    private var joinedSet: Set<Int32> = []
    private var scratchChain: [Int32] = []

    /// Places that were in the graph before the import and that rows joined, in the order first joined,
    /// with the name the row gave.
    private(set) var joined: [(place: Int32, spelling: String)] = []
    private(set) var added = 0

    init(_ graph: Graph) {
        placesBefore = Int32(graph.places.count)
        for place in 0..<graph.places.count where !graph.isRetracted(NodeID(.places, Int32(place))) {
            let id = Int32(place)
            for name in Self.names(of: id, in: graph) { index(id, name: name, parent: graph.places.parents[place], level: graph.places.levels[place], graph) }
        }
    }

    private static func names(of place: Int32, in graph: Graph) -> [String] {
        [graph.strings[graph.places.names[Int(place)]]] + (graph.placeAliases[place] ?? []).map { graph.strings[$0] }
    }

    private mutating func index(_ place: Int32, name: String, parent: Int32, level: PlaceLevel, _ graph: Graph) {
        let folded = NameIndex.fold(name)
        let key = ChildKey(parent: parent, level: level, name: folded)
        // An entry whose place has since moved elsewhere gives way.
        let standing = childPlaces[key].map { graph.places.parents[Int($0)] == parent } ?? false
        if !standing { childPlaces[key] = place }
        let nameKey = NameKey(level: level, name: folded)
        if !(placesNamed[nameKey]?.contains(place) ?? false) { placesNamed[nameKey, default: []].append(place) }
    }

    /// The place called `name` at `level` inside `parent` (-1: the row names nothing around it): one that
    /// agrees, or a new one.
    mutating func place(named name: String, level: PlaceLevel, in parent: Int32, graph: inout Graph, sources: Int32) -> Int32 {
        // World regions are outermost whatever the row says.
        let parent = level == .region ? -1 : parent
        let folded = NameIndex.fold(name)
        if let exact = childPlaces[ChildKey(parent: parent, level: level, name: folded)], graph.places.parents[Int(exact)] == parent {
            noteJoin(exact, spelling: name)
            return exact
        }
        var match: Int32 = -1
        var agreeing = 0
        for candidate in placesNamed[NameKey(level: level, name: folded)] ?? [] where agrees(candidate, level: level, parent: parent, graph) {
            match = candidate
            agreeing += 1
        }
        if agreeing == 1 {
            let around = graph.places.parents[Int(match)]
            if parent >= 0 && around != parent && !isOnChain(parent, of: match, graph) {
                // The row's chain is the deeper one: the place moves down into the row's innermost place.
                graph.places.parents[Int(match)] = parent
                for alias in Self.names(of: match, in: graph) { index(match, name: alias, parent: parent, level: level, graph) }
            }
            graph.addPlaceAlias(match, name)
            index(match, name: name, parent: graph.places.parents[Int(match)], level: level, graph)
            noteJoin(match, spelling: name)
            return match
        }
        let place = graph.addPlace(name, level: level, parent: parent, sources: sources)
        added += 1
        index(place, name: name, parent: parent, level: level, graph)
        return place
    }

    /// Whether `candidate`'s chain and the row's (`parent` and the places around it) agree.
    private mutating func agrees(_ candidate: Int32, level: PlaceLevel, parent: Int32, _ graph: Graph) -> Bool {
        let outermost = level == .country || level == .region
        scratchChain.removeAll(keepingCapacity: true)
        var current = parent
        while current >= 0 && scratchChain.count < 64 {
            scratchChain.append(current)
            current = graph.places.parents[Int(current)]
        }
        // A place cannot join one around itself.
        if scratchChain.contains(candidate) { return false }
        let around = graph.places.parents[Int(candidate)]
        if around < 0 || parent < 0 { return outermost }
        return scratchChain.contains(around) || isOnChain(parent, of: candidate, graph)
    }

    /// Whether `place` lies around `inner`, at any depth.
    private func isOnChain(_ place: Int32, of inner: Int32, _ graph: Graph) -> Bool {
        var current = graph.places.parents[Int(inner)]
        var steps = 0
        while current >= 0 && steps < 64 {
            if current == place { return true }
            current = graph.places.parents[Int(current)]
            steps += 1
        }
        return false
    }

    private mutating func noteJoin(_ place: Int32, spelling: String) {
        guard place < placesBefore, joinedSet.insert(place).inserted else { return }
        joined.append((place, spelling))
    }
}
