import ParleySupport

/// A cursor over UTF-8 bytes that yields tokens (SQLite's `tokenize.c`, swift-syntax's `Lexer.Cursor`).
///
/// Statement ends follow one rule everywhere (shell, `-e`, scripts): a line break or `;` ends a statement,
/// except inside brackets, after a `|`, or when the next line starts with `|`. `--` starts a comment.
public struct Lexer {
    public let source: SourceText
    private let bytes: [UInt8]
    private(set) var position: Int
    private(set) var bracketDepth = 0
    private var previous: Token.Kind = .terminator
    private(set) var previousWasPipe = false

    public init(_ source: SourceText, at position: Int = 0) {
        self.source = source
        self.bytes = source.bytes
        self.position = position
    }

    /// The byte at `position + offset`, or 0 past the end.
    @inline(__always)
    func peek(at offset: Int = 0) -> UInt8 {
        let index = position + offset
        return index < bytes.count ? bytes[index] : 0
    }

    /// The next token. A lexical error (an unterminated string, a stray byte) is thrown with its location.
    public mutating func next() throws(ParleyError) -> Token {
        while true {
            skipSpaceAndComments()
            guard position < bytes.count else {
                return emit(.endOfInput, position..<position)
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: ";") {
                let start = position
                position += 1
                if byte == UInt8(ascii: "\n") && (bracketDepth > 0 || previousWasPipe || nextLineStartsWithPipe()) {
                    continue
                }
                if byte == UInt8(ascii: ";") && bracketDepth > 0 {
                    // `;` inside brackets is an error the parser reports as an unexpected token.
                    return emit(.symbol, start..<position)
                }
                return emit(.terminator, start..<position)
            }
            return try scanToken(byte)
        }
    }

    private mutating func emit(_ kind: Token.Kind, _ range: Range<Int>) -> Token {
        previous = kind
        previousWasPipe = kind == .symbol && range.count == 1 && bytes[range.lowerBound] == UInt8(ascii: "|")
        return Token(kind, range)
    }

    private mutating func skipSpaceAndComments() {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
            } else if byte == UInt8(ascii: "-") && peek(at: 1) == UInt8(ascii: "-") {
                while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }

