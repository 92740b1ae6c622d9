import ParleyGraph
import ParleySchema
import ParleySupport
import ParleySyntax

/// The typing rules of a comparison in `where`, applied before any row is read, from what the schema
/// says of the field on the left:
/// - a bare word compared with a field of a closed set is that set's value when the set holds it,
///   even when a field has the same name (`time_precision = month`, `level = admin1`); a number is a
///   dataset's code for one of them (`time_precision = 3` is ACLED's month);
/// - what can never hold is a located error saying what is allowed: a word against a count, number
///   or date (`deaths > five`), a code outside the set, `= unknown` or `= null` (that is `is unknown`).
/// - a party or place field compared with a name (`guest = Putin`, `place = Kiev`) resolves the name
///   as `involving` and `in` do — aliases, case, a name that matches nothing or several is an error —
///   and compares with the one party or place it names (`guest = Russia` does not match Putin:
///   membership is `involving`'s question, containment `in`'s).
/// What depends on the data is left to the comparison, with a note when a word kept as given matches
/// no row while one differing in case or spelling does (`sub_event_type = "air/drone strike"`).
struct ComparisonTyping {
    /// The kind of the rows, when they are nodes of one kind (after `select` or `group` they are not).
    let kind: NodeKind?
    /// Whether a bare word names a column of the rows.
    let isColumn: (String) -> Bool
    /// The schema row of a field of the rows, where the rows have one (a kind's, `facts`', `events`').
    let lookup: (String) -> FieldSpec?
    let resolver: Resolver
    /// The words kept as given that the run checks for near misses.
    private(set) var nearMisses: [NearMiss] = []
    /// The (field, word) pairs already in `nearMisses`, so a long `in (…)` list checks each in constant time.
    private var nearMissKeys: Set<[String]> = []

    /// A word compared with a text field that no incident may hold: the run looks, and notes the
    /// value meant when one differs only in case or spelling.
    struct NearMiss {
        let text: String
        let spec: FieldSpec
        let column: IncidentColumn
    }

    init(shape: Shape, resolver: Resolver) {
        self.resolver = resolver
        switch shape {
        case let .rows(kind):
            self.kind = kind
            isColumn = { Schema.field(kind, $0) != nil }
            lookup = { Schema.field(kind, $0) }
        case let .table(columns) where columns == FactsTable.columns:
            // `facts` is computed as a table; its columns are the schema's.
            kind = .facts
            isColumn = { columns.contains($0) }
            lookup = { Schema.field(.facts, $0) }
        case let .table(columns) where columns == EventsTable.columns:
            kind = nil
            isColumn = { columns.contains($0) }
            lookup = { name in EventsTable.fields.first { $0.name == name } }
        case let .table(columns):
            kind = nil
            isColumn = { columns.contains($0) }
            lookup = { _ in nil }
        }
    }

    /// `expr` with each comparison's right side typed by its left.
    mutating func typed(_ expr: Expr) throws(ParleyError) -> Expr {
        switch expr {
        case let .not(inner): return .not(try typed(inner))
        case let .and(a, b): return .and(try typed(a), try typed(b))
        case let .or(a, b): return .or(try typed(a), try typed(b))
        case let .compare(left, op, right):
            return .compare(left, op, try operand(right, against: left, spec: spec(left), equality: op == .equal || op == .notEqual))
        case let .oneOf(left, options):
            let spec = spec(left)
            if case .text? = spec?.type, options.allSatisfy({ if case .string = $0 { true } else { false } }) {
                // Quoted words against a text field stay as written: a long list is not copied.
                if case let .word(column)? = spec?.access {
                    for case let .string(text, _) in options { nearMiss(text, spec!, column) }
                }
                return expr
            }
            var typedOptions: [Expr] = []
            typedOptions.reserveCapacity(options.count)
            for option in options { typedOptions.append(try operand(option, against: left, spec: spec, equality: true)) }
            return .oneOf(left, typedOptions)
        default: return expr
        }
    }

    private func spec(_ left: Expr) -> FieldSpec? {
        guard case let .field(name) = left else { return nil }
        return lookup(name.text)
    }

