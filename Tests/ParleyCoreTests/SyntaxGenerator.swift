@testable import ParleyGraph
@testable import ParleySupport
@testable import ParleySyntax


/// Draws for the syntax generator from the tests' SplitMix (TextSearchTests.swift), not the standard
/// library's `random(in:using:)`, whose algorithm may change: a seed names one tree on every toolchain.
extension SplitMix {
    /// A number in `range`; the modulo's bias is far below what a test can notice.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { int(in: 0...99) < percent }

    mutating func pick<T>(_ choices: [T]) -> T { choices[int(in: 0...choices.count - 1)] }
}

/// Random statements for the print → parse property (`RoundTripTests`): every query head, filter and
/// stage, `pair with (…)` nested, expressions of every operator at any nesting (arithmetic, minus and
/// function calls included, in `where` and as `select` items), `add` with clauses,
/// and names chosen to be awkward.
///
/// It makes only trees the parser could have made. The syntax tree can hold more than the grammar can
/// say, and those trees are left out: a field inside an expression that is a keyword (`count` aside),
/// not a bare word or a `$parameter` (it reads back as an operator, a string or a parameter); a function
/// named `count` or a keyword; a `select` item at whose top is a condition; a bare-year
/// or `$parameter` date inside an expression or a clause (a number, a parameter or a name there); a
/// `$parameter` date after `before`/`after` (an event's name); a place level that is not a level; empty
/// lists; `count` with a field or `sum` without one; negative counts; `relation`/`fact` as a node
/// reference's kind or an added node's; an `add relation` name or clause key that is not one word
/// (`member of`, `same day as`, `said by`, `reported by` aside); the clause key `as` straight after a
/// clause with no role (it is read as that role).
struct SyntaxGenerator {
    var random: SplitMix

    init(seed: UInt64) { random = SplitMix(seed: seed) }

    mutating func statement() -> Statement {
        let body: Statement.Body = random.chance(20) ? .add(addStatement()) : .query(query(depth: 2))
        return Statement(body: body, source: SourceText(name: "generated", text: ""), range: 0..<0)
    }

    // MARK: Names

    /// Names that trip printers: keywords, words with a meaning in one place, quotes and escapes, line
    /// breaks, scripts other than Latin, graphemes that join a quote to what follows, digits first,
    /// look-alikes of numbers, dates, parameters, comments and operators.
    static let awkwardTexts: [String] = Parser.reservedWords.sorted() + [
        "parties", "party", "places", "place", "meetings", "meeting", "incidents", "incident", "claims", "claim",
        "relations", "relation", "facts", "fact", "members", "member", "region", "country", "admin1", "admin2",
        "admin3", "location", "day", "days", "Where", "COUNT", "", " ", "a b", "\"", "'", "\\", "\\\"", "a\"b'c",
        "\\n", "line\nbreak", "\t", "tab\tstop", "\r", "\r\n", "end\r\n", "Запоріжжя", "القاهرة", "東京", "🇺🇦",
        "👩‍👩‍👧", "e\u{301}", "\"\u{301}", "\\\u{301}", "\u{301}", "\u{A0}", "\u{2028}", "\u{FEFF}", "\0", "2024",
        "2024-03", "2024-W09", "2024-03-05", "42", "3.5", "-5", "1st", "0", "$x", "$", "a/b", "(", ")", "[x]",
        "a,b", "x;y", ";", "|", "--", "-- comment", "->", "<-", "=", "!", "_", "_x1", "Russia", "United States",
    ]

    /// Bytes of every class the lexer knows, and a few characters of several bytes.
    static let textCharacters: [String] = [
        "a", "Z", "_", "7", " ", "\"", "'", "\\", "\n", "\t", "\r", "-", "$", "(", ")", "[", ",", ";", "|", "/",
        ".", "=", "<", "!", "#", "Ж", "ع", "🙂", "\u{301}", "\u{200D}",
    ]

    static let wordStarts: [String] = ["a", "x", "Z", "_", "ж", "Ж", "ع", "東", "🙂", "é", "\u{301}"]
    static let wordContinuations: [String] = wordStarts + ["0", "1", "9", "_", "b"]

