#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import ParleySupport

/// Ctrl-C and window resizes, with handlers that only do what is safe in a signal handler: atomic
/// stores, `write` and `_exit`.
///
/// Ctrl-C sets the interrupt flag (the evaluator polls it) and writes a byte to a pipe the shell polls
/// beside standard input, so a press at the prompt is seen even when it lands just before `poll`
/// starts. The handlers are installed without SA_RESTART, so blocking reads also return EINTR.
/// While a statement runs, the third press in a row ends the process with 130: a statement that
/// never looks at the flag cannot trap the user (sqlite3's rule).
///
/// The state below is global because signal handlers are C function pointers that capture nothing;
/// all of it is atomic.
enum SignalHandling {
    private static let statementRunning = Atomic<Bool>(false)
    private static let pressesWhileRunning = Atomic<Int>(0)
    private static let windowResized = Atomic<Bool>(false)
    /// The pipe the handlers write to and the shell polls; -1 until `install`.
    private static let wakeWriteEnd = Atomic<Int32>(-1)
    private static let wakeReadEnd = Atomic<Int32>(-1)

    /// Installs the handlers for SIGINT and SIGWINCH. Call once, before anything can be interrupted.
    static func install() {
        // Past a file size limit, a write should fail with an error the store reports, not kill the process.
        signal(SIGXFSZ, SIG_IGN)
        // Touch every global the handlers use, so none is first initialised inside a handler.
        _ = Interrupt.isRequested
        _ = statementRunning.load(ordering: .relaxed)
        _ = pressesWhileRunning.load(ordering: .relaxed)
        _ = windowResized.load(ordering: .relaxed)
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
            wakeReadEnd.store(ends[0], ordering: .relaxed)
            wakeWriteEnd.store(ends[1], ordering: .relaxed)
        }

        var interrupt = sigaction()
        interrupt.__sigaction_handler.sa_handler = { _ in
            Interrupt.request()
            if SignalHandling.statementRunning.load(ordering: .relaxed),
               SignalHandling.pressesWhileRunning.add(1, ordering: .relaxed).newValue >= 3 {
                var newline = UInt8(ascii: "\n")
                _ = write(2, &newline, 1)  // past the `^C^C^C` the terminal echoed
                _exit(130)
            }
            SignalHandling.wake()
        }
        sigemptyset(&interrupt.sa_mask)
        interrupt.sa_flags = 0
        sigaction(SIGINT, &interrupt, nil)

        var resize = sigaction()
        resize.__sigaction_handler.sa_handler = { _ in
            SignalHandling.windowResized.store(true, ordering: .relaxed)
            SignalHandling.wake()
        }
        sigemptyset(&resize.sa_mask)
        resize.sa_flags = 0
        sigaction(SIGWINCH, &resize, nil)
    }

    /// Ctrl-C from now on interrupts a statement, and the third press exits.
    static func statementBegan() {
        pressesWhileRunning.store(0, ordering: .relaxed)
        statementRunning.store(true, ordering: .relaxed)
    }

    /// Back at the prompt: presses so far are spent, and Ctrl-C clears the line again.
    static func statementEnded() {
        statementRunning.store(false, ordering: .relaxed)
        pressesWhileRunning.store(0, ordering: .relaxed)
        Interrupt.clear()
        drainWakeups()
    }

    /// The descriptor to poll beside standard input: readable after a signal. -1 if the pipe failed.
    static var wakeDescriptor: Int32 { wakeReadEnd.load(ordering: .relaxed) }

    /// Empties the wake pipe (its bytes only say "look at the flags").
    static func drainWakeups() {
        let descriptor = wakeReadEnd.load(ordering: .relaxed)
        guard descriptor >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(descriptor, &buffer, buffer.count) > 0 {}
    }

    /// Whether the window was resized since the last call.
    static func takeWindowResize() -> Bool {
        windowResized.exchange(false, ordering: .relaxed)
    }

    private static func wake() {
        let descriptor = wakeWriteEnd.load(ordering: .relaxed)
        guard descriptor >= 0 else { return }
        var byte: UInt8 = 0
        let saved = errno  // a handler must leave errno as it found it
        _ = write(descriptor, &byte, 1)
        errno = saved
    }
}
