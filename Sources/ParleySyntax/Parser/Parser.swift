import ParleyGraph
import ParleySupport

/// A recursive-descent parser over the lexer's tokens. Each parse function opens with its rule from
/// `Grammar/parley.ebnf`, word for word (Lua's `lparser.c` style); the rules and this code read side by side.
///
/// The parser knows no graph: names stay names until the evaluator resolves them.
public struct Parser {
    public static let maximumDepth = 256
    /// Longest statement accepted, in bytes.
    public static let maximumStatementBytes = 16 << 20

    var lexer: Lexer
    var token: Token
    private var lookahead: Token?
    private var tokensRead = 0
    var depth = 0
    let statementStart: Int
    /// Where the token consumed last ends, and the last name written as a bare word: a word right
    /// after such a name that fits nowhere is likely the name's next word (`United States`).
    private(set) var previousEnd = 0
    var lastBareName: Range<Int>?

    public var source: SourceText { lexer.source }

    /// A parser reading from `offset` in `source`.
    public init(_ source: SourceText, at offset: Int = 0) throws(ParleyError) {
        lexer = Lexer(source, at: offset)
        statementStart = offset
        token = Token(.terminator, offset..<offset)
        token = try lexer.next()
    }

    /// Parses one statement and returns it with the offset just past its terminator.
    public mutating func parseStatementAndEnd() throws(ParleyError) -> (Statement, end: Int) {
        let statement = try parseStatement()
        switch token.kind {
        case .terminator:
            return (statement, token.range.upperBound)
        case .endOfInput:
            return (statement, token.range.lowerBound)
        default:
            throw unexpected("the end of the statement")
        }
    }

    // MARK: Token helpers (Lua's testnext, check, checknext, check_match)

    /// The text of the current token.
    var text: String { source.text(token.range) }

    /// The current `$parameter` token's name: its bytes after the `$` (`$` and an accent after it are one `Character`).
    var parameterName: String { source.text(token.range.lowerBound + 1..<token.range.upperBound) }

    /// Whether the current token is the word `word` (keywords are contextual, compared exactly).
    func at(_ word: String) -> Bool {
        token.kind == .identifier && equals(token, word)
    }

    func atSymbol(_ symbol: String) -> Bool {
        token.kind == .symbol && equals(token, symbol)
    }

    private func equals(_ token: Token, _ word: String) -> Bool {
        let utf8 = word.utf8
        guard token.range.count == utf8.count else { return false }
        var index = token.range.lowerBound
        for byte in utf8 {
            if source.bytes[index] != byte { return false }
            index += 1
        }
        return true
    }

    /// The token after the current one, without consuming anything.
    mutating func peekToken() throws(ParleyError) -> Token {
        if let lookahead { return lookahead }
        let next = try lexer.next()
        lookahead = next
        return next
    }

    func peekIs(_ next: Token, word: String) -> Bool {
        next.kind == .identifier && equals(next, word)
    }

    func peekIs(_ next: Token, symbol: String) -> Bool {
        next.kind == .symbol && equals(next, symbol)
    }

    mutating func advance() throws(ParleyError) {
        // A statement near the size limit takes a while to parse: Ctrl-C and `.timeout` reach it too.
        tokensRead &+= 1
        if tokensRead & 4095 == 0 { try Interrupt.check() }
        if token.range.upperBound - statementStart > Parser.maximumStatementBytes {
            throw ParleyError(SyntaxProblem.statementTooLong(mebibytes: Parser.maximumStatementBytes >> 20),
                              at: SourceSpan(source, statementStart..<statementStart + 1))
        }
        previousEnd = token.range.upperBound
        if let next = lookahead {
            token = next
            lookahead = nil
        } else {
            token = try lexer.next()
        }
    }

    /// Consumes the word if it is next.
    mutating func consume(_ word: String) throws(ParleyError) -> Bool {
        guard at(word) else { return false }
        try advance()
        return true
    }

    mutating func consumeSymbol(_ symbol: String) throws(ParleyError) -> Bool {
        guard atSymbol(symbol) else { return false }
        try advance()
        return true
    }

    mutating func expect(_ word: String, _ context: String = "") throws(ParleyError) {
        guard try consume(word) else { throw unexpected("`\(word)`" + context) }
    }

    mutating func expectSymbol(_ symbol: String) throws(ParleyError) {
        guard try consumeSymbol(symbol) else { throw unexpected("`\(symbol)`") }
    }

    /// `)` expected (to close `(` at line 3).
    mutating func expectClosing(_ close: String, opening open: String, at openRange: Range<Int>) throws(ParleyError) {
        guard try consumeSymbol(close) else {
            let openLocation = source.location(at: openRange.lowerBound)
            let context = token.kind == .endOfInput || token.kind == .terminator
                ? "" : ""
            throw unexpected("`\(close)` (to close `\(open)` at line \(openLocation.line), column \(openLocation.column))" + context)
        }
    }

