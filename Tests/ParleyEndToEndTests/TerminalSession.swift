import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Running the built `parley` the way a person does: on a pseudo-terminal, typing and reading the
/// screen — or, for `-e`, as a plain child process. Every wait has a deadline and children are
/// killed when their owner goes, so a broken shell fails a test instead of hanging the suite.

/// A test failure with what was on the screen.
struct TerminalError: Error, CustomStringConvertible {
    var description: String
}

/// A child process: spawned with `posix_spawn` (forking a multi-threaded test runner is unsafe),
/// killed when released if it is still running.
final class ChildProcess {
    let pid: pid_t
    private var status: Int32?

    /// `posix_spawn` with default signal handling. With `openTerminal`, the child gets a session of its
    /// own with that terminal as standard input, output, error and controlling terminal; with `output`,
    /// standard output and error go there and standard input is `/dev/null`.
    init(_ executable: String, _ arguments: [String], environment: [String: String],
         openTerminal: String? = nil, output: Int32 = -1) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if let terminal = openTerminal {
            // POSIX_SPAWN_SETSID (glibc; hidden from Swift's Glibc module): setsid() runs before the
            // file actions, so opening the terminal makes it the controlling one and Ctrl-C reaches us.
            flags |= 0x80
            posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
        } else if output >= 0 {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TerminalError(description: "posix_spawn: \(String(cString: strerror(result)))") }
        pid = child
    }

    /// Sends a signal (Ctrl-C from another process: `SIGINT`).
    func signal(_ signal: Int32) { kill(pid, signal) }

    /// The exit status (128 + N after signal N), waiting at most `deadline`.
    func waitForExit(within deadline: Duration) throws -> Int32 {
        if let status { return status }
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while true {
            var raw: Int32 = 0
            let done = waitpid(pid, &raw, WNOHANG)
            if done == pid {
                let signal = raw & 0x7F
                let code = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
                status = code
                return code
            }
            if clock.now >= end { throw TerminalError(description: "pid \(pid) still running after \(deadline)") }
            usleep(10_000)
        }
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
    }
}

/// `parley` on a pseudo-terminal: `send` types, `expect` waits for text on the screen.
final class TerminalSession {
    let process: ChildProcess
    private let master: Int32
    /// Every byte the program wrote.
    private var written: [UInt8] = []
    /// The same, escape sequences and carriage returns removed (redone after each read, so that a
    /// sequence or character split between two reads comes out whole).
    private var screen: [UInt8] = []
    /// Where the next `expect` starts looking in `screen`: text already matched is not matched again.
    private var mark = 0

    /// `posix_openpt` and friends need _XOPEN_SOURCE, which Swift's Glibc module leaves out.
    private static func cFunction<Signature>(_ name: String, _ type: Signature.Type) -> Signature {
        unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)!, to: type)
    }

    init(_ executable: String, arguments: [String] = [], environment: [String: String],
         columns: UInt16 = 120, rows: UInt16 = 40) throws {
        let openTerminal = TerminalSession.cFunction("posix_openpt", (@convention(c) (Int32) -> Int32).self)
        let grant = TerminalSession.cFunction("grantpt", (@convention(c) (Int32) -> Int32).self)
        let unlock = TerminalSession.cFunction("unlockpt", (@convention(c) (Int32) -> Int32).self)
        let name = TerminalSession.cFunction("ptsname_r", (@convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32).self)
        let terminal = openTerminal(O_RDWR | O_NOCTTY)
        guard terminal >= 0, grant(terminal) == 0, unlock(terminal) == 0 else {
            throw TerminalError(description: "no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(terminal, F_SETFD, FD_CLOEXEC)
        _ = fcntl(terminal, F_SETFL, fcntl(terminal, F_GETFL) | O_NONBLOCK)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = withUnsafeMutablePointer(to: &size) { ioctl(terminal, UInt(TIOCSWINSZ), $0) }
        var path = [CChar](repeating: 0, count: 128)
        guard name(terminal, &path, path.count) == 0 else {
            close(terminal)
            throw TerminalError(description: "ptsname_r failed")
        }
        let pathText = path.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            process = try ChildProcess(executable, arguments, environment: environment, openTerminal: pathText)
        } catch {
            close(terminal)
            throw error
        }
        master = terminal
    }

    deinit { close(master) }

    /// Types `keys` (`\r` is Enter, `\t` TAB, `\u{3}` Ctrl-C, `\u{4}` Ctrl-D, `\u{1b}[A` Up).
    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { write(master, $0.baseAddress! + sent, bytes.count - sent) }
            if count > 0 { sent += count } else if errno != EAGAIN && errno != EINTR { return } else { usleep(1000) }
        }
    }

    /// Waits until `text` appears after the last match; returns what appeared up to and including it.
    @discardableResult
    func expect(_ text: String, within deadline: Duration = .seconds(10)) throws -> String {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        let needle = Array(text.utf8)
        while true {
            if let found = TerminalSession.find(needle, in: screen, from: mark) {
                let seen = String(decoding: screen[mark..<found], as: UTF8.self) + text
                mark = found + needle.count
                return seen
            }
            let remaining = end - clock.now
            guard remaining > .zero, readAvailable(waitingAtMost: remaining) else {
                throw TerminalError(description: "`\(text)` did not appear within \(deadline); after the last match:\n\(unmatched)")
            }
        }
    }

    /// Reads for `duration`, then returns what appeared after the last match (without moving it).
    func output(waiting duration: Duration) -> String {
        let clock = ContinuousClock()
        let end = clock.now + duration
        while case let remaining = end - clock.now, remaining > .zero {
            if !readAvailable(waitingAtMost: remaining) { break }
        }
        return unmatched
    }

    /// Everything after the last match so far, without waiting.
    var unmatched: String { String(decoding: screen[mark...], as: UTF8.self) }

    /// Waits for output; false when the deadline passed or the terminal closed.
    private func readAvailable(waitingAtMost duration: Duration) -> Bool {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000 + 1
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(min(milliseconds, 60_000))) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = read(master, &buffer, buffer.count)
        // EIO: the program exited and the terminal has no other side any more.
        guard count > 0 else { return false }
        written += buffer[0..<count]
        screen = TerminalSession.plainText(written[...])
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
        }
        return nil
    }

    /// The bytes without ANSI escape sequences and carriage returns.
    static func plainText(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var kept: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x1B, index + 1 < bytes.endIndex {
                let kind = bytes[index + 1]
                index += 2
                if kind == UInt8(ascii: "[") {
                    // CSI: parameters, then one final byte in @…~.
                    while index < bytes.endIndex && !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                    index += 1
                } else if kind == UInt8(ascii: "]") {
                    // OSC: up to BEL or ESC \.
                    while index < bytes.endIndex && bytes[index] != 0x07 && bytes[index] != 0x1B { index += 1 }
                    index += bytes.indices.contains(index) && bytes[index] == 0x1B ? 2 : 1
                }
                continue
            }
            if byte != UInt8(ascii: "\r") { kept.append(byte) }
            index += 1
        }
        return kept
    }
}
