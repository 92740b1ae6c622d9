import ParleyGraph
import ParleySupport

/// What people used to SQL type where Parley has another form: `==`, `like`, `select *`. None of it is
/// grammar; each is checked only where the parser would otherwise fail, and refused where it stands
/// with the Parley form in the hint.
extension Parser {
    /// Whether the current token is `=` with another `=` right after it. The token after `=` is read
    /// anyway, so an error reading it is the one a valid comparison would meet too.
    mutating func atDoubleEquals() throws(ParleyError) -> Bool {
        guard atSymbol("=") else { return false }
        let next = try peekToken()
        return peekIs(next, symbol: "=") && next.range.lowerBound == token.range.upperBound
    }

    /// At `==` after `left`: the error, with the comparison written with `=` when a value follows.
    mutating func doubleEqualsError(after left: Expr) -> ParleyError {
        let range = token.range.lowerBound..<token.range.upperBound + 1
        var hint = "Parley compares with a single `=`"
        if (try? advance()) != nil, (try? advance()) != nil, let right = try? parsePrimary() {
            hint += ": `\(Printer.expression(.compare(left, .equal, right)))`"
        }
        return ParleyError(SyntaxProblem.doubleEquals, at: SourceSpan(source, range), hint: hint)
    }

    /// Whether the current token starts `like`, `ilike`, `not like` or `not ilike`, in any case. Past a
    /// comparison's left side `not` is already an error: one in reading the token after it stays unseen.
    mutating func atLike() -> Bool {
        if isLikeWord(token) { return true }
        guard token.kind == .identifier, text.lowercased() == "not", let next = try? peekToken() else { return false }
        return isLikeWord(next)
    }

    private func isLikeWord(_ token: Token) -> Bool {
        guard token.kind == .identifier else { return false }
        let word = source.text(token.range).lowercased()
        return word == "like" || word == "ilike"
    }

    /// At `like` or `not like` after `left`: the error, with `contains` and `mentioning` written out for
    /// the pattern, its `%` wildcards dropped.
    mutating func likeError(after left: Expr) -> ParleyError {
        let start = token.range.lowerBound
        var written = text
        let negated = !isLikeWord(token)
        if negated {
            _ = try? advance()
            written += " " + text
        }
        let range = start..<token.range.upperBound
        var pattern = Expr.string("text", range: range)
        if (try? advance()) != nil, let value = try? parsePrimary() {
            if case let .string(written, range) = value {
                var bare = Substring(written)
                while bare.first == "%" { bare.removeFirst() }
                while bare.last == "%" { bare.removeLast() }
                pattern = .string(String(bare), range: range)
            } else {
                pattern = value
            }
        }
        let contains = Expr.contains(left, pattern)
        let hint = negated
            ? "`\(Printer.expression(.not(contains)))` keeps the rows without it; `contains` ignores case and needs no `%`"
            : "`\(Printer.expression(contains))` searches one field, `mentioning \(Printer.expression(pattern))` every text field; both ignore case and need no `%`"
        return ParleyError(SyntaxProblem.like(written), at: SourceSpan(source, range), hint: hint)
    }

    /// At `*` in `select`: the error, pointing at the default columns and the kind's fields.
    func selectStarError(kind: NodeKind?) -> ParleyError {
        let fields = kind.map { "`.schema \($0.rawValue)` lists every field" } ?? "`.schema` lists every kind's fields"
        return ParleyError(SyntaxProblem.selectStar, at: SourceSpan(source, token.range),
                           hint: "a query without `select` shows the default columns; " + fields)
    }
}

extension Head {
    /// The kind a query's rows are when its head names one (`incidents`; parties for `members of`).
    var namedKind: NodeKind? {
        switch self {
        case let .kind(kind, _): kind
        case .members: .parties
        case .navigate, .history, .events: nil
        }
    }
}
