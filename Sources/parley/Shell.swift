#if canImport(Glibc)
import Glibc
#endif
import ParleySession
import ParleyShell
import ParleySupport

/// The interactive shell: prompts, gathers lines into statements (`ShellInput`), runs them on the
/// session and keeps going after errors, until Ctrl-D, `.quit` or `.exit`.
///
/// Ctrl-C at the prompt drops the line and any unfinished statement; during a statement it interrupts
/// the statement and comes back to the prompt, the graph as it was (see `SignalHandling`).
struct Shell {
    let session: Session
    /// The line the shell starts with (`ShellBanner`).
    let banner: String

    /// Runs until the user leaves; the exit status (0).
    func run() -> Int32 {
        var history = CommandHistory(path: CommandHistory.defaultPath(environment: Shell.environment()))
        LineEditor.configure()
        ReadlineCompletion.install(session: session)
        LineEditor.write(banner)
        var input = ShellInput()
        // Leaving a graph no store keeps, after it gained facts, takes a second Ctrl-D or `.quit`.
        var warnedAboutUnsaved = false
        func mayLeave(_ key: String) -> Bool {
            guard !warnedAboutUnsaved, session.unsavedStatements > 0 else { return true }
            warnedAboutUnsaved = true
            session.errors.write(ShellBanner.unsavedWarning(statements: session.unsavedStatements, leavingWith: key))
            return false
        }
        while true {
            ReadlineCompletion.precedingText = input.precedingText
            let settings = session.settings
            switch LineEditor.readLine(prompt: input.isContinuing ? settings.continuationPrompt : settings.prompt) {
            case .endOfInput:
                guard mayLeave("Ctrl-D") else { continue }
                history.save()
                return 0
            case .interrupted:
                input.cancel()
            case let .line(line):
                guard case let .run(entry) = input.add(line) else { continue }
                history.add(entry)
                if execute(entry) == .quit {
                    guard mayLeave("`.quit`") else { continue }
                    history.save()
                    return 0
                }
            }
        }
    }

    /// Runs one entry, reporting its error (if any) on the session's error stream.
    private func execute(_ entry: String) -> Session.Outcome {
        SignalHandling.statementBegan()
        let outcome = session.run(SourceText(name: "<shell>", text: entry), reportErrors: false)
        SignalHandling.statementEnded()
        if case let .failed(error) = outcome {
            // The terminal echoed `^C` where the cursor was; the message goes on a line of its own.
            if error.kind == .interrupted && Shell.terminalEchoesControlCharacters() {
                session.errors.write("\n")
            }
            session.errors.write(DiagnosticRenderer.render(error))
        }
        return outcome
    }

    private static func terminalEchoesControlCharacters() -> Bool {
        var settings = termios()
        return tcgetattr(0, &settings) == 0 && settings.c_lflag & tcflag_t(ECHOCTL) != 0
    }

    static func environment() -> [String: String] {
        var variables: [String: String] = [:]
        for name in ["PARLEY_HISTORY", "HOME", "PAGER"] {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        return variables
    }
}
