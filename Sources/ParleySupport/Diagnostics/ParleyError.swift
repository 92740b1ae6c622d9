/// Every error Parley reports to a user: a message, where it happened, and what might help.
///
/// Errors are values; `DiagnosticRenderer` is the one place that turns them into text.
public struct ParleyError: Error, Sendable, Equatable {
    /// Which stage found the problem; tests and exit codes may care, users read the message.
    public enum Kind: Sendable, Equatable {
        /// The text is not a statement: a stray character, an unterminated string, a missing keyword.
        case syntax
        /// The statement is well formed but names something unknown or ambiguous, or mixes types.
        case semantic
        /// A data file or import is malformed.
        case data
        /// A limit was reached: nesting depth, statement size, result size.
        case limit
        /// The user pressed Ctrl-C.
        case interrupted
        /// Reading or writing a file failed.
        case io
        /// The command line itself is wrong (exit code 2).
        case usage
    }

    public var kind: Kind
    public var message: String
    /// The source and byte span the error points at, when it points anywhere.
    public var span: SourceSpan?
    /// A last line: "did you mean …", "qualify it as …".
    public var hint: String?

    public init(_ kind: Kind, _ message: String, at span: SourceSpan? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.span = span
        self.hint = hint
    }
}

/// A byte range within a `SourceText`.
public struct SourceSpan: Sendable, Equatable {
    public var source: SourceText
    public var range: Range<Int>

    public init(_ source: SourceText, _ range: Range<Int>) {
        self.source = source
        self.range = range
    }

    public static func == (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        lhs.source.name == rhs.source.name && lhs.range == rhs.range
    }

    public var location: SourceLocation { source.location(at: range.lowerBound) }
}
