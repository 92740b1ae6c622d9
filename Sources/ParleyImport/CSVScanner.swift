#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleySupport

/// A byte-level CSV reader (RFC 4180: quotes, doubled quotes, line breaks inside quotes, CRLF, a
/// byte-order mark) that reads a file in chunks and hands each row's fields to a callback as byte
/// ranges into its buffer — no `String`, no per-field allocation.
///
/// A malformed row is an error naming the file, line and column.
struct CSVScanner {
    static let defaultChunkSize = 16 << 20
    /// Longest row accepted; a file with no line breaks at all should not eat the memory.
    static let maximumRowBytes = 64 << 20

    let path: String
    /// Bytes read at a time, and the buffer's first size.
    private let chunkSize: Int
    private let descriptor: Int32
    /// Bytes read and not yet consumed sit in `buffer[start..<end]`.
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    private var atEndOfFile = false
    /// 1-based line where the next row starts.
    private(set) var line = 1
    /// Bytes of the file before `buffer[0]`, for error offsets.
    private var consumedBefore = 0
    private var checkedUpTo = 0
    /// Where the first invalid UTF-8 byte is in `buffer`, once the check has met one. The rows before
    /// it read as usual and the row holding it is the error, so errors come in the file's order
    /// whatever the size of the reads.
    private var invalidUTF8At: Int?

    /// The current row's fields as ranges into `buffer` (unsafe storage: appends on the hot path
    /// must not pay for uniqueness checks). Made last in `init`, so a file that cannot be read leaks none.
    private(set) var fields: FieldList
    private var scratch: [UInt8] = []

    init(path: String, chunkSize: Int) throws(ParleyError) {
        self.path = path
        self.chunkSize = max(1, chunkSize)
        descriptor = try CSVScanner.openForReading(path)
        buffer = .allocate(capacity: self.chunkSize)
        fields = FieldList()
    }

    func close() {
        _ = Glibc.close(descriptor)
        buffer.deallocate()
        fields.deallocate()
    }

