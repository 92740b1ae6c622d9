import ParleySyntax

/// Parley text on its way to a sink, handed over a chunk of about a mebibyte at a time: a dump of a
/// million events never becomes one giant string.
struct DumpOutput {
    static let chunkSize = 1 << 20

    private let sink: TextSink
    private var buffer: [UInt8] = []

    init(_ sink: TextSink) {
        self.sink = sink
        buffer.reserveCapacity(DumpOutput.chunkSize + (64 << 10))
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    mutating func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// A name, bare when the lexer reads it back as one, quoted otherwise.
    mutating func writeName(_ text: String) {
        var text = text
        text.withUTF8 { Printer.appendName($0, to: &buffer) }
    }

    mutating func writeName(_ bytes: UnsafeBufferPointer<UInt8>) {
        Printer.appendName(bytes, to: &buffer)
    }

    /// A value from a fixed vocabulary (`kind group`, `level region`): bare unless it is a keyword.
    mutating func writeWord(_ word: String) {
        if Parser.reservedWords.contains(word) { writeQuoted(word) } else { write(word) }
    }

    /// Text in double quotes, escaped.
    mutating func writeQuoted(_ text: String) {
        var text = text
        text.withUTF8 { Printer.appendQuoted($0, to: &buffer) }
    }

    mutating func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        Printer.appendQuoted(bytes, to: &buffer)
    }

    /// Digits straight into the buffer: no String per number.
    mutating func writeInteger(_ value: Int64) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let start = buffer.count
        var rest = value.magnitude
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        buffer[start...].reverse()
    }

    mutating func writeNumber(_ value: Double) {
        buffer.append(contentsOf: DumpOutput.decimalText(value).utf8)
    }

    /// Ends a statement; a full chunk goes to the sink.
    mutating func endLine() {
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= DumpOutput.chunkSize { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { sink.write(utf8: $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The shortest decimal that reads back as exactly `value`, in the lexer's form: digits, a point,
    /// digits, never an exponent (`0.00001`, not `1e-05`); a leading `-` is the value's sign.
    static func decimalText(_ value: Double) -> String {
        let shortest = "\(value)"
        guard let exponentIndex = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return shortest }
        let negative = shortest.hasPrefix("-")
        let mantissa = shortest[shortest.index(shortest.startIndex, offsetBy: negative ? 1 : 0)..<exponentIndex]
        guard let exponent = Int(shortest[shortest.index(after: exponentIndex)...].drop(while: { $0 == "+" })) else { return shortest }
        // Digits without the point, and where the point falls among them.
        let digits = mantissa.filter { $0 != "." }
        let point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        var text: String
        if point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            text = digits + String(repeating: "0", count: point - digits.count) + ".0"
        } else {
            text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        if negative { text = "-" + text }
        return text
    }
}
