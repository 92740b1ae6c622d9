import ParleyGraph
import ParleySupport
import ParleySyntax

/// Turns names in a statement into graph ids, with the errors users need when a name is unknown or
/// ambiguous: the nearest known name, the candidates and how to qualify them.
package struct Resolver {
    let graph: Graph
    let source: SourceText
    let parameters: [String: String]

    package init(graph: Graph, source: SourceText, parameters: [String: String]) {
        self.graph = graph
        self.source = source
        self.parameters = parameters
    }

    func span(_ range: Range<Int>) -> SourceSpan {
        SourceSpan(source, range.isEmpty ? range.lowerBound..<range.lowerBound + 1 : range)
    }

    /// A name or alias with nothing in it names nothing a query could find: refused where it is written.
    func refuseEmpty(_ text: String, _ kind: NodeKind, at range: Range<Int>,
                     hint: String = "write the name between the quotes") throws(ParleyError) {
        guard text.allSatisfy(\.isWhitespace) else { return }
        throw ParleyError(EvalProblem.emptyName(kind: kind), at: span(range), hint: hint)
    }

    /// The text of a name, with a `$parameter` filled in.
    package func text(_ name: Name) throws(ParleyError) -> String {
        guard name.isParameter else { return name.text }
        guard let value = parameters[name.text] else {
            throw ParleyError(EvalProblem.parameterNotSet(name.text), at: span(name.range),
                              hint: "set it with `-p \(name.text)=VALUE` or `.param \(name.text) VALUE`")
        }
        return value
    }

    func dateText(_ literal: DateLiteral) throws(ParleyError) -> CalendarDate {
        let text = try literal.isParameter ? self.text(Name(literal.text, range: literal.range, isParameter: true)) : literal.text
        guard let date = CalendarDate.parse(text) else {
            throw ParleyError(EvalProblem.notADate(text), at: span(literal.range),
                              hint: "write a year (2024), a month (2024-03), an ISO week (2024-W09) or a day (2024-03-05)")
        }
        return date
    }

    // MARK: Parties

    func party(_ name: Name) throws(ParleyError) -> Int32 {
        let text = try self.text(name)
        let found = graph.parties(named: text)
        if found.count == 1 { return found[0] }
        if found.isEmpty {
            throw ParleyError(EvalProblem.unknownParty(text), at: span(name.range),
                              hint: retractedHint(text, [.parties]) ?? partySuggestion(text))
        }
        let candidates = found.map { graph.partyName($0) ?? "" }.joined(separator: ", ")
        throw ParleyError(EvalProblem.ambiguousParty(text, count: found.count, candidates: candidates), at: span(name.range),
                          hint: "use the full name in quotes")
    }

    /// A party named by `said by`, `reported by` or `via` in an `add` or `change`: an unknown one says,
    /// after the nearest known name, how to add it.
    func sourceParty(_ name: Name, clause key: String) throws(ParleyError) -> Int32 {
        do {
            return try party(name)
        } catch {
            guard case let .unknownParty(text)? = error.problem as? EvalProblem, retractedHint(text, [.parties]) == nil else { throw error }
            let party = quoted(text)
            let adding = key == "said by"
                ? "add it first: `add party \(party) kind person` (or official, organisation…)"
                : "add it first (`add party \(party) kind media`), or write `\(key) new \(party)` to add it here as a media party"
            var copy = error
            copy.hint = error.hint.map { "\($0) If it is new, \(adding)" } ?? adding
            throw copy
        }
    }

    /// "did you mean `Zelensky` (Volodymyr Zelenskyy)?"; a spelling several parties share is given as their names.
    private func partySuggestion(_ text: String) -> String? {
        guard let near = NameSuggester.nearestName(to: text, among: graph.allPartyNames) else { return nil }
        let ids = graph.parties(named: near)
        if ids.count > 1 {
            return "did you mean " + ids.map { "`\(quoted(graph.partyName($0) ?? ""))`" }.joined(separator: " or ") + "?"
        }
        if let id = ids.first, let canonical = graph.partyName(id), canonical.lowercased() != near.lowercased() {
            return "did you mean `\(near)` (\(canonical))?"
        }
        return "did you mean `\(near)`?"
    }

    /// "did you mean `Kyiv`?"; a name several places share is given qualified, by level or else by path,
    /// and so is the name itself when a level or a path missed it (`admin2 Kyiv` → `admin1 Kyiv`).
    func placeSuggestion(_ text: String) -> String? {
        let exact = graph.places(named: text)
        guard let near = exact.isEmpty ? NameSuggester.nearestName(to: text, among: graph.allPlaceNames) : text else { return nil }
        let found = exact.isEmpty ? graph.places(named: near) : exact
        guard found.count > 1 || !exact.isEmpty else { return "did you mean `\(near)`?" }
        let levels = found.map { graph.places.levels[Int($0)].rawValue }
        let qualified = Set(levels).count == found.count
            ? zip(levels, found).map { "`\($0.0) \(quoted(near))`" }
            : found.map { "`\"\(pathText($0))\"`" }
        return "did you mean " + qualified.joined(separator: " or ") + "?"
    }

    // MARK: Places

    func place(_ ref: PlaceRef) throws(ParleyError) -> Int32 {
        if let written = parameterPlace(ref) { return try place(written) }
        var level: PlaceLevel?
        if let levelName = ref.level {
            guard let parsed = PlaceLevel(rawValue: levelName.text) else {
                throw ParleyError(EvalProblem.unknownPlaceLevel(levelName.text), at: span(levelName.range),
                                  hint: "levels are \(PlaceLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            level = parsed
        }
        if ref.isAbsolute { return try absolutePlace(ref.path, level: level) }
        guard ref.path.count > 1 else { return try place(ref.path[0], level: level) }
        // Each part of a path narrows the next: keep every place named by the part that lies within
        // a candidate for the part before, so `Kyiv/Kyiv` is the city inside the region.
        var candidates: [Int32] = []
        for (position, part) in ref.path.enumerated() {
            let text = try self.text(part)
            var named = graph.places(named: text)
            if position == ref.path.count - 1, let level { named = named.filter { graph.places.levels[Int($0)] == level } }
            if position > 0 {
                named = named.filter { place in
                    var current = graph.places.parents[Int(place)]
                    while current >= 0 {
                        if candidates.contains(current) { return true }
                        current = graph.places.parents[Int(current)]
                    }
                    return false
                }
            }
            if named.isEmpty {
                let within = position > 0 ? ref.path[..<position].map(\.text).joined(separator: "/") : nil
                throw ParleyError(EvalProblem.noPlaceInPath(text, within: within), at: span(part.range),
                                  hint: placeSuggestion(text))
            }
            candidates = named
        }
        if candidates.count == 1 { return candidates[0] }
        let exact = try exactPaths(ref.path, among: candidates)
        if exact.count == 1 { return exact[0] }
        let last = ref.path[ref.path.count - 1]
        return try place(last, level: level, among: candidates)
    }

    /// `$region` set to a place reference with a level or a path (`admin1 Kharkiv`, `Ukraine/Kyiv`):
    /// that reference, each part located at the parameter. Nil for any other reference.
    private func parameterPlace(_ ref: PlaceRef) -> PlaceRef? {
        guard ref.level == nil, !ref.isAbsolute, ref.path.count == 1, ref.path[0].isParameter,
              let value = parameters[ref.path[0].text], var parsed = Parser.placeReference(value),
              parsed.level != nil || parsed.path.count > 1 || parsed.isAbsolute else { return nil }
        let range = ref.path[0].range
        parsed.level = parsed.level.map { Name($0.text, range: range) }
        parsed.path = parsed.path.map { Name($0.text, range: range) }
        return parsed
    }

    /// The place `in` means: as `place(ref)`, except that a name several places share is the outermost
    /// of them when it holds all the others (after an ACLED import, admin1 Kharkiv holds the location
    /// Kharkiv): then a note names them.
    func containingPlace(_ ref: PlaceRef) throws(ParleyError) -> (place: Int32, note: String?) {
        let written = parameterPlace(ref) ?? ref
        guard written.level == nil, !written.isAbsolute, written.path.count == 1 else { return (try place(written), nil) }
        let text = try self.text(written.path[0])
        let found = graph.places(named: text)
        guard found.count > 1 else { return (try place(written), nil) }
        let outer = found.first { candidate in
            let inside = graph.placesWithin(candidate)
            return found.allSatisfy { inside[Int($0)] }
        }
        guard let outer else { return (try place(written), nil) }
        let describe: (Int32) -> String = { id in
            "\(self.graph.places.levels[Int(id)].rawValue) " + self.graph.path(of: id).map { self.graph.placeName($0) ?? "" }.joined(separator: "/")
        }
        let others = found.filter { $0 != outer }.map(describe).joined(separator: ", ")
        return (outer, "`\(text)` is \(describe(outer)), which holds \(others): `in` means it and all it holds")
    }

    /// `/Europe/Ukraine/Kyiv`: an outermost place, then each part directly inside the one before, by
    /// the places' own names (not their aliases).
    private func absolutePlace(_ path: [Name], level: PlaceLevel?) throws(ParleyError) -> Int32 {
        var candidates: [Int32] = [-1]
        for (position, part) in path.enumerated() {
            let text = try self.text(part)
            let folded = NameIndex.fold(text)
            let parents = candidates
            candidates = graph.places(named: text).filter { place in
                parents.contains(graph.places.parents[Int(place)]) && NameIndex.fold(graph.placeName(place) ?? "") == folded
                    && (position < path.count - 1 || level.map { graph.places.levels[Int(place)] == $0 } ?? true)
            }
            if candidates.isEmpty {
                let what = position == path.count - 1 ? level?.rawValue ?? "place" : "place"
                let problem: EvalProblem = position == 0 ? .noOutermostPlace(text, what: what)
                    : .noPlaceDirectlyWithin(text, what: what, path: path[..<position].map(\.text).joined(separator: "/"))
                let elsewhere = graph.places(named: text).first.map { "did you mean `/\(pathText($0, fromTop: true))`?" }
                throw ParleyError(problem, at: span(part.range),
                                  hint: elsewhere ?? placeSuggestion(text))
            }
        }
        if candidates.count == 1 { return candidates[0] }
        return try place(path[path.count - 1], level: level, among: candidates)
    }

    /// Of `candidates`, those whose own name and the names of the places directly around them are
    /// `path` (aliases and skipped levels do not count): `Ukraine/Kyiv` is the region, not the city
    /// inside it. Paths that start at an outermost place win over paths that start further in.
    private func exactPaths(_ path: [Name], among candidates: [Int32]) throws(ParleyError) -> [Int32] {
        var folded: [String] = []
        for part in path { folded.append(NameIndex.fold(try text(part))) }
        var exact: [Int32] = []
        var fromTop: [Int32] = []
        for candidate in candidates {
            var current = candidate
            var matches = true
            for part in folded.reversed() {
                guard current >= 0, NameIndex.fold(graph.placeName(current) ?? "") == part else {
                    matches = false
                    break
                }
                current = graph.places.parents[Int(current)]
            }
            guard matches else { continue }
            exact.append(candidate)
            if current < 0 { fromTop.append(candidate) }
        }
        return fromTop.count == 1 ? fromTop : exact
    }

    func place(_ name: Name, level: PlaceLevel? = nil, within outer: Int32? = nil, among: [Int32]? = nil) throws(ParleyError) -> Int32 {
        let text = try self.text(name)
        var found = among ?? graph.places(named: text)
        if let level { found = found.filter { graph.places.levels[Int($0)] == level } }
        if let outer {
            let inside = graph.placesWithin(outer)
            found = found.filter { inside[Int($0)] && $0 != outer }
        }
        if found.count == 1 { return found[0] }
        if found.isEmpty, outer == nil, text.contains("/") {
            // A path written as one name: "Ukraine/Kyiv/Kyiv".
            let parts = text.split(separator: "/").map { Name(String($0), range: name.range) }
            if parts.count > 1 { return try place(PlaceRef(level: nil, path: parts)) }
        }
        if found.isEmpty {
            let problem = EvalProblem.unknownPlace(text, level: level, within: outer.map { graph.placeName($0) ?? "" })
            return try fail(ParleyError(problem, at: span(name.range), hint: retractedHint(text, [.places]) ?? placeSuggestion(text)))
        }
        let described = found.map { id in
            let level = graph.places.levels[Int(id)].rawValue
            let path = graph.path(of: id).map { graph.placeName($0) ?? "" }.joined(separator: "/")
            return "\(level) \(path)"
        }
        let qualified = found.map { id in
            "`\(graph.places.levels[Int(id)].rawValue) \(quoted(text))`"
        }
        let paths = found.map { "`\"\(pathText($0))\"`" }
        throw ParleyError(EvalProblem.ambiguousPlace(text, places: described), at: span(name.range),
                          hint: "qualify it by level (\(qualified.joined(separator: " or "))) or by path (\(paths.joined(separator: " or ")))")
    }

    private func fail(_ error: ParleyError) throws(ParleyError) -> Int32 { throw error }

    func quoted(_ name: String) -> String {
        let simple = !name.isEmpty && name.utf8.allSatisfy { byte in
            ByteClass.of(byte).continuesIdentifier
        } && !(name.utf8.first.map { ByteClass.of($0) == .digit } ?? true) && !Parser.reservedWords.contains(name)
        return simple ? name : "\"" + name.replacingQuotes() + "\""
    }

    /// The shortest unambiguous-looking path: without the world region (unless `fromTop`).
    func pathText(_ place: Int32, fromTop: Bool = false) -> String {
        let path = graph.path(of: place)
        let start = !fromTop && path.count > 1 && graph.places.levels[Int(path[0])] == .region ? 1 : 0
        return path[start...].map { graph.placeName($0) ?? "" }.joined(separator: "/")
    }

    // MARK: Events and nodes

    func event(_ name: Name) throws(ParleyError) -> NodeID {
        let text = try self.text(name)
        if let node = graph.event(named: text) { return node }
        throw ParleyError(EvalProblem.unknownEvent(text), at: span(name.range),
                          hint: retractedHint(text, [.meetings, .incidents, .claims]) ?? NameSuggester.nearestName(to: text, among: graph.allEventNames).map { "did you mean `\($0)`?" }
                            ?? "name a meeting, incident or claim (`meetings | select name`)")
    }

    /// A node of any kind: an event first, then a party, then a place (`party Russia` or `place Russia` to choose).
    package func node(_ ref: NodeRef) throws(ParleyError) -> NodeID {
        let text = try self.text(ref.name)
        switch ref.kind {
        case .parties?: return NodeID(.parties, try party(ref.name))
        case .places?:
            if let qualified = ref.place { return NodeID(.places, try place(qualified)) }
            return NodeID(.places, try place(ref.name))
        case .meetings?, .incidents?, .claims?:
            let node = try event(ref.name)
            guard node.kind == ref.kind else {
                throw ParleyError(EvalProblem.wrongKind(text, is: node.kind, wanted: ref.kind!), at: span(ref.name.range))
            }
            return node
        default:
            break
        }
        if let node = graph.event(named: text) { return node }
        let parties = graph.parties(named: text)
        if !parties.isEmpty { return NodeID(.parties, try party(ref.name)) }
        let places = graph.places(named: text)
        if !places.isEmpty { return NodeID(.places, try place(ref.name)) }
        let all = graph.allEventNames + graph.allPartyNames + graph.allPlaceNames
        throw ParleyError(EvalProblem.unknownName(text), at: span(ref.name.range),
                          hint: NameSuggester.nearestName(to: text, among: all).map { "did you mean `\($0)`?" })
    }
}

extension String {
    /// Escapes `\` and `"` for printing inside double quotes.
    func replacingQuotes() -> String {
        var out = ""
        for character in self {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
