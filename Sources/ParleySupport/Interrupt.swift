#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The one piece of global mutable state: set by the Ctrl-C handler, polled by the evaluator
/// every `Interrupt.checkInterval` rows (SQLite's `isInterrupted`, DuckDB's interrupt flag). The same
/// poll enforces `.timeout`: the running statement's deadline, bound to the task that runs it, so two
/// sessions in one process keep their own.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// When the running statement must stop, and the `.timeout` that set it (for the message).
    struct Deadline: Sendable {
        /// Monotonic nanoseconds.
        var end: UInt64
        var milliseconds: UInt64
    }

    @TaskLocal static var deadline: Deadline?

    /// Rows processed between two looks at the flag.
    public static let checkInterval = 4096

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Runs `body` (a statement) with `milliseconds` (0: no limit) before `check` stops it.
    package static func withDeadline(milliseconds: Int, _ body: () throws(ParleyError) -> Void) throws(ParleyError) {
        guard milliseconds > 0 else { return try body() }
        let limit = Deadline(end: now() + UInt64(milliseconds) * 1_000_000, milliseconds: UInt64(milliseconds))
        var failure: ParleyError?
        $deadline.withValue(limit) {
            do throws(ParleyError) { try body() } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Throws when Ctrl-C was pressed, or the statement's `.timeout` has passed.
    @inline(__always)
    public static func check() throws(ParleyError) {
        if flag.load(ordering: .relaxed) {
            throw ParleyError(SupportProblem.interrupted)
        }
        if let limit = deadline, now() > limit.end {
            throw timedOut(limit.milliseconds)
        }
    }

    /// `check()` at every `checkInterval`-th position of a loop: `try Interrupt.check(at: index)`.
    @inline(__always)
    public static func check(at position: Int) throws(ParleyError) {
        if position % checkInterval == 0 { try check() }
    }

    /// `items.map(transform)`, looking at the flag every `checkInterval` items (renderers, readers).
    package static func map<Items: Collection, T>(_ items: Items, _ transform: (Items.Element) -> T) throws(ParleyError) -> [T] {
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (position, item) in items.enumerated() {
            try check(at: position)
            out.append(transform(item))
        }
        return out
    }

    /// `0..<count` sorted by `areInIncreasingOrder`, stopping soon after Ctrl-C or the deadline: the
    /// comparator looks at the flag every few thousand comparisons, and once it is set the rest of the
    /// sort compares positions only, which is cheap, before `check()` throws.
    package static func sortedPositions(_ count: Int, by areInIncreasingOrder: (Int, Int) -> Bool) throws(ParleyError) -> [Int] {
        var comparisons = 0
        var stopped = false
        let order = (0..<count).sorted { a, b in
            if stopped { return a < b }
            comparisons &+= 1
            if comparisons & 0xFFF == 0 && shouldStop {
                stopped = true
                return a < b
            }
            return areInIncreasingOrder(a, b)
        }
        if stopped { try check() }
        return order
    }

    /// True once Ctrl-C was pressed or the deadline passed, for code that cannot throw (a sort's
    /// comparator): it notes the stop, finishes cheaply, and `check()` afterwards reports it.
    static var shouldStop: Bool {
        if flag.load(ordering: .relaxed) { return true }
        if let limit = deadline, now() > limit.end { return true }
        return false
    }

    private static func timedOut(_ milliseconds: UInt64) -> ParleyError {
        let text = milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
        return ParleyError(SupportProblem.timedOut(limit: text),
                           hint: "`.timeout SECONDS` sets the limit; `.timeout 0` removes it")
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
