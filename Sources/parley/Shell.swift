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
    static let prompt = "parley> "
    static let continuationPrompt = "   ...> "

    let session: Session

    /// Runs until the user leaves; the exit status (0).
    func run() -> Int32 {
        var history = CommandHistory(path: CommandHistory.defaultPath(environment: Shell.environment()))
        LineEditor.configure()
        ReadlineCompletion.install(session: session)
        var input = ShellInput()
        while true {
            ReadlineCompletion.precedingText = input.precedingText
            switch LineEditor.readLine(prompt: input.isContinuing ? Shell.continuationPrompt : Shell.prompt) {
            case .endOfInput:
                history.save()
                return 0
            case .interrupted:
                input.cancel()
            case let .line(line):
                guard case let .run(entry) = input.add(line) else { continue }
                history.add(entry)
                if execute(entry) == .quit {
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

    private static func environment() -> [String: String] {
        var variables: [String: String] = [:]
        for name in ["PARLEY_HISTORY", "HOME"] {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        return variables
    }
}