    /// Words the lexer reads as one identifier: keywords, words with a meaning in one place (kinds,
    /// levels), plain names.
    static let words: [String] = Parser.reservedWords.sorted() + [
        "parties", "party", "places", "place", "relation", "fact", "members", "member", "region", "admin1",
        "day", "month", "deaths", "kind", "status", "name", "Where", "_", "x1", "Запоріжжя", "القاهرة", "🇺🇦",
    ]

    /// Any name: a bare word, a keyword, odd text to be quoted, or a `$parameter`.
    mutating func name() -> Name {
        switch random.int(in: 0...9) {
        case 0...1: parameter()
        case 2...5: Name(random.pick(Self.awkwardTexts))
        case 6...7: Name(text())
        default: Name(word())
        }
    }

    mutating func parameter() -> Name {
        Name(random.chance(30) ? random.pick(["where", "1x", "from_date", "Ω", "count"]) : word(), isParameter: true)
    }

    /// Zero to six characters of anything.
    mutating func text() -> String {
        var text = ""
        for _ in 0..<random.int(in: 0...6) { text += random.pick(Self.textCharacters) }
        return text
    }

    /// One word the lexer reads as an identifier, keyword or not.
    mutating func word() -> String {
        if random.chance(50) { return random.pick(Self.words) }
        var word = random.pick(Self.wordStarts)
        for _ in 0..<random.int(in: 0...5) { word += random.pick(Self.wordContinuations) }
        return word
    }

    /// A field inside an expression: a word that is not a keyword, or `count`.
    mutating func expressionField() -> Name {
        while true {
            let text = word()
            if !Parser.reservedWords.contains(text) || text == "count" { return Name(text) }
        }
    }

    // MARK: Literals

    /// A number's text: small, zero-padded, with decimals, year-like or longer than any integer type.
    mutating func numberText(negative: Bool) -> String {
        var text = switch random.int(in: 0...5) {
        case 0: String(random.int(in: 0...9))
        case 1: String(random.int(in: 0...99_999))
        case 2: "00" + String(random.int(in: 0...99))
        case 3: "\(random.int(in: 0...999)).\(random.int(in: 0...9_999))"
        case 4: String(random.int(in: 1000...9999))
        default: random.pick(["123456789012345678901234567890", "9223372036854775808", "0.000000000000000001"])
        }
        if negative && random.chance(40) { text = "-" + text }
        return text
    }

    mutating func wholeNumber() -> Int {
        random.pick([0, 1, random.int(in: 2...1_000), Int.max])
    }

    /// A date of any precision that names a real period: `2024`, `2024-03`, `2024-W09`, `2024-03-05`.
    mutating func dateText(yearAllowed: Bool) -> String {
        while true {
            let year = random.pick([1, 1970, 2020, 2024, 2025, 9999, random.int(in: 1...9999)])
            let padded = String(repeating: "0", count: 4 - String(year).count) + String(year)
            let text = switch random.int(in: yearAllowed ? 0...3 : 1...3) {
            case 0: padded
            case 1: padded + "-" + twoDigits(random.int(in: 1...12))
            case 2: padded + "-W" + twoDigits(random.pick([1, 9, 52, 53, random.int(in: 1...53)]))
            default: padded + "-" + twoDigits(random.int(in: 1...12)) + "-" + twoDigits(random.pick([1, 28, 29, 30, 31]))
            }
            if CalendarDate.parse(text) != nil { return text }
        }
    }

    private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A date after `during`, `from` or `to`: any precision or a `$parameter`.
    mutating func date() -> DateLiteral {
        if random.chance(15) { return DateLiteral(text: parameter().text, range: 0..<0, isParameter: true) }
        return DateLiteral(text: dateText(yearAllowed: true), range: 0..<0)
    }

    // MARK: Queries

    mutating func query(depth: Int) -> Query {
        let head: Head = switch random.int(in: 0...2) {
        case 0: .kind(random.pick(NodeKind.allCases), range: 0..<0)
        case 1: .members(of: name())
        default: .navigate(from: nodeRef(), direction: random.chance(50) ? .outgoing : .incoming, relation: name())
        }
        var filters = (0..<random.int(in: 0...4)).map { _ in filter() }
        // `where x in (A, B)` is the list operator: a places list never directly follows a `where`.
        for index in filters.indices.dropFirst() {
            if case .where = filters[index - 1], case let .in(refs) = filters[index], refs.count > 1 { filters[index] = .in([refs[0]]) }
        }
        let stages = (0..<random.int(in: 0...4)).map { _ in stage(depth: depth) }
        return Query(head: head, filters: filters, stages: stages)
    }

