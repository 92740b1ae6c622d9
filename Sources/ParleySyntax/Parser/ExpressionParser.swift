import ParleySupport

extension Parser {
    /// expr = andExpr { "or" andExpr } ;
    mutating func parseExpression() throws(ParleyError) -> Expr {
        try enterLevel()
        defer { leaveLevel() }
        var left = try parseAndExpression()
        while try consume("or") {
            left = .or(left, try parseAndExpression())
        }
        return left
    }

    /// andExpr = notExpr { "and" notExpr } ;
    mutating func parseAndExpression() throws(ParleyError) -> Expr {
        var left = try parseNotExpression()
        while try consume("and") {
            left = .and(left, try parseNotExpression())
        }
        return left
    }

    /// notExpr = "not" notExpr | comparison ;
    mutating func parseNotExpression() throws(ParleyError) -> Expr {
        if try consume("not") {
            try enterLevel()
            defer { leaveLevel() }
            return .not(try parseNotExpression())
        }
        return try parseComparison()
    }

    /// comparison = sum [ compareOp sum | "is" [ "not" ] "unknown" | "contains" sum | "in" "(" sum { "," sum } ")" ] ;
    mutating func parseComparison() throws(ParleyError) -> Expr {
        let left = try parseSum()
        if let op = parseCompareOp() {
            if op == .equal, try atDoubleEquals() { throw doubleEqualsError(after: left) }
            try advance()
            return .compare(left, op, try parseSum(valueWords: true))
        }
        if try consume("is") {
            let negated = try consume("not")
            try expect("unknown", " after `is`")
            return .isUnknown(left, negated: negated)
        }
        if try consume("contains") {
            return .contains(left, try parseSum())
        }
        if at("in"), peekIs(try peekToken(), symbol: "(") {
            try advance()
            let open = token.range
            try advance()
            var values = [try parseSum(valueWords: true)]
            while try consumeSymbol(",") {
                values.append(try parseSum(valueWords: true))
            }
            try expectClosing(")", opening: "(", at: open)
            return .oneOf(left, values)
        }
        if atLike() { throw likeError(after: left) }
        return left
    }

    /// sum = product { ( "+" | "-" ) product } ;
    mutating func parseSum(valueWords: Bool = false) throws(ParleyError) -> Expr {
        var left = try parseProduct(valueWords: valueWords)
        while let op = arithmeticOperator(.plus, .minus) {
            try advance()
            left = .arithmetic(left, op, try parseProduct(valueWords: valueWords))
        }
        return left
    }

    /// product = unary { ( "*" | "/" ) unary } ;
    @inline(__always)
    mutating func parseProduct(valueWords: Bool = false) throws(ParleyError) -> Expr {
        var left = try parseUnary(valueWords: valueWords)
        while let op = arithmeticOperator(.times, .divide) {
            try advance()
            left = .arithmetic(left, op, try parseUnary(valueWords: valueWords))
        }
        return left
    }

    /// unary = "-" unary | primary ;
    /// A `-` straight before a number is the number's sign (`primary`'s `"-" NUMBER`).
    @inline(__always)
    mutating func parseUnary(valueWords: Bool = false) throws(ParleyError) -> Expr {
        guard atSymbol("-"), try peekToken().kind != .number else { return try parsePrimary(valueWords: valueWords) }
        try advance()
        try enterLevel()
        defer { leaveLevel() }
        return .negate(try parseUnary(valueWords: valueWords))
    }

    /// The current token when it is one of these operators.
    /// Read from the token's one byte: every value of a long `in (…)` list asks it twice.
    private func arithmeticOperator(_ first: ArithmeticOperator, _ second: ArithmeticOperator) -> ArithmeticOperator? {
        guard token.kind == .symbol, token.range.count == 1 else { return nil }
        let found: ArithmeticOperator? = switch source.bytes[token.range.lowerBound] {
        case UInt8(ascii: "+"): .plus
        case UInt8(ascii: "-"): .minus
        case UInt8(ascii: "*"): .times
        case UInt8(ascii: "/"): .divide
        default: nil
        }
        return found == first || found == second ? found : nil
    }

    /// compareOp = "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ;
    func parseCompareOp() -> Comparison? {
        guard token.kind == .symbol else { return nil }
        let symbol = text
        if symbol == "<>" { return .notEqual }
        return Comparison(rawValue: symbol)
    }

    /// primary = "(" expr ")" | IDENTIFIER "(" expr { "," expr } ")" | IDENTIFIER | STRING | NUMBER | "-" NUMBER | DATE | PARAMETER | "unknown" ;
    /// - Parameter valueWords: on the right of a comparison, where a word that starts a stage (`group`,
    ///   `select`…) can only be a value — stages come after `|` — so `kind = group` reads.
    mutating func parsePrimary(valueWords: Bool = false) throws(ParleyError) -> Expr {
        let range = token.range
        switch token.kind {
        case .symbol where atSymbol("("):
            // parseExpression counts the level: one level a bracket.
            try advance()
            let inner = try parseExpression()
            try expectClosing(")", opening: "(", at: range)
            return inner
        case .symbol where atSymbol("-"):
            let number = try parseNegativeNumber(from: range.lowerBound)
            return .number(number.value, text: number.text, range: number.range)
        case .number:
            let value = try parseNumberValue()
            let text = self.text
            try advance()
            return .number(value, text: text, range: range)
        case .date:
            return .date(try parseDate())
        case .string:
            let value = Lexer.stringValue(token, in: source)
            try advance()
            return .string(value, range: range)
        case .parameter:
            let name = Name(parameterName, range: range, isParameter: true)
            try advance()
            return .parameter(name)
        case .identifier where at("unknown"):
            try advance()
            return .unknown(range: range)
        case .identifier where !Parser.reservedWords.contains(text) || at("count") || (valueWords && Parser.stageWords.contains(text)):
            let name = Name(text, range: range)
            if valueWords { lastBareName = range }
            try advance()
            if !Parser.reservedWords.contains(name.text), atSymbol("(") { return try parseCall(name) }
            return .field(name)
        default:
            throw unexpected("a field, a value or `(`")
        }
    }

    /// The arguments of a function named `name`, at `(`.
    private mutating func parseCall(_ name: Name) throws(ParleyError) -> Expr {
        let open = token.range
        try advance()
        var arguments = [try parseExpression()]
        while try consumeSymbol(",") { arguments.append(try parseExpression()) }
        try expectClosing(")", opening: "(", at: open)
        return .call(name, arguments)
    }

    /// The numeric value of the current number token; `3rd` and `1e9x` are errors.
    mutating func parseNumberValue() throws(ParleyError) -> Double {
        guard let value = Double(text), value.isFinite else {
            throw ParleyError(SyntaxProblem.notANumber(text), at: SourceSpan(source, token.range))
        }
        return value
    }
}

extension Parser {
    /// `- NUMBER`, at `-`: a negative number literal, its text and range including the sign.
    mutating func parseNegativeNumber(from start: Int) throws(ParleyError) -> (value: Double, text: String, range: Range<Int>) {
        try advance()
        guard token.kind == .number else { throw unexpected("a number after `-`") }
        let value = try parseNumberValue()
        let text = "-" + self.text
        let end = token.range.upperBound
        try advance()
        return (-value, text, start..<end)
    }
}
