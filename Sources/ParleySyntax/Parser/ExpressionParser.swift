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

    /// comparison = primary [ compareOp primary | "is" [ "not" ] "unknown" | "contains" primary | "in" "(" primary { "," primary } ")" ] ;
    mutating func parseComparison() throws(ParleyError) -> Expr {
        let left = try parsePrimary()
        if let op = parseCompareOp() {
            if op == .equal, try atDoubleEquals() { throw doubleEqualsError(after: left) }
            try advance()
            return .compare(left, op, try parsePrimary(valueWords: true))
        }
        if try consume("is") {
            let negated = try consume("not")
            try expect("unknown", " after `is`")
            return .isUnknown(left, negated: negated)
        }
        if try consume("contains") {
            return .contains(left, try parsePrimary())
        }
        if at("in"), peekIs(try peekToken(), symbol: "(") {
            try advance()
            let open = token.range
            try advance()
            var values = [try parsePrimary(valueWords: true)]
            while try consumeSymbol(",") {
                values.append(try parsePrimary(valueWords: true))
            }
            try expectClosing(")", opening: "(", at: open)
            return .oneOf(left, values)
        }
        if atLike() { throw likeError(after: left) }
        return left
    }

    /// compareOp = "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ;
    func parseCompareOp() -> Comparison? {
        guard token.kind == .symbol else { return nil }
        let symbol = text
        if symbol == "<>" { return .notEqual }
        return Comparison(rawValue: symbol)
    }

    /// primary = "(" expr ")" | IDENTIFIER | STRING | NUMBER | "-" NUMBER | DATE | PARAMETER | "unknown" ;
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
            return .field(name)
        default:
            throw unexpected("a field, a value or `(`")
        }
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
