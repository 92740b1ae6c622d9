#if canImport(Glibc)
import Glibc
#endif
import ParleyCore

/// Ctrl-C: the handler only sets the interrupt flag; the evaluator polls it, the shell reads it.
/// Installed without SA_RESTART so a blocking read returns EINTR and notices.
enum SignalHandling {
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Interrupt.request()
            SignalHandling.noteInterrupt()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Counts Ctrl-C presses while a statement runs; the third in a row exits (sqlite3's rule).
    nonisolated(unsafe) static var pressesWhileBusy = 0
    nonisolated(unsafe) static var busy = false

    static func noteInterrupt() {
        guard busy else { return }
        pressesWhileBusy += 1
        if pressesWhileBusy >= 3 {
            _exit(130)
        }
    }
}
