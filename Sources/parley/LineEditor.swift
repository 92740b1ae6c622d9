@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#endif
import ParleySupport

/// GNU readline, through its callback interface: the shell waits in `poll` on standard input and on
/// the signal wake pipe, and feeds readline one keystroke at a time. A blocking `readline()` would
/// leave Ctrl-C to readline's own signal handling, which loses keystrokes under tmux (CPython's
/// `Modules/readline.c` made the same move). Emacs and vi modes, `~/.inputrc` (`$if parley`) and
/// Ctrl-R are readline's own.
enum LineEditor {
    /// What one prompt produced.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-D on an empty line, or standard input closed; the cursor is on a fresh line.
        case endOfInput
        /// Ctrl-C: the line was dropped and the cursor is on a fresh line.
        case interrupted
    }

    /// Set by `lineHandler`, which readline calls as a C function pointer and which so cannot capture.
    nonisolated(unsafe) private static var received: Input?

    /// Sets readline up for Parley: its name for `$if parley`, no signal handlers of its own.
    static func configure() {
        rl_readline_name = UnsafePointer(strdup("parley"))
        // Ctrl-C and SIGWINCH are SignalHandling's; readline must not install handlers while it reads.
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        // With standard output redirected, the prompt and echo go to the terminal, not into the file.
        if isatty(1) == 0 && isatty(2) == 1 {
            rl_outstream = stderr
        }
    }

    /// Writes `text` where the prompt goes (the terminal, even when standard output is redirected).
    static func write(_ text: String) {
        let stream = rl_outstream ?? stdout
        fputs(text, stream)
        fflush(stream)
    }

    /// Shows `prompt` and edits one line.
    static func readLine(prompt: String) -> Input {
        received = nil
        rl_callback_handler_install(prompt, lineHandler)
        while true {
            if let input = received {
                if input == .endOfInput && !readlineEndedTheLine {
                    fputs("\n", rl_outstream ?? stdout)
                    fflush(rl_outstream ?? stdout)
                }
                return input
            }
            if Interrupt.isRequested {
                abandonLine()
                return .interrupted
            }
            if SignalHandling.takeWindowResize() { rl_resize_terminal() }
            var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: SignalHandling.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }  // the flags are looked at on the next turn
                rl_callback_handler_remove()
                return .endOfInput
            }
            if descriptors[1].revents != 0 {
                // A signal came: look at the flags before any key typed after it.
                SignalHandling.drainWakeups()
                continue
            }
            let input = descriptors[0].revents
            if input & Int16(POLLNVAL) != 0 {
                rl_callback_handler_remove()
                return .endOfInput
            }
            // On a hang-up readline reads end-of-file and hands the line handler nil.
            if input & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rl_callback_read_char()
            }
        }
    }

    /// Readline's line handler. Removing itself keeps readline from redrawing the prompt while the
    /// statement runs.
    private static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        if let line {
            LineEditor.received = .line(String(cString: line))
            free(line)
        } else {
            LineEditor.received = .endOfInput
        }
        rl_callback_handler_remove()
    }

    /// Whether readline moved to a new line itself on reading end-of-file: it does when it had turned
    /// bracketed paste on, as it turns it off (not on dumb terminals, where it never turns it on).
    private static var readlineEndedTheLine: Bool {
        guard rl_eof_found != 0, let value = rl_variable_value("enable-bracketed-paste") else { return false }
        return String(cString: value) == "on"
    }

    /// Ctrl-C at the prompt: what readline's own SIGINT handler does to its state, then `^C` after
    /// the input and a fresh line. The terminal stays in readline's mode throughout (unlike readline's
    /// `rl_cleanup_after_signal`), so keys typed meanwhile are neither lost nor echoed twice. The
    /// handler stays installed; the next `readLine` installs it again, which empties the line and
    /// shows the prompt.
    private static func abandonLine() {
        Interrupt.clear()
        SignalHandling.drainWakeups()
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_point = rl_end
        rl_redisplay()
        rl_echo_signal_char(SIGINT)
        rl_crlf()
        rl_replace_line("", 1)
        rl_on_new_line()
    }
}
