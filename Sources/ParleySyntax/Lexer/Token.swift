/// A token: what it is and where its bytes are. The text is never copied until a parser asks for it.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A word: a name, a keyword (keywords are contextual), a field.
        case identifier
        /// `"…"` or `'…'`, escapes decoded by `Lexer.stringValue`.
        case string
        /// `42`, `3.5`.
        case number
        /// `2024-03-05`, `2024-03`, `2024-W09`.
        case date
        /// `$name`, filled from `-p name=value` or `.param`.
        case parameter
        /// Punctuation and operators: `(`, `)`, `[`, `]`, `,`, `|`, `=`, `!=`, `<`, `<=`, `>`, `>=`, `->`, `<-`, `-`, `+`, `*`, `/`.
        case symbol
        /// A line break or `;` that ends a statement.
        case terminator
        case endOfInput
    }

    public var kind: Kind
    public var range: Range<Int>

    public init(_ kind: Kind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}
