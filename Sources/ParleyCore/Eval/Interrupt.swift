#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The one piece of global mutable state: set by the Ctrl-C handler, polled by the evaluator
/// every `Interrupt.checkInterval` rows (SQLite's `isInterrupted`, DuckDB's interrupt flag). The same
/// poll enforces `.timeout`: a statement's deadline, when one is set.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)
    /// Monotonic nanoseconds after which the running statement stops; 0 when there is no deadline.
    private static let deadline = Atomic<UInt64>(0)
    /// The `.timeout` in milliseconds, for the message.
    private static let limit = Atomic<UInt64>(0)

    /// Rows processed between two looks at the flag.
    public static let checkInterval = 4096

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Gives the statement about to run `milliseconds` (0: no limit) before `check` stops it.
    public static func startDeadline(milliseconds: Int) {
        limit.store(UInt64(max(0, milliseconds)), ordering: .relaxed)
        deadline.store(milliseconds > 0 ? now() + UInt64(milliseconds) * 1_000_000 : 0, ordering: .relaxed)
    }

    public static func clearDeadline() { deadline.store(0, ordering: .relaxed) }

    /// Throws when Ctrl-C was pressed, or the statement's `.timeout` has passed.
    @inline(__always)
    public static func check() throws(ParleyError) {
        if flag.load(ordering: .relaxed) {
            throw ParleyError(.interrupted, "interrupted")
        }
        let end = deadline.load(ordering: .relaxed)
        if end != 0 && now() > end {
            throw timedOut()
        }
    }

    private static func timedOut() -> ParleyError {
        let milliseconds = limit.load(ordering: .relaxed)
        let text = milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
        return ParleyError(.limit, "stopped after the \(text) `.timeout`",
                           hint: "`.timeout SECONDS` sets the limit; `.timeout 0` removes it")
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
