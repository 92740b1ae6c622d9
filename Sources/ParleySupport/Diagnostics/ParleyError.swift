/// One thing that can go wrong, as a case of a layer's own enum (`SyntaxProblem`, `EvalProblem`…):
/// code matches on the case, and the case renders the sentence a user reads.
public protocol Problem: Sendable {
    /// Which stage found it.
    var kind: ParleyError.Kind { get }
    /// The sentence after `error:`.
    var message: String { get }
}

/// Every error Parley reports to a user: what went wrong, where it happened, and what might help.
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

    /// What went wrong: match on it (`error.problem as? SyntaxProblem`), never on the message.
    public var problem: any Problem
    /// The source and byte span the error points at, when it points anywhere.
    public var span: SourceSpan?
    /// A last line: "did you mean …", "qualify it as …".
    public var hint: String?

    public var kind: Kind { problem.kind }
    public var message: String { problem.message }

    public init(_ problem: some Problem, at span: SourceSpan? = nil, hint: String? = nil) {
        self.problem = problem
        self.span = span
        self.hint = hint
    }

    /// The same error pointing at `span` instead.
    public func at(_ span: SourceSpan?) -> ParleyError {
        var copy = self
        copy.span = span
        return copy
    }

    public static func == (lhs: ParleyError, rhs: ParleyError) -> Bool {
        lhs.kind == rhs.kind && lhs.message == rhs.message && lhs.span == rhs.span && lhs.hint == rhs.hint
    }
}

/// What the lowest layer reports itself: a stop, and text that is not UTF-8.
public enum SupportProblem: Problem, Equatable {
    /// The user pressed Ctrl-C.
    case interrupted
    /// The `.timeout` limit passed; `limit` is as the user reads it ("200 ms", "2 s").
    case timedOut(limit: String)
    /// A byte that cannot be UTF-8, at a byte offset and line, shown in hex.
    case invalidUTF8(offset: Int, line: Int, byte: String)
    /// A file that cannot be opened or read; `reason` is the system's.
    case cannotRead(path: String, reason: String)

    public var kind: ParleyError.Kind {
        switch self {
        case .interrupted: .interrupted
        case .timedOut: .limit
        case .invalidUTF8: .syntax
        case .cannotRead: .io
        }
    }

    public var message: String {
        switch self {
        case .interrupted: "interrupted"
        case .timedOut(let limit): "stopped after the \(limit) `.timeout`"
        case .invalidUTF8(let offset, let line, let byte): "invalid UTF-8 at byte \(offset) (line \(line)): byte 0x\(byte)"
        case .cannotRead(let path, let reason): "cannot read `\(path)`: \(reason)"
        }
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
