import Dispatch
import ParleySupport

/// CSV rows read on a second thread, a batch at a time, while the importer turns the previous batch
/// into graph rows: the byte scanning and the interning each get a core. (Tests and the fuzzer can
/// read on the calling thread instead, to check that both ways come to the same thing.)
///
/// Each batch holds its rows' bytes as in the file, where every row and field starts and ends, and
/// the line every row started on. A malformed row ends the rows: the rows before it come first, then
/// its error, so the first error in the file is the one reported, whichever thread finds it.
struct ReadAheadRows {
    /// Rows read ahead; immutable once made, so both threads read it without checks.
    final class Batch: @unchecked Sendable {
        /// The rows' bytes as in the file, end to end.
        let bytes: [UInt8]
        /// Where each row starts in `bytes`.
        let rowStarts: [Int]
        /// Field `f` of row `r` is `bytes[starts[r * width + f] ..< ends[r * width + f]]`, with doubled
        /// quotes still doubled where `escaped` says so.
        let starts: [Int]
        let ends: [Int]
        let escaped: [Bool]
        let lines: [Int]
        let rows: Int

        init(bytes: [UInt8], rowStarts: [Int], starts: [Int], ends: [Int], escaped: [Bool], lines: [Int]) {
            self.bytes = bytes
            self.rowStarts = rowStarts
            self.starts = starts
            self.ends = ends
            self.escaped = escaped
            self.lines = lines
            rows = lines.count
        }

        static let empty = Batch(bytes: [], rowStarts: [], starts: [], ends: [], escaped: [], lines: [])

        /// Up to `limit` rows from the scanner, and the error that stopped it early, if one did.
        static func read(_ scanner: inout CSVScanner, width: Int, limit: Int) -> (Batch?, ParleyError?) {
            var bytes: [UInt8] = []
            var rowStarts: [Int] = []
            var starts: [Int] = []
            var ends: [Int] = []
            var escaped: [Bool] = []
            var lines: [Int] = []
            bytes.reserveCapacity(min(4 << 20, limit * 512))
            starts.reserveCapacity(limit * width)
            ends.reserveCapacity(limit * width)
            escaped.reserveCapacity(limit * width)
            var failure: ParleyError?
            do throws(ParleyError) {
                while lines.count < limit, try scanner.nextRow(expectedFields: width) {
                    lines.append(scanner.rowLine)
                    rowStarts.append(bytes.count)
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
                failure = error
            }
            if lines.isEmpty { return (nil, failure) }
            return (Batch(bytes: bytes, rowStarts: rowStarts, starts: starts, ends: ends, escaped: escaped, lines: lines), failure)
        }
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

        /// Takes what the stopped reader left queued. A semaphore must not be freed while it counts
        /// less than it started with (libdispatch traps), and each queued item holds one of `free`.
        func drain() {
            while lock.sync(execute: { !queue.isEmpty }) { _ = take() }
        }
    }

    static let defaultRowsPerBatch = 8192

    let path: String
    let width: Int
    /// Reading on another thread: the channel and the signal that the thread let go of the file.
    private let channel: Channel?
    private let finished: DispatchSemaphore?
    /// Reading on the calling thread: the scanner, and the error that ended the last batch.
    private let ownScanner: ScannerBox?
    private var pendingError: ParleyError?
    private let rowsPerBatch: Int
    private var batch = Batch.empty
    /// The current batch's storage, held by `batch`.
    private var bytes: UnsafePointer<UInt8>?
    private var starts: UnsafePointer<Int>?
    private var ends: UnsafePointer<Int>?
    private var row = -1
    private var done = false
    private var scratch: [UInt8] = []