    /// An error at the current token: "expected X, found `y`".
    func unexpected(_ expected: String, hint: String? = nil) -> ParleyError {
        if let error = unquotedNameError() { return error }
        let found: String
        switch token.kind {
        case .endOfInput: found = "the end of the input"
        case .terminator: found = source.bytes[token.range.lowerBound] == UInt8(ascii: ";") ? "`;`" : "the end of the line"
        case .string: found = "string \(shortened(text))"
        default: found = "`\(shortened(text))`"
        }
        let range = token.range.isEmpty ? token.range.lowerBound..<token.range.lowerBound + 1 : token.range
        return ParleyError(SyntaxProblem.expected(what: expected, found: found), at: SourceSpan(source, range), hint: hint)
    }

    private func shortened(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// Lua's `enterlevel`: deep nesting becomes an error, never a stack overflow.
    mutating func enterLevel() throws(ParleyError) {
        depth += 1
        if depth > Parser.maximumDepth {
            throw ParleyError(SyntaxProblem.nestedTooDeep(levels: Parser.maximumDepth),
                              at: SourceSpan(source, token.range.lowerBound..<max(token.range.upperBound, token.range.lowerBound + 1)))
        }
    }

    mutating func leaveLevel() { depth -= 1 }

    /// Words that start a filter or a stage, or join parts; they end a name list and cannot be bare names.
    package static let reservedWords: Set<String> = [
        "where", "in", "within", "involving", "with", "during", "from", "to", "before", "after", "same",
        "last", "reported", "said", "sourced", "mentioning", "and", "or", "not", "is", "as", "by", "of",
        "select", "sort", "limit", "count", "sum", "avg", "min", "max", "group", "distinct", "pair", "on",
        "add", "unknown", "asc", "desc", "contains",
    ]

    /// The reserved words that only start a stage, after `|`: on the right of a comparison they are values.
    static let stageWords: Set<String> = ["select", "sort", "limit", "sum", "avg", "min", "max", "group", "distinct", "pair", "add", "asc", "desc"]

    // MARK: Shared rules

    /// name = IDENTIFIER | STRING | PARAMETER ;
    mutating func parseName(_ what: String) throws(ParleyError) -> Name {
        switch token.kind {
        case .identifier where !Parser.reservedWords.contains(text):
            let name = Name(text, range: token.range)
            lastBareName = token.range
            try advance()
            return name
        case .string:
            let name = Name(Lexer.stringValue(token, in: source), range: token.range)
            try advance()
            return name
        case .parameter:
            let name = Name(parameterName, range: token.range, isParameter: true)
            try advance()
            return name
        default:
            let hint = token.kind == .identifier ? "`\(text)` is a keyword here; quote it (\"\(text)\") to use it as a name" : nil
            throw unexpected(what, hint: hint)
        }
    }

    var atName: Bool {
        switch token.kind {
        case .identifier: !Parser.reservedWords.contains(text)
        case .string, .parameter: true
        default: false
        }
    }

    /// date = DATE | NUMBER | PARAMETER ;
    mutating func parseDate() throws(ParleyError) -> DateLiteral {
        switch token.kind {
        case .date, .number:
            let literal = DateLiteral(text: text, range: token.range)
            if DateLiteralCheck.problem(literal.text) != nil || (token.kind == .number && literal.text.count != 4) {
                throw ParleyError(DateLiteralCheck.problem(literal.text) ?? .notADate(literal.text),
                                  at: SourceSpan(source, token.range),
                                  hint: "write a year (2024), a month (2024-03), an ISO week (2024-W09) or a day (2024-03-05)")
            }
            try advance()
            return literal
        case .parameter:
            let literal = DateLiteral(text: parameterName, range: token.range, isParameter: true)
            try advance()
            return literal
        default:
            throw unexpected("a date (2024, 2024-03, 2024-W09 or 2024-03-05)")
        }
    }

    /// A whole number for `limit` and `last`.
    mutating func parseCount(_ what: String) throws(ParleyError) -> Int {
        guard token.kind == .number, let value = Int(text), value >= 0 else {
            throw unexpected(what)
        }
        try advance()
        return value
    }
}

/// Checks a date literal's fields: month 1–12, a real day of that month, ISO week 1–53.
enum DateLiteralCheck {
    static func problem(_ text: String) -> SyntaxProblem? {
        guard let date = CalendarDate.parse(text) else { return .invalidDate(text) }
        _ = date
        return nil
    }
}
