/// One piece of input — a script file, an `-e` argument, standard input, a shell line — held as UTF-8 bytes.
///
/// Tokens and diagnostics refer into it by byte offset; nothing copies the text.
public struct SourceText: Sendable {
    /// What errors call it: a path, `-e#2`, `<stdin>`, `<shell>`.
    public let name: String
    public let bytes: [UInt8]
    /// The line number of the first line: a snippet of a large file keeps its real line numbers.
    public let firstLine: Int

    public init(name: String, bytes: [UInt8], firstLine: Int = 1) {
        self.name = name
        self.bytes = bytes
        self.firstLine = firstLine
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The 1-based line and column (in characters, not bytes) of a byte offset.
    /// - Complexity: O(offset).
    public func location(at offset: Int) -> SourceLocation {
        let end = min(max(offset, 0), bytes.count)
        var line = firstLine
        var lineStart = 0
        var index = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        index = lineStart
        while index < end {
            // Count the first byte of each UTF-8 sequence only.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(source: name, line: line, column: column, offset: end)
    }

    /// The text of the line holding `offset`, without its newline.
    public func lineText(at offset: Int) -> String {
        let clamped = min(max(offset, 0), bytes.count)
        var start = clamped
        while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = clamped
        while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The text of a byte range.
    public func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

/// Where something is: the source's name, 1-based line and column, and the byte offset.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var column: Int
    public var offset: Int

    public var description: String { "\(source):\(line):\(column)" }
}