    /// Starts reading the rows after the header; every row must have `width` fields.
    /// - Parameters:
    ///   - rowsPerBatch: rows handed over at a time; tests use a few, so that errors meet full queues.
    ///   - readsAhead: false reads each batch on the calling thread, when it is needed.
    init(_ scanner: CSVScanner, width: Int, rowsPerBatch: Int = defaultRowsPerBatch, readsAhead: Bool = true) {
        path = scanner.path
        self.width = width
        self.rowsPerBatch = max(1, rowsPerBatch)
        let box = ScannerBox(scanner)
        guard readsAhead else {
            ownScanner = box
            channel = nil
            finished = nil
            return
        }
        ownScanner = nil
        let channel = Channel(depth: 4)
        let finished = DispatchSemaphore(value: 0)
        self.channel = channel
        self.finished = finished
        let limit = self.rowsPerBatch
        DispatchQueue(label: "parley.import.reader").async {
            var scanner = box.scanner
            defer {
                scanner.close()
                finished.signal()
            }
            while !channel.isStopped {
                let (batch, failure) = Batch.read(&scanner, width: width, limit: limit)
                if let batch, !channel.put(.success(batch)) { return }
                if let failure {
                    _ = channel.put(.failure(failure))
                    return
                }
                if batch == nil {
                    _ = channel.put(.success(nil))
                    return
                }
            }
        }
    }

    /// The next batch, nil at the end, or the error that ended the rows.
    private mutating func nextBatch() throws(ParleyError) -> Batch? {
        guard let channel else {
            if let pendingError { throw pendingError }
            let (batch, failure) = Batch.read(&ownScanner!.scanner, width: width, limit: rowsPerBatch)
            pendingError = failure
            if let batch { return batch }
            if let failure { throw failure }
            return nil
        }
        return try channel.take().get()
    }

    /// Moves to the next row; false at the end of the file.
    mutating func nextRow() throws(ParleyError) -> Bool {
        if done { return false }
        row += 1
        if row < batch.rows { return true }
        let next: Batch?
        do {
            next = try nextBatch()
        } catch {
            done = true
            throw error
        }
        guard let next else {
            done = true
            return false
        }
        batch = next
        // The batch never changes and outlives these pointers.
        bytes = next.bytes.withUnsafeBufferPointer { $0.baseAddress }
        starts = next.starts.withUnsafeBufferPointer { $0.baseAddress }
        ends = next.ends.withUnsafeBufferPointer { $0.baseAddress }
        row = 0
        return true
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
    /// (`mutating` only so that `rows!.span(…)` reaches the reader in place instead of copying it.)
    @inline(__always)
    mutating func span(fromField first: Int, throughField last: Int) -> UnsafeBufferPointer<UInt8> {
        let from = starts![row * width + first]
        return UnsafeBufferPointer(start: bytes.map { $0 + from }, count: ends![row * width + last] - from)
    }

    /// An error about a field of the current row, located in the file (line and column) and shown on
    /// the row as it is there.
    func error(_ problem: ImportProblem, field index: Int, hint: String? = nil) -> ParleyError {
        let rowStart = batch.rowStarts[row]
        let rowEnd = row + 1 < batch.rows ? batch.rowStarts[row + 1] : batch.bytes.count
        var at = starts![row * width + index]
        // A quoted field: point at its opening quote (an unquoted field never follows one).
        if at > rowStart && batch.bytes[at - 1] == UInt8(ascii: "\"") { at -= 1 }
        let source = SourceText(name: path, bytes: Array(batch.bytes[rowStart..<rowEnd]), firstLine: batch.lines[row])
        return ParleyError(problem, at: SourceSpan(source, (at - rowStart)..<(at - rowStart + 1)), hint: hint)
    }

    /// Stops reading and lets go of the file; with a reading thread, waits for it to end.
    func close() {
        guard let channel, let finished else {
            ownScanner?.scanner.close()
            return
        }
        channel.stop()
        finished.wait()
        channel.drain()
    }
}

/// Holds the scanner for whichever thread reads: the reading thread, from then on its only user, or
/// the calling thread.
private final class ScannerBox: @unchecked Sendable {
    var scanner: CSVScanner
    init(_ scanner: CSVScanner) { self.scanner = scanner }
}
