import Synchronization

/// The one piece of global mutable state: set by the Ctrl-C handler, polled by the evaluator
/// every `Interrupt.checkInterval` rows (SQLite's `isInterrupted`, DuckDB's interrupt flag).
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// Rows processed between two looks at the flag.
    public static let checkInterval = 4096

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws when Ctrl-C was pressed.
    @inline(__always)
    public static func check() throws(ParleyError) {
        if flag.load(ordering: .relaxed) {
            throw ParleyError(.interrupted, "interrupted")
        }
    }
}
