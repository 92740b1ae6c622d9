/// Finds the first byte that is not part of valid UTF-8, so bad input is refused with its offset
/// before the lexer ever sees it.
public enum UTF8Check {
    /// The byte offset of the first invalid sequence, or nil when all of `bytes` is valid UTF-8.
    /// - Complexity: O(n), eight ASCII bytes at a time.
    public static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidOffset($0) }
    }

    /// The offset of the first invalid sequence in `buffer`, or nil.
    public static func firstInvalidOffset(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = buffer.count
        var index = 0
        while index < count {
            // Skip ASCII a word at a time.
            if index + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = buffer[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
            default: return index
            }
            guard index + length <= count else { return index }
            for offset in 1..<length {
                let byte = buffer[index + offset]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }

    /// An error for invalid UTF-8 at `offset` in the named source.
    package static func error(_ source: SourceText, at offset: Int) -> ParleyError {
        let location = source.location(at: offset)
        let byte = String(source.bytes[offset], radix: 16, uppercase: true)
        return ParleyError(SupportProblem.invalidUTF8(offset: offset, line: location.line, byte: byte.count == 1 ? "0" + byte : byte),
                           hint: "Parley reads UTF-8 text; convert the file first (e.g. `iconv -f LATIN1 -t UTF-8`)")
    }
}
