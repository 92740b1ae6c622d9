import Dispatch

/// CSV rows read on a second thread, a batch at a time, while the importer turns the previous batch
/// into graph rows: the byte scanning and the interning each get a core.
///
/// Each batch holds its rows' bytes as in the file, where every field starts and ends, and the line
/// every row started on.
struct ReadAheadRows {
    /// Rows read ahead; immutable once made, so both threads read it without checks.
    final class Batch: @unchecked Sendable {
        /// The rows' bytes as in the file, end to end.
        let bytes: [UInt8]
        /// Field `f` of row `r` is `bytes[starts[r * width + f] ..< ends[r * width + f]]`, with doubled
        /// quotes still doubled where `escaped` says so.
        let starts: [Int]
        let ends: [Int]
        let escaped: [Bool]
        let lines: [Int]
        let rows: Int

        init(bytes: [UInt8], starts: [Int], ends: [Int], escaped: [Bool], lines: [Int]) {
            self.bytes = bytes
            self.starts = starts
            self.ends = ends
            self.escaped = escaped
            self.lines = lines
            rows = lines.count
        }

        static let empty = Batch(bytes: [], starts: [], ends: [], escaped: [], lines: [])
    }

    /// A bounded queue between the reading thread and the importer.
    private final class Channel: @unchecked Sendable {
        private let lock = DispatchQueue(label: "parley.import.channel")
        private let filled = DispatchSemaphore(value: 0)
        private let free: DispatchSemaphore
        private var queue: [Result<Batch?, ParleyError>] = []
        private var stopped = false

        init(depth: Int) { free = DispatchSemaphore(value: depth) }

        /// Waits for room, then queues; false when the reader should stop.
        func put(_ item: Result<Batch?, ParleyError>) -> Bool {
            free.wait()
            let accepted = lock.sync { () -> Bool in
                if stopped { return false }
                queue.append(item)
                return true
            }
            if accepted { filled.signal() }
            return accepted
        }

        func take() -> Result<Batch?, ParleyError> {
            filled.wait()
            let item = lock.sync { queue.removeFirst() }
            free.signal()
            return item
        }

        /// Tells the reader to stop and frees it if it waits for room.
        func stop() {
            lock.sync { stopped = true }
            free.signal()
        }

        var isStopped: Bool { lock.sync { stopped } }
    }

    static let rowsPerBatch = 8192

    let path: String
    let width: Int
    private let channel = Channel(depth: 4)
    private let finished = DispatchSemaphore(value: 0)
    private var batch = Batch.empty
    /// The current batch's storage, held by `batch`.
    private var bytes: UnsafePointer<UInt8>?
    private var starts: UnsafePointer<Int>?
    private var ends: UnsafePointer<Int>?
    private var row = -1
    private var done = false
    private var scratch: [UInt8] = []

    /// Starts reading the rows after the header on another thread; every row must have `width` fields.
    init(_ scanner: CSVScanner, width: Int) {
        path = scanner.path
        self.width = width
        let channel = self.channel
        let finished = self.finished
        let box = ScannerBox(scanner)
        DispatchQueue(label: "parley.import.reader").async {
            var scanner = box.scanner
            defer {
                scanner.close()
                finished.signal()
            }
            while !channel.isStopped {
                var bytes: [UInt8] = []
                var starts: [Int] = []
                var ends: [Int] = []
                var escaped: [Bool] = []
                var lines: [Int] = []
                bytes.reserveCapacity(4 << 20)
                starts.reserveCapacity(ReadAheadRows.rowsPerBatch * width)
                ends.reserveCapacity(ReadAheadRows.rowsPerBatch * width)
                escaped.reserveCapacity(ReadAheadRows.rowsPerBatch * width)
                do throws(ParleyError) {
                    while lines.count < ReadAheadRows.rowsPerBatch, try scanner.nextRow(expectedFields: width) {
                        lines.append(scanner.rowLine)
                        // One copy of the whole row; fields are offsets into it.
                        let shift = bytes.count - scanner.rowStart
                        bytes.append(contentsOf: scanner.rowBytes)
                        let fields = scanner.fields
                        for field in 0..<width {
                            starts.append(fields.starts[field] + shift)
                            ends.append(fields.ends[field] + shift)
                            escaped.append(fields.escaped[field])
                        }
                    }
                } catch {
                    _ = channel.put(.failure(error))
                    return
                }
                if lines.isEmpty {
                    _ = channel.put(.success(nil))
                    return
                }
                if !channel.put(.success(Batch(bytes: bytes, starts: starts, ends: ends, escaped: escaped, lines: lines))) { return }
            }
        }
    }

    /// Moves to the next row; false at the end of the file.
    mutating func nextRow() throws(ParleyError) -> Bool {
        if done { return false }
        row += 1
        if row < batch.rows { return true }
        switch channel.take() {
        case let .success(next?):
            batch = next
            // The batch never changes and outlives these pointers.
            bytes = next.bytes.withUnsafeBufferPointer { $0.baseAddress }
            starts = next.starts.withUnsafeBufferPointer { $0.baseAddress }
            ends = next.ends.withUnsafeBufferPointer { $0.baseAddress }
            row = 0
            return true
        case .success(nil):
            done = true
            return false
        case let .failure(error):
            done = true
            throw error
        }
    }

    /// The bytes of field `index` of the current row, doubled quotes undone.
    @inline(__always)
    mutating func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let slot = row * width + index
        let start = starts![slot]
        let raw = UnsafeBufferPointer(start: bytes.map { $0 + start }, count: ends![slot] - start)
        guard batch.escaped[slot] else { return raw }
        return CSVScanner.undoDoubledQuotes(raw, into: &scratch)
    }

    /// Fields `first` through `last` as in the file, separators included: a key for "the same values as before".
    func span(fromField first: Int, throughField last: Int) -> UnsafeBufferPointer<UInt8> {
        let from = starts![row * width + first]
        return UnsafeBufferPointer(start: bytes.map { $0 + from }, count: ends![row * width + last] - from)
    }

    /// An error about a field of the current row, shown on the row as its fields read (commas between).
    mutating func error(_ message: String, field index: Int, hint: String? = nil) -> ParleyError {
        var text: [UInt8] = []
        var offset = 0
        for field in 0..<width {
            if field > 0 { text.append(UInt8(ascii: ",")) }
            if field == index { offset = text.count }
            text.append(contentsOf: self.field(field))
        }
        let source = SourceText(name: path, bytes: text, firstLine: batch.lines[row])
        return ParleyError(.data, message, at: SourceSpan(source, offset..<offset + 1), hint: hint)
    }

    /// Stops the reading thread and waits for it to let go of the file.
    func close() {
        channel.stop()
        // Drain so a reader waiting to queue a batch can see the stop.
        finished.wait()
    }
}

/// Hands the scanner to the reading thread, which from then on is its only user.
private final class ScannerBox: @unchecked Sendable {
    let scanner: CSVScanner
    init(_ scanner: CSVScanner) { self.scanner = scanner }
}
