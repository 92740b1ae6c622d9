#if canImport(Glibc)
import Glibc
#endif

/// Long results on a terminal through `$PAGER` (else `less -SRFX`), as psql does. Never set up under
/// `--safe`, where Parley runs no program.
enum Pager {
    /// `$PAGER`, else `less -SRFX` (-S: long lines are not folded, -R: colours pass, -F: leave at once
    /// when it fits, -X: the result stays on the screen). An empty `$PAGER` means no pager.
    static func command(environment: [String: String]) -> String? {
        guard let pager = environment["PAGER"] else { return "less -SRFX" }
        return pager.allSatisfy({ $0 == " " }) ? nil : pager
    }

    /// Runs `command` through `/bin/sh` with `text` on its standard input and waits for it; false when
    /// it could not run (no such program: the caller prints the text itself).
    static func show(_ text: String, command: String) -> Bool {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return false }
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The pager gets Ctrl-C and the window's signals as a program started by a shell would.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGPIPE, SIGWINCH, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        // While the pager runs, Ctrl-C is the pager's: Parley neither stops nor counts presses.
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        var savedInterrupt = sigaction()
        var savedPipe = sigaction()
        sigaction(SIGINT, &ignore, &savedInterrupt)
        sigaction(SIGPIPE, &ignore, &savedPipe)
        defer {
            sigaction(SIGINT, &savedInterrupt, nil)
            sigaction(SIGPIPE, &savedPipe, nil)
        }

        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sh"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, environ)
        close(ends[0])
        guard spawned == 0 else {
            close(ends[1])
            return false
        }
        // A pager that leaves early (`q` in less) closes the pipe: the rest of the text is not wanted.
        var bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeMutableBytes { write(ends[1], $0.baseAddress! + sent, $0.count - sent) }
            if count > 0 { sent += count } else if errno != EINTR { break }
        }
        close(ends[1])
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        // 126 and 127: the shell found no such program, so nothing was shown.
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        return !(exited && (code == 126 || code == 127))
    }

    /// The terminal's columns and rows, from standard output; nil when it is not a terminal.
    static func terminalSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}