    /// Whether the next line that holds anything starts with `|` (a pipeline continued on it).
    private func nextLineStartsWithPipe() -> Bool {
        var index = position
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                index += 1
            } else {
                return byte == UInt8(ascii: "|")
            }
        }
        return false
    }

    private mutating func scanToken(_ byte: UInt8) throws(ParleyError) -> Token {
        let start = position
        switch ByteClass.of(byte) {
        case .letter:
            position += 1
            while position < bytes.count, ByteClass.of(bytes[position]).continuesIdentifier { position += 1 }
            return emit(.identifier, start..<position)
        case .digit:
            return scanNumberOrDate()
        case .quote:
            return try scanString(quote: byte)
        case .dollar:
            position += 1
            while position < bytes.count, ByteClass.of(bytes[position]).continuesIdentifier { position += 1 }
            if position == start + 1 {
                throw ParleyError(SyntaxProblem.parameterWithoutName, at: SourceSpan(source, start..<position))
            }
            return emit(.parameter, start..<position)
        case .open:
            bracketDepth += 1
            position += 1
            return emit(.symbol, start..<position)
        case .close:
            bracketDepth = max(0, bracketDepth - 1)
            position += 1
            return emit(.symbol, start..<position)
        case .operator:
            position += 1
            let second = peek()
            switch (byte, second) {
            case (UInt8(ascii: "!"), UInt8(ascii: "=")), (UInt8(ascii: "<"), UInt8(ascii: "=")),
                 (UInt8(ascii: ">"), UInt8(ascii: "=")), (UInt8(ascii: "<"), UInt8(ascii: ">")),
                 (UInt8(ascii: "-"), UInt8(ascii: ">")), (UInt8(ascii: "<"), UInt8(ascii: "-")):
                position += 1
            default:
                if byte == UInt8(ascii: "!") {
                    throw ParleyError(SyntaxProblem.loneBang, at: SourceSpan(source, start..<position))
                }
            }
            return emit(.symbol, start..<position)
        case .other:
            let length = max(1, utf8Length(byte))
            let end = min(bytes.count, start + length)
            let shown = source.text(start..<end)
            throw ParleyError(SyntaxProblem.unexpectedCharacter(shown), at: SourceSpan(source, start..<end))
        case .space:
            // skipSpaceAndComments consumed these; unreachable in practice.
            position += 1
            return try next()
        }
    }

    private func utf8Length(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >> 5 == 0b110 { return 2 }
        if lead >> 4 == 0b1110 { return 3 }
        return 4
    }

    /// `42`, `3.5`, `2024-03-05`, `2024-03`, `2024-W09`.
    private mutating func scanNumberOrDate() -> Token {
        let start = position
        while isDigit(peek()) { position += 1 }
        let integerDigits = position - start
        if integerDigits == 4 && peek() == UInt8(ascii: "-") {
            if isDigit(peek(at: 1)) && isDigit(peek(at: 2)) && !isDigit(peek(at: 3)) {
                position += 3
                if peek() == UInt8(ascii: "-") && isDigit(peek(at: 1)) && isDigit(peek(at: 2)) && !isDigit(peek(at: 3)) {
                    position += 3
                }
                return emit(.date, start..<position)
            }
            if peek(at: 1) == UInt8(ascii: "W") && isDigit(peek(at: 2)) && isDigit(peek(at: 3)) && !isDigit(peek(at: 4)) {
                position += 4
                return emit(.date, start..<position)
            }
        }
        if peek() == UInt8(ascii: ".") && isDigit(peek(at: 1)) {
            position += 1
            while isDigit(peek()) { position += 1 }
        }
        // `3rd`, `12abc`: a number glued to letters is an error the parser can point at.
        while position < bytes.count, ByteClass.of(bytes[position]) == .letter { position += 1 }
        return emit(.number, start..<position)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func scanString(quote: UInt8) throws(ParleyError) -> Token {
        let start = position
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
                position += 1
                return emit(.string, start..<position)
            }
            if byte == UInt8(ascii: "\\") { position += 1 }
            position += 1
        }
        throw ParleyError(SyntaxProblem.unterminatedString, at: SourceSpan(source, start..<start + 1),
                          hint: "close it with \(quote == UInt8(ascii: "'") ? "'" : "\"")")
    }

    /// The decoded value of a string token: quotes removed, `\"`, `\\`, `\n`, `\t` unescaped.
    public static func stringValue(_ token: Token, in source: SourceText) -> String {
        let bytes = source.bytes
        var out: [UInt8] = []
        out.reserveCapacity(token.range.count)
        var index = token.range.lowerBound + 1
        let end = token.range.upperBound - 1
        while index < end {
            var byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < end {
                index += 1
                switch bytes[index] {
                case UInt8(ascii: "n"): byte = UInt8(ascii: "\n")
                case UInt8(ascii: "t"): byte = UInt8(ascii: "\t")
                default: byte = bytes[index]
                }
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What a byte can start or continue, from a 256-entry table (SQLite's `aiClass`).
package enum ByteClass: UInt8 {
    case space, letter, digit, quote, dollar, open, close, `operator`, other

    package var continuesIdentifier: Bool { self == .letter || self == .digit }

    package static func of(_ byte: UInt8) -> ByteClass { table[Int(byte)] }

    private static let table: [ByteClass] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): return .space
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): return .letter
        case 0x80...0xFF: return .letter  // UTF-8 sequences: names in Cyrillic, Arabic…
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .quote
        case UInt8(ascii: "$"): return .dollar
        case UInt8(ascii: "("), UInt8(ascii: "["): return .open
        case UInt8(ascii: ")"), UInt8(ascii: "]"): return .close
        case UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "/"),
             UInt8(ascii: ":"), UInt8(ascii: "."):
            return .operator
        default: return .other
        }
    }
}

extension Lexer {
    /// Whether `text` stops mid-statement — a bracket or string still open, or a trailing `|` — so a
    /// shell should ask for another line (SQLite's `sqlite3_complete`).
    public static func needsMoreInput(_ text: String) -> Bool {
        let source = SourceText(name: "", text: text)
        var lexer = Lexer(source)
        // Read before the end-of-input token, whose emission clears it.
        var endsWithPipe = false
        while true {
            do {
                let token = try lexer.next()
                if token.kind == .endOfInput { break }
                endsWithPipe = lexer.previousWasPipe
            } catch {
                return error.problem as? SyntaxProblem == .unterminatedString
            }
        }
        return lexer.bracketDepth > 0 || endsWithPipe
    }
}