    mutating func nodeRef() -> NodeRef {
        let kinds: [NodeKind?] = [nil, nil, .parties, .places, .meetings, .incidents, .claims]
        return NodeRef(kind: random.pick(kinds), name: name())
    }

    mutating func names(_ range: ClosedRange<Int>) -> [Name] {
        (0..<random.int(in: range)).map { _ in name() }
    }

    mutating func filter() -> Filter {
        let filter = positiveFilter()
        if case .where = filter { return filter }
        return random.chance(15) ? .not(filter, keyword: Name("not")) : filter
    }

    mutating func positiveFilter() -> Filter {
        switch random.int(in: 0...12) {
        case 0: return .where(expression(depth: 4))
        case 1:
            return .in((0..<random.int(in: 1...3)).map { _ in
                let level = random.chance(40) ? Name(random.pick(PlaceLevel.allCases).rawValue) : nil
                return PlaceRef(level: level, path: names(1...3))
            })
        case 2: return .within(name())
        case 3: return .involving(names(1...3), roles: names(0...3), membersOnly: random.chance(20))
        case 4: return .with(names(1...3))
        case 5: return .during(date())
        case 6: return .between(date(), date())
        case 7: return .before(timeRef())
        case 8: return .after(timeRef())
        case 9: return .sameDay(name())
        case 10: return .last(wholeNumber(), unit: name())
        case 11: return .source(random.pick([.reported, .said, .sourced]), name())
        default: return .mentioning(name())
        }
    }

    mutating func timeRef() -> TimeRef {
        random.chance(50) ? .date(DateLiteral(text: dateText(yearAllowed: true), range: 0..<0)) : .event(name())
    }

    mutating func stage(depth: Int) -> Stage {
        switch random.int(in: 0...7) {
        case 0:
            return .select((0..<random.int(in: 1...3)).map { _ in
                let alias = random.chance(40) ? name() : nil
                return random.chance(30) ? SelectItem(expression: computed(depth: 3), alias: alias) : SelectItem(field: name(), alias: alias)
            })
        case 1: return .sort((0..<random.int(in: 1...3)).map { _ in SortKey(field: name(), descending: random.chance(50)) })
        case 2: return random.chance(25) ? .limit(.parameter(parameter())) : .limit(.number(wholeNumber()))
        case 3:
            return .aggregate((0..<random.int(in: 1...3)).map { _ in
                let function = random.pick(Aggregate.Function.allCases)
                return Aggregate(function: function, field: function == .count ? nil : name(),
                                 alias: random.chance(40) ? name() : nil, range: 0..<0)
            })
        case 4:
            var keys: [GroupKey] = []
            for field in names(1...3) { keys.append(GroupKey(field: field, filled: random.chance(25) ? 0..<0 : nil)) }
            return .group(keys)
        case 5: return .distinct(names(0...3))
        case 6: return .filter(expression(depth: 4))
        default:
            guard depth > 0 else { return .limit(.number(wholeNumber())) }
            return .pair(query(depth: depth - 1), on: names(1...3))
        }
    }

    // MARK: Expressions

    mutating func expression(depth: Int) -> Expr {
        if depth == 0 || random.chance(25) { return primary() }
        switch random.int(in: 0...9) {
        case 0: return .not(expression(depth: depth - 1))
        case 1: return .and(expression(depth: depth - 1), expression(depth: depth - 1))
        case 2: return .or(expression(depth: depth - 1), expression(depth: depth - 1))
        case 3:
            let comparisons: [Comparison] = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
            return .compare(expression(depth: depth - 1), random.pick(comparisons), expression(depth: depth - 1))
        case 4: return .isUnknown(expression(depth: depth - 1), negated: random.chance(50))
        case 5: return .contains(expression(depth: depth - 1), expression(depth: depth - 1))
        case 6: return .arithmetic(expression(depth: depth - 1), random.pick(ArithmeticOperator.allCases), expression(depth: depth - 1))
        case 7: return .negate(expression(depth: depth - 1))
        case 8: return call(depth: depth)
        default:
            return .oneOf(expression(depth: depth - 1), (0..<random.int(in: 1...3)).map { _ in expression(depth: depth - 1) })
        }
    }