    /// The left side as the hints write it.
    private static func leftText(_ left: Expr) -> String {
        if case let .field(name) = left { name.text } else { Printer.expression(left) }
    }

    private mutating func operand(_ right: Expr, against left: Expr, spec: FieldSpec?, equality: Bool) throws(ParleyError) -> Expr {
        if case .string = right, case .text? = spec?.type {
            // The common case of a long list: a quoted word against a text field.
            if equality, case let .word(column)? = spec?.access, case let .string(text, _) = right { nearMiss(text, spec!, column) }
            return right
        }
        if case let .unknown(range) = right {
            let leftText = Self.leftText(left)
            // A set that holds the word `unknown` (a date's precision) compares with it as a value.
            if case let .choice(choices)? = spec?.type, choices.values.contains("unknown") { return .string("unknown", range: range) }
            throw ParleyError(EvalProblem.comparisonWithUnknown, at: resolver.span(range),
                              hint: "write `\(leftText) is unknown` (or `\(leftText) is not unknown`)")
        }
        if case let .field(word) = right, !isColumn(word.text), word.text.lowercased() == "null" {
            let leftText = Self.leftText(left)
            throw ParleyError(EvalProblem.unknownIsNotAValue(word.text), at: resolver.span(word.range),
                              hint: "write `\(leftText) is unknown` (or `\(leftText) is not unknown`)")
        }
        guard let spec else { return right }
        if case let .field(word) = right, let other = lookup(word.text),
           let mine = Self.family(spec.type), let theirs = Self.family(other.type), mine != theirs {
            throw ParleyError(EvalProblem.fieldsOfOtherTypes(left: spec.name, leftType: mine, right: other.name, rightType: theirs),
                              at: resolver.span(word.range), hint: "compare a field with one of the same type, or with a value")
        }
        switch spec.type {
        case let .choice(choices):
            switch right {
            case let .field(word) where choices.values.contains(word.text):
                return .string(word.text, range: word.range)
            case let .field(word):
                // A field of the same set compares with it; any other word is checked as a value.
                if let other = lookup(word.text), other.type == spec.type { return right }
                try checkTableChoice(word.text, word.range, spec, choices)
                return .string(word.text, range: word.range)
            case let .string(text, range):
                try checkTableChoice(text, range, spec, choices)
                return right
            case let .number(_, text, range):
                if let code = Int(text), let value = choices.codes.keys.sorted().lazy.compactMap({ choices.value(forCode: code, in: $0) }).first {
                    return .string(value, range: range)
                }
                throw ParleyError(EvalProblem.notOfFieldType(field: spec.name, what: choices.described, found: text), at: resolver.span(range))
            default:
                return right
            }
        case .count, .number, .code, .date:
            let word: (text: String, range: Range<Int>)
            switch right {
            case let .field(name) where !isColumn(name.text): word = (name.text, name.range)
            case let .string(text, range) where spec.type != .date: word = ("\"\(text)\"", range)
            default: return right
            }
            let what = switch spec.type {
            case .count: "a count (a whole number, or unknown)"
            case .date: "a date (2024, 2024-03, 2024-W09, 2024-03-05)"
            default: "a number"
            }
            let example = spec.type == .date ? "`\(spec.name) >= 2024-03`" : "`\(spec.name) > 5`"
            throw ParleyError(EvalProblem.notOfFieldType(field: spec.name, what: what, found: word.text), at: resolver.span(word.range),
                              hint: "compare it with \(spec.type == .date ? "a date" : "a number"), as in \(example)")
        case .text:
            guard equality, case let .word(column) = spec.access else { return right }
            switch right {
            case let .string(text, _): nearMiss(text, spec, column)
            case let .field(word) where !isColumn(word.text): nearMiss(word.text, spec, column)
            default: break
            }
            return right
        case .party, .place:
            guard equality else { return right }
            let name: Name
            switch right {
            case let .field(word) where !isColumn(word.text): name = word
            case let .string(text, range): name = Name(text, range: range)
            case let .parameter(parameter): name = parameter
            default: return right
            }
            return .string(try canonicalName(name, isParty: spec.type == .party, level: PlaceLevel(rawValue: spec.name)), range: name.range)
        default:
            return right
        }
    }

