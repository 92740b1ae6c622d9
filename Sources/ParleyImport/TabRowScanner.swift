#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleySupport

/// Where a tab-separated file's bytes come from: a file, or an entry of a zip inflated as it is read.
protocol ByteSource {
    /// What errors call it: the path, or `archive.zip/entry.CSV`.
    var name: String { get }
    /// Fills the start of `buffer`; 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParleyError) -> Int
    /// Reads whatever is left, so a zip entry's CRC-32 is checked; throws if the bytes are damaged.
    mutating func finish() throws(ParleyError)
    func close()
}

/// A plain file's bytes, by `read(2)`.
struct FileByteSource: ByteSource {
    let name: String
    private let descriptor: Int32

    /// Opens `path` for reading; a directory is an error.
    init(path: String) throws(ParleyError) {
        name = path
        descriptor = try CSVScanner.openForReading(path)
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParleyError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR {
                if Interrupt.isRequested { throw ParleyError(SupportProblem.interrupted) }
                continue
            }
            throw ParleyError(SupportProblem.cannotRead(path: name, reason: String(cString: strerror(errno))))
        }
    }

    mutating func finish() throws(ParleyError) {}

    func close() { _ = Glibc.close(descriptor) }
}

/// Reads rows of tab-separated fields (no quoting, `\n` or `\r\n` line ends) from a `ByteSource` in
/// blocks, handing each row's fields as byte ranges into its buffer: no `String`, no per-row allocation.
/// Each row is checked for UTF-8 whole, so an error is located on its line however the reads fall.
struct TabRowScanner<Source: ByteSource> {
    static var defaultChunkSize: Int { 16 << 20 }
    /// Longest row accepted (a GDELT row is well under 2 KiB): a file with no line breaks is refused early.
    static var maximumRowBytes: Int { 1 << 20 }
    /// Field boundaries kept per row; a row with more fields is counted, not stored.
    static var maximumFields: Int { 64 }

    private(set) var source: Source
    private let chunkSize: Int
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// Unconsumed bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEndOfSource = false
    /// Bytes of the source before `buffer[0]`, for errors' offsets.
    private var consumedBefore = 0
    /// 1-based line of the current row.
    private(set) var line = 0
    private var nextLine = 1
    /// The current row: `buffer[rowStart..<rowEnd]`, without its line break.
    private(set) var rowStart = 0
    private(set) var rowEnd = 0
    /// The current row's fields: `buffer[starts[i]..<ends[i]]`, for `i < min(fieldCount, maximumFields)`.
    let starts: UnsafeMutablePointer<Int>
    let ends: UnsafeMutablePointer<Int>
    private(set) var fieldCount = 0