    /// Reads more of the file after `end`, moving unconsumed bytes to the front first.
    private mutating func refill() throws(ParleyError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 {
                memmove(buffer.baseAddress!, buffer.baseAddress! + start, remaining)
            }
            consumedBefore += start
            checkedUpTo -= start
            if let bad = invalidUTF8At { invalidUTF8At = bad - start }
            end = remaining
            start = 0
        }
        if end == buffer.count {
            guard buffer.count < CSVScanner.maximumRowBytes else {
                throw error(.rowTooLong(mebibytes: CSVScanner.maximumRowBytes >> 20), at: 0)
            }
            let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
            memcpy(grown.baseAddress!, buffer.baseAddress!, end)
            buffer.deallocate()
            buffer = grown
        }
        while end < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + end, buffer.count - end)
            if count < 0 {
                if errno == EINTR {
                    if Interrupt.isRequested { throw ParleyError(SupportProblem.interrupted) }
                    continue
                }
                throw ParleyError(SupportProblem.cannotRead(path: path, reason: String(cString: strerror(errno))))
            }
            if count == 0 {
                atEndOfFile = true
                break
            }
            end += count
            // Fill the buffer in few large reads, but do not wait for more than one.
            if end - start >= chunkSize / 2 { break }
        }
        checkUTF8()
    }

    /// Finds invalid UTF-8 as it arrives, stopping short of a sequence cut by the chunk's end.
    private mutating func checkUTF8() {
        guard invalidUTF8At == nil else { return }
        var limit = end
        if !atEndOfFile {
            // Leave a possibly incomplete trailing sequence for the next round.
            var back = 0
            while back < 3 && limit - back - 1 >= checkedUpTo && buffer[limit - back - 1] & 0xC0 == 0x80 { back += 1 }
            if limit - back - 1 >= checkedUpTo && buffer[limit - back - 1] >= 0xC0 { limit -= back + 1 }
        }
        guard limit > checkedUpTo else { return }
        let slice = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[checkedUpTo..<limit])
        if let bad = UTF8Check.firstInvalidOffset(slice) {
            invalidUTF8At = checkedUpTo + bad
            return
        }
        checkedUpTo = limit
    }

    /// Reads the next row into `fields`; false at the end of the file.
    /// - Parameter expectedFields: when set, a row with another number of fields is an error.
    mutating func nextRow(expectedFields: Int? = nil) throws(ParleyError) -> Bool {
        while true {
            if start == end {
                if atEndOfFile { return false }
                try refill()
                continue
            }
            if consumedBefore == 0 && start == 0 && line == 1 && end >= 3
                && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                start = 3  // byte-order mark: valid UTF-8, whether or not the check has reached it
                checkedUpTo = max(checkedUpTo, 3)
                continue
            }
            switch try scanRowBeforeInvalidUTF8() {
            case .row:
                if let expectedFields, fields.count != expectedFields {
                    if fields.count == 1 && fields.ends[0] == fields.starts[0] {
                        continue  // a blank line
                    }
                    throw error(.wrongFieldCount(expected: expectedFields, found: fields.count), at: fields.starts[fields.count - 1] - rowStart)
                }
                return true
            case .needMore:
                if atEndOfFile {
                    // scanRow treats the end of the file as the end of the last row.
                    throw error(.endsInsideQuotes, at: 0)
                }
                try refill()
            }
        }
    }

    /// Scans one row as if the file ended at the first invalid UTF-8 byte, if the check has met one:
    /// a row that reaches it is the UTF-8 error, located on its line. Bytes the check has not reached
    /// yet (a sequence cut by the end of a read) are not scanned either, so a malformed row is reported
    /// the same way however the file is read.
    private mutating func scanRowBeforeInvalidUTF8() throws(ParleyError) -> ScanResult {
        guard let bad = invalidUTF8At else {
            guard checkedUpTo < end else { return try scanRow() }
            let realEnd = end
            end = checkedUpTo
            defer { end = realEnd }
            return try scanRow()
        }
        let (realEnd, realAtEndOfFile) = (end, atEndOfFile)
        (end, atEndOfFile) = (bad, false)
        let result: ScanResult
        do {
            result = try scanRow()
        } catch {
            (end, atEndOfFile) = (realEnd, realAtEndOfFile)
            throw error
        }
        (end, atEndOfFile) = (realEnd, realAtEndOfFile)
        if result == .row { return .row }
        throw error(.invalidUTF8(offset: consumedBefore + bad), at: bad - rowStart,
                    hint: "ACLED exports are UTF-8; convert the file first (e.g. `iconv -f LATIN1 -t UTF-8`)")
    }

    private enum ScanResult { case row, needMore }
    private(set) var rowStart = 0
    private(set) var rowLine = 1

    /// Scans one row from `start`; on success moves `start` past it.
    private mutating func scanRow() throws(ParleyError) -> ScanResult {
        fields.count = 0
        let base = buffer.baseAddress!
        var position = start
        var lines = 0
        rowStart = start
        rowLine = line
        while true {
            if position >= end {
                if !atEndOfFile { return .needMore }
                // The last field of a file without a final line break.
                fields.append(position, position, escaped: false)
                start = position
                line += lines
                return .row
            }
            if base[position] == UInt8(ascii: "\"") {
                // Quoted: find the closing quote; a doubled quote is an escaped one.
                let fieldStart = position + 1
                var cursor = fieldStart
                var escaped = false
                while true {
                    guard cursor < end, let found = memchr(base + cursor, Int32(UInt8(ascii: "\"")), end - cursor) else {
                        if atEndOfFile { throw error(.endsInsideQuotes, at: position - rowStart) }
                        return .needMore
                    }
                    let quote = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                    if quote + 1 >= end && !atEndOfFile { return .needMore }
                    if quote + 1 < end && base[quote + 1] == UInt8(ascii: "\"") {
                        escaped = true
                        cursor = quote + 2
                        continue
                    }
                    lines += countLineBreaks(base + fieldStart, quote - fieldStart)
                    fields.append(fieldStart, quote, escaped: escaped)
                    position = quote + 1
                    break
                }
                // After the closing quote: a comma, the end of the line, or the end of the file.
                if position >= end {
                    if !atEndOfFile { return .needMore }
                    start = position
                    line += lines
                    return .row
                }
                let next = base[position]
                if next == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if let after = lineEnd(base, position) {
                    if after < 0 { return .needMore }
                    start = after
                    line += lines + 1
                    return .row
                }
                line += lines
                throw error(.commaAfterQuote, at: position - rowStart)
            }
            // Unquoted: up to a comma or the end of the line; skip eight plain bytes at a time.
            let fieldStart = position
            while position + 8 <= end {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                let mask = CSVScanner.specialBytes(word)
                if mask != 0 {
                    // The lowest flagged byte is exact (borrows only run upwards).
                    position += mask.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            while position < end {
                let byte = base[position]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                if byte == UInt8(ascii: "\"") {
                    line += lines
                    throw error(.quoteInUnquotedField, at: position - rowStart)
                }
                position += 1
            }
            if position >= end && !atEndOfFile { return .needMore }
            fields.append(fieldStart, position, escaped: false)
            if position >= end {
                start = position
                line += lines
                return .row
            }
            if base[position] == UInt8(ascii: ",") {
                position += 1
                if position >= end && atEndOfFile {
                    // A trailing comma: one more, empty, field.
                    fields.append(position, position, escaped: false)
                    start = position
                    line += lines
                    return .row
                }
                continue
            }
            guard let after = lineEnd(base, position) else { continue }
            if after < 0 { return .needMore }
            start = after
            line += lines + 1
            return .row
        }
    }

    /// The high bit set in each of the eight bytes that is `,`, `"`, `\n` or `\r` (the classic
    /// "has zero byte" trick, once per byte value).
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        return zeros(word ^ (ones &* 0x2C)) | zeros(word ^ (ones &* 0x22))
            | zeros(word ^ (ones &* 0x0A)) | zeros(word ^ (ones &* 0x0D))
    }

    /// The offset after a line break at `position` (`\n` or `\r\n`), -1 when more bytes are needed, nil when none is there.
    private func lineEnd(_ base: UnsafeMutablePointer<UInt8>, _ position: Int) -> Int? {
        let byte = base[position]
        if byte == UInt8(ascii: "\n") { return position + 1 }
        guard byte == UInt8(ascii: "\r") else { return nil }
        if position + 1 >= end {
            // Scanning stops short of an invalid UTF-8 byte; that byte is not `\n`, so the `\r` ends the line.
            return atEndOfFile || position + 1 == invalidUTF8At ? position + 1 : -1
        }
        return base[position + 1] == UInt8(ascii: "\n") ? position + 2 : position + 1
    }

    private func countLineBreaks(_ pointer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        var found = 0
        var cursor = pointer
        var remaining = count
        while remaining > 0, let hit = memchr(cursor, Int32(UInt8(ascii: "\n")), remaining) {
            let next = hit.assumingMemoryBound(to: UInt8.self) + 1
            remaining -= next - cursor
            cursor = next
            found += 1
        }
        return found
    }

    /// The bytes of field `index` of the current row, with doubled quotes undone.
    mutating func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let from = fields.starts[index]
        let to = fields.ends[index]
        let raw = UnsafeBufferPointer(start: buffer.baseAddress! + from, count: to - from)
        guard fields.escaped[index] else { return raw }
        return CSVScanner.undoDoubledQuotes(raw, into: &scratch)
    }

    /// A quoted field's bytes with each doubled quote made single, in `scratch` (valid until its next use).
    static func undoDoubledQuotes(_ raw: UnsafeBufferPointer<UInt8>, into scratch: inout [UInt8]) -> UnsafeBufferPointer<UInt8> {
        scratch.removeAll(keepingCapacity: true)
        var previousWasQuote = false
        for byte in raw {
            if byte == UInt8(ascii: "\"") && previousWasQuote {
                previousWasQuote = false
                continue
            }
            previousWasQuote = byte == UInt8(ascii: "\"")
            scratch.append(byte)
        }
        return scratch.withUnsafeBufferPointer { $0 }
    }

    /// The current row's bytes, as in the file, up to the end of its last field.
    var rowBytes: UnsafeBufferPointer<UInt8> {
        let end = fields.count > 0 ? max(rowStart, fields.ends[fields.count - 1]) : rowStart
        return UnsafeBufferPointer(start: buffer.baseAddress! + rowStart, count: end - rowStart)
    }

    /// The raw bytes from the start of one field to the end of a later one, separators and quotes
    /// included: a cheap key for "the same values as before".
    func rawSpan(fromField first: Int, throughField last: Int) -> UnsafeBufferPointer<UInt8> {
        let from = fields.starts[first]
        let to = max(from, fields.ends[last])
        return UnsafeBufferPointer(start: buffer.baseAddress! + from, count: to - from)
    }

    /// The 1-based line and column of a byte offset within the current row, for errors.
    func location(ofRowOffset offset: Int) -> (line: Int, column: Int) {
        var line = rowLine
        var column = 1
        var index = rowStart
        let target = rowStart + offset
        while index < target && index < end {
            if buffer[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if buffer[index] & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// A data error at a byte offset in the current row, shown with the row's line and a caret.
    func error(_ problem: ImportProblem, at rowOffset: Int, hint: String? = nil) -> ParleyError {
        let (errorLine, _) = location(ofRowOffset: rowOffset)
        // The line holding the error, as its own small source, so the renderer can draw the caret.
        var lineStart = rowStart + rowOffset
        while lineStart > rowStart && buffer[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var lineEnd = rowStart + rowOffset
        while lineEnd < end && buffer[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        var bytes = Array(UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[lineStart..<lineEnd]))
        // The line goes on past what was read: show it as in the file, whatever the size of the reads.
        if lineEnd == end { bytes += restOfLine(atFileOffset: consumedBefore + end) }
        let valid = UTF8Check.firstInvalidOffset(bytes) == nil ? bytes : Array(String(decoding: bytes, as: UTF8.self).utf8)
        let source = SourceText(name: path, bytes: valid, firstLine: errorLine)
        let offset = min(rowStart + rowOffset - lineStart, valid.count)
        return ParleyError(problem, at: SourceSpan(source, offset..<offset + 1), hint: hint)
    }

    /// The file's bytes from `offset` to the end of that line, up to a few KiB (what an error shows of a
    /// line is shorter); read without moving the file position.
    private func restOfLine(atFileOffset offset: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard count > 0 else { return [] }
        bytes.removeSubrange(count...)
        if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) { bytes.removeSubrange(newline...) }
        return bytes
    }

    /// An error about field `index` of the current row.
    func error(_ problem: ImportProblem, field index: Int, hint: String? = nil) -> ParleyError {
        error(problem, at: max(0, fields.starts[index] - rowStart), hint: hint)
    }
}

/// A row's field boundaries in manually managed storage that grows as rows get wider.
struct FieldList {
    private(set) var starts: UnsafeMutablePointer<Int>
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var escaped: UnsafeMutablePointer<Bool>
    private var capacity = 64
    var count = 0

    init() {
        starts = .allocate(capacity: 64)
        ends = .allocate(capacity: 64)
        escaped = .allocate(capacity: 64)
    }

    @inline(__always)
    mutating func append(_ start: Int, _ end: Int, escaped isEscaped: Bool) {
        if count == capacity { grow() }
        starts[count] = start
        ends[count] = end
        escaped[count] = isEscaped
        count += 1
    }

    private mutating func grow() {
        let larger = capacity * 2
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        let newEscaped = UnsafeMutablePointer<Bool>.allocate(capacity: larger)
        newStarts.update(from: starts, count: count)
        newEnds.update(from: ends, count: count)
        newEscaped.update(from: escaped, count: count)
        deallocate()
        (starts, ends, escaped, capacity) = (newStarts, newEnds, newEscaped, larger)
    }

    func deallocate() {
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
    }
}

extension CSVScanner {
    /// Opens a data file for reading; a file that cannot be opened, or a directory, is an error naming it.
    static func openForReading(_ path: String) throws(ParleyError) -> Int32 {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ParleyError(SupportProblem.cannotRead(path: path, reason: String(cString: strerror(errno))))
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            _ = Glibc.close(descriptor)
            throw ParleyError(ImportProblem.isADirectory(path: path))
        }
        return descriptor
    }
}