    /// A function call: any word but a keyword (`count(` is not a call), any arguments.
    mutating func call(depth: Int) -> Expr {
        var name = expressionField()
        while name.text == "count" { name = expressionField() }
        return .call(name, (0..<random.int(in: 1...3)).map { _ in expression(depth: depth - 1) })
    }

    /// A computed select item: arithmetic, a function, a minus, a number or a date at the top (a bare
    /// field, string or `$parameter` there is a field's name; a bare `unknown`, the field `unknown`).
    mutating func computed(depth: Int) -> Expr {
        switch random.int(in: 0...4) {
        case 0: return .arithmetic(expression(depth: depth - 1), random.pick(ArithmeticOperator.allCases), expression(depth: depth - 1))
        case 1: return .negate(expression(depth: depth - 1))
        case 2: return call(depth: depth)
        case 3:
            let text = numberText(negative: true)
            return .number(Double(text)!, text: text, range: 0..<0)
        default: return .date(DateLiteral(text: dateText(yearAllowed: false), range: 0..<0))
        }
    }

    mutating func primary() -> Expr {
        switch random.int(in: 0...5) {
        case 0: return .field(expressionField())
        case 1: return .string(random.chance(50) ? random.pick(Self.awkwardTexts) : text(), range: 0..<0)
        case 2:
            let text = numberText(negative: true)
            return .number(Double(text)!, text: text, range: 0..<0)
        case 3: return .date(DateLiteral(text: dateText(yearAllowed: false), range: 0..<0))
        case 4: return .unknown(range: 0..<0)
        default: return .parameter(parameter())
        }
    }

    // MARK: Adding facts

    mutating func addStatement() -> AddStatement {
        let target: AddStatement.Target
        if random.chance(30) {
            target = .relation(subject: nodeRef(), relation: Name(word()), object: nodeRef())
        } else {
            target = .node(random.pick([.parties, .places, .meetings, .incidents, .claims]), name())
        }
        var clauses: [Clause] = []
        for _ in 0..<random.int(in: 0...4) {
            let asAllowed = clauses.last.map { $0.role != nil } ?? true
            let key = clauseKey(asAllowed: asAllowed)
            // A source may be one the statement adds: `reported by new Suspilne`.
            let isSource = Parser.sourceKeys.contains(key.text)
            let values = (0..<random.int(in: 1...3)).map { _ in isSource && random.chance(30) ? .new(name()) : clauseValue() }
            clauses.append(Clause(key: key, values: values, role: random.chance(30) ? clauseValue() : nil))
        }
        return AddStatement(target: target, clauses: clauses)
    }

    mutating func clauseKey(asAllowed: Bool) -> Name {
        if random.chance(30) { return Name(random.pick(["member of", "same day as", "said by", "reported by"])) }
        while true {
            let key = word()
            // `place`, `within` and `about` take places and nodes, and `also` starts a source: not generic clauses.
            if !["member", "same", "said", "reported", "place", "within", "about", "also"].contains(key) && (asAllowed || key != "as") {
                return Name(key)
            }
        }
    }

    mutating func clauseValue() -> ClauseValue {
        switch random.int(in: 0...5) {
        case 0...2: return .name(name())
        case 3:
            let text = numberText(negative: true)
            return .number(Double(text)!, text: text, range: 0..<0)
        case 4: return .date(DateLiteral(text: dateText(yearAllowed: false), range: 0..<0))
        default: return .unknown(range: 0..<0)
        }
    }

    // MARK: Mangling

    /// Drops, swaps or duplicates a few bytes, or cuts the text short: what a typo or a paste gone wrong does.
    mutating func mangle(_ bytes: inout [UInt8]) {
        for _ in 0..<random.int(in: 1...3) where !bytes.isEmpty {
            let index = random.int(in: 0...bytes.count - 1)
            switch random.int(in: 0...3) {
            case 0: bytes.remove(at: index)
            case 1 where index + 1 < bytes.count: bytes.swapAt(index, index + 1)
            case 2: bytes.insert(bytes[random.int(in: 0...bytes.count - 1)], at: index)
            default: bytes.removeSubrange(index...)
            }
        }
    }
}