    init(_ source: Source, chunkSize: Int = TabRowScanner.defaultChunkSize) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        buffer = .allocate(capacity: self.chunkSize)
        starts = .allocate(capacity: TabRowScanner.maximumFields)
        ends = .allocate(capacity: TabRowScanner.maximumFields)
    }

    func close() {
        source.close()
        buffer.deallocate()
        starts.deallocate()
        ends.deallocate()
    }

    /// Reads whatever the source has left (a zip entry's CRC-32 is checked then).
    mutating func finish() throws(ParleyError) { try source.finish() }

    /// Moves the unconsumed bytes to the front and reads more after them, growing the buffer when a
    /// row fills it.
    private mutating func refill() throws(ParleyError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, remaining) }
            end = remaining
            consumedBefore += start
            start = 0
        }
        if end == buffer.count {
            guard buffer.count < TabRowScanner.maximumRowBytes else {
                rowStart = 0
                rowEnd = end
                line = nextLine
                throw error(.rowTooLong(mebibytes: max(1, TabRowScanner.maximumRowBytes >> 20)), atRowOffset: 0)
            }
            let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(buffer.count * 2, TabRowScanner.maximumRowBytes))
            memcpy(grown.baseAddress!, buffer.baseAddress!, end)
            buffer.deallocate()
            buffer = grown
        }
        while end < buffer.count {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[end...]))
            if count == 0 {
                atEndOfSource = true
                return
            }
            end += count
            if end - start >= chunkSize / 2 { return }
        }
    }

    /// Reads the next non-blank row and splits it into fields; false at the end.
    /// - Throws: invalid UTF-8 in the row, a row past `maximumRowBytes`, a read error.
    mutating func nextRow() throws(ParleyError) -> Bool {
        while true {
            var searched = start
            var newline: Int?
            while true {
                if searched < end, let hit = memchr(buffer.baseAddress! + searched, Int32(UInt8(ascii: "\n")), end - searched) {
                    newline = hit.assumingMemoryBound(to: UInt8.self) - buffer.baseAddress!
                    break
                }
                if atEndOfSource { break }
                // Searched up to `end`; the refill moves the bytes down by `start`.
                let scanned = end - start
                try refill()
                searched = start + scanned
            }
            if newline == nil && start == end { return false }
            rowStart = start
            rowEnd = newline ?? end
            start = newline.map { $0 + 1 } ?? end
            line = nextLine
            nextLine += 1
            if rowEnd > rowStart && buffer[rowEnd - 1] == UInt8(ascii: "\r") { rowEnd -= 1 }
            if rowEnd == rowStart { continue }  // a blank line
            if rowEnd - rowStart > TabRowScanner.maximumRowBytes {
                throw error(.rowTooLong(mebibytes: max(1, TabRowScanner.maximumRowBytes >> 20)), atRowOffset: 0)
            }
            let row = UnsafeBufferPointer(start: buffer.baseAddress! + rowStart, count: rowEnd - rowStart)
            if let bad = UTF8Check.firstInvalidOffset(row) {
                throw error(.invalidUTF8(offset: consumedBefore + rowStart + bad), atRowOffset: bad,
                            hint: "GDELT files are UTF-8; convert the file first (e.g. `iconv -f LATIN1 -t UTF-8`)")
            }
            splitFields()
            return true
        }
    }

    /// Finds the row's tabs eight bytes at a time.
    private mutating func splitFields() {
        let base = buffer.baseAddress!
        var count = 0
        var fieldStart = rowStart
        var position = rowStart
        @inline(__always) func boundary(_ at: Int) {
            if count < TabRowScanner.maximumFields {
                starts[count] = fieldStart
                ends[count] = at
            }
            count += 1
            fieldStart = at + 1
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tabs = ones &* UInt64(UInt8(ascii: "\t"))
        while position + 8 <= rowEnd {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self) ^ tabs
            var mask = (word &- ones) & ~word & 0x8080_8080_8080_8080
            while mask != 0 {
                // A borrow can flag a byte above a true tab: check each one.
                let at = position + mask.trailingZeroBitCount >> 3
                if base[at] == UInt8(ascii: "\t") { boundary(at) }
                mask &= mask - 1
            }
            position += 8
        }
        while position < rowEnd {
            if base[position] == UInt8(ascii: "\t") { boundary(position) }
            position += 1
        }
        boundary(rowEnd)
        fieldCount = count
    }

    /// The bytes of field `index` (< `maximumFields`) of the current row.
    @inline(__always)
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer.baseAddress! + starts[index], count: ends[index] - starts[index])
    }

    /// The whole buffer, which `starts` and `ends` index.
    var rowBuffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(buffer) }

    /// The byte offset of field `index` within the current row (the row's end for a field past the last).
    func rowOffset(ofField index: Int) -> Int {
        index < min(fieldCount, TabRowScanner.maximumFields) ? starts[index] - rowStart : rowEnd - rowStart
    }

    /// An error at a byte offset in the current row: the row as a one-line source with its real line
    /// number, so the renderer draws it with a caret.
    func error(_ problem: ImportProblem, atRowOffset offset: Int, hint: String? = nil) -> ParleyError {
        // What an error shows of a line is shorter than this.
        let shown = min(rowEnd - rowStart, max(offset + 1, 4096))
        var bytes = Array(UnsafeBufferPointer(start: buffer.baseAddress! + rowStart, count: shown))
        if UTF8Check.firstInvalidOffset(bytes) != nil {
            // The bytes before `offset` are valid when the problem is the first invalid one.
            let valid = Array(bytes[..<min(offset, bytes.count)])
            bytes = valid + Array(String(decoding: bytes[min(offset, bytes.count)...], as: UTF8.self).utf8)
        }
        let source = SourceText(name: self.source.name, bytes: bytes, firstLine: line)
        let at = min(offset, bytes.count)
        return ParleyError(problem, at: SourceSpan(source, at..<at + 1), hint: hint)
    }

    /// An error about field `index` of the current row.
    func error(_ problem: ImportProblem, field index: Int) -> ParleyError {
        error(problem, atRowOffset: rowOffset(ofField: index))
    }
}
