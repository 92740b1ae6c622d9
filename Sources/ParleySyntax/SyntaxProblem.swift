import ParleySupport

/// What the lexer and parser report: text that is not a statement, or one past a limit.
public enum SyntaxProblem: Problem, Equatable {
    /// A `$` with no parameter name after it.
    case parameterWithoutName
    /// A `!` not followed by `=`.
    case loneBang
    /// A character no token starts with, as written.
    case unexpectedCharacter(String)
    /// A string whose closing quote never comes.
    case unterminatedString
    /// Something other than what the grammar needs here; both are described for the reader.
    case expected(what: String, found: String)
    /// A number token that does not read as a number.
    case notANumber(String)
    /// A date literal whose fields are out of range (month 13, 30 February, week 54).
    case invalidDate(String)
    /// A number where a date goes that is not a four-digit year.
    case notADate(String)
    /// A query that starts with a word that is no kind.
    case unknownKind(String)
    /// Bare words in a row that read as a name and then something else: one name, to be quoted.
    case unquotedName(String)
    /// SQL's `==` in a comparison, which Parley writes `=`.
    case doubleEquals
    /// SQL's `like`, `ilike`, `not like` or `not ilike`, as written; Parley searches text with `contains` and `mentioning`.
    case like(String)
    /// SQL's `*` in `select`; a query without `select` shows its kind's columns.
    case selectStar
    /// `not where` or `not not`: `not` goes inside `where`, and twice is nothing.
    case notBeforeWhere
    /// A statement larger than the parser accepts, in MiB.
    case statementTooLong(mebibytes: Int)
    /// A statement nested deeper than the parser accepts.
    case nestedTooDeep(levels: Int)

    public var kind: ParleyError.Kind {
        switch self {
        case .statementTooLong, .nestedTooDeep: .limit
        default: .syntax
        }
    }

    public var message: String {
        switch self {
        case .parameterWithoutName: "`$` must be followed by a parameter name"
        case .loneBang: "unexpected `!` (did you mean `!=`?)"
        case .unexpectedCharacter(let shown): "unexpected character `\(shown)`"
        case .unterminatedString: "unterminated string"
        case .expected(let what, let found): "expected \(what), found \(found)"
        case .notANumber(let text): "`\(text)` is not a number"
        case .invalidDate(let text): "`\(text)` is not a valid date"
        case .notADate(let text): "`\(text)` is not a date"
        case .unknownKind(let word): "unknown kind `\(word)`"
        case .unquotedName(let words): "`\(words)` looks like a name of several words"
        case .doubleEquals: "Parley has no `==`"
        case .like(let written): "Parley has no `\(written)`"
        case .selectStar: "Parley has no `select *`"
        case .notBeforeWhere: "`not` before `where` or `not`"
        case .statementTooLong(let mebibytes): "statement is longer than \(mebibytes) MiB"
        case .nestedTooDeep(let levels): "statement is nested more than \(levels) levels deep"
        }
    }
}