    /// On a table (`events`, `facts`) a value outside a closed set is an error here; on rows of a kind
    /// the expression compiler's vocabulary check says it, with the kind.
    private func checkTableChoice(_ text: String, _ range: Range<Int>, _ spec: FieldSpec, _ choices: Choices) throws(ParleyError) {
        guard kind == nil || kind == .facts, !choices.values.contains(text) else { return }
        throw ParleyError(EvalProblem.notOfFieldType(field: spec.name, what: choices.described, found: text), at: resolver.span(range),
                          hint: NameSuggester.closest(to: text, among: choices.values).map { "did you mean `\($0)`?" })
    }

    /// What a field's values are, for telling which two fields can compare: numbers with numbers,
    /// dates with dates, and names and words with each other. A closed set is words, so it is left out
    /// here (a word against it is checked as a value).
    private static func family(_ type: FieldType) -> String? {
        switch type {
        case .count, .number, .code: "a number"
        case .date: "a date"
        case .text, .party, .place, .node: "a name or text"
        case .choice: nil
        }
    }

    /// Looks for a near miss when the word is one the graph has never seen, so a match costs nothing.
    private mutating func nearMiss(_ text: String, _ spec: FieldSpec, _ column: IncidentColumn) {
        guard resolver.graph.strings.id(of: text) == nil, nearMissKeys.insert([spec.name, text]).inserted else { return }
        nearMisses.append(NearMiss(text: text, spec: spec, column: column))
    }

    /// A note when no incident holds the word in its column but one holds a value differing only in
    /// case or spelling. Reads the column, so it runs with the plan, not when it is bound.
    static func note(_ miss: NearMiss, in graph: Graph) -> String? {
        var seen = Set<Int32>()
        for id in miss.column.int32s(in: graph) where id >= 0 { seen.insert(id) }
        let values = seen.map { graph.strings[$0] }
        let lowered = miss.text.lowercased()
        guard let near = values.filter({ $0.lowercased() == lowered }).sorted().first
                ?? NameSuggester.closest(to: miss.text, among: values) else { return nil }
        let quoted = "\"" + near.replacingQuotes() + "\""
        return "no incident has \(miss.spec.name) \"\(miss.text.replacingQuotes())\"; did you mean \(quoted)?"
    }

    /// The name of the one party or place `name` names. Rows carry names, so a place whose name
    /// another place shares cannot be told apart by it: that is an error pointing to `in`.
    /// - Parameter level: for a field that holds a place at one level (`admin1`), only places at it count.
    private func canonicalName(_ name: Name, isParty: Bool, level: PlaceLevel? = nil) throws(ParleyError) -> String {
        let graph = resolver.graph
        if isParty {
            let party = try resolver.party(name)
            return graph.partyName(party) ?? name.text
        }
        let text = try resolver.text(name)
        let atLevel: (Int32) -> Bool = { place in level.map { graph.places.levels[Int(place)] == $0 } ?? true }
        let named = graph.places(named: text).filter(atLevel)
        // None: the resolver's error, with the nearest name (or a path written as one name).
        let place = named.isEmpty ? try resolver.place(name, level: level) : named[0]
        let canonical = graph.placeName(place) ?? text
        let namesakes = Set(named + graph.places(named: canonical).filter { graph.placeName($0) == canonical && atLevel($0) }).sorted()
        if namesakes.count > 1 {
            let described = namesakes.map { candidate in
                "\(graph.places.levels[Int(candidate)].rawValue) " + graph.path(of: candidate).map { graph.placeName($0) ?? "" }.joined(separator: "/")
            }
            let first = namesakes[0]
            throw ParleyError(EvalProblem.placeNameAmbiguous(text, places: described),
                              at: resolver.span(name.range),
                              hint: "to mean one of them and what lies in it, write `in \(graph.places.levels[Int(first)].rawValue) \(graph.placeName(first) ?? text)`")
        }
        return canonical
    }
}
