import ParleySupport
import ParleySyntax

/// Turns the lines a user types at the shell into entries to run, by the rule scripts follow
/// (`Lexer.needsMoreInput`: an open bracket or string, or a trailing `|`, asks for another line).
///
/// Scripts also continue a statement when the *next* line starts with `|`; a shell cannot wait for a
/// line not yet typed, so it does the same thing one step late: a line that starts with `|` at the
/// `parley>` prompt is appended to the statement entered before it, and the whole runs again
/// (`incidents`, then `| count`, runs `incidents\n| count`) — exactly what the two lines would mean
/// in a script. Dot commands are complete on their own line and continue nothing.
public struct ShellInput: Sendable {
    /// What to do with a line.
    public enum Step: Equatable, Sendable {
        /// The statement is still open: show the continuation prompt.
        case needsMoreInput
        /// A blank or comment-only line: nothing to run.
        case nothing
        /// A complete entry (one or more statements, or a dot command) to run and keep in history.
        case run(String)
    }

    /// The lines of an unfinished statement, joined with line breaks; nil at the `parley>` prompt.
    public private(set) var pending: String?
    /// The last statement run, which a line starting with `|` continues; nil after a dot command.
    public private(set) var lastStatement: String?

    public init() {}

    /// Whether the next line continues an unfinished statement (the `...>` prompt).
    public var isContinuing: Bool { pending != nil }

    /// The text a new line follows, for completion to see the whole statement: the unfinished lines,
    /// or else the last statement (which the lexer joins to the new line only when it starts with `|`).
    public var precedingText: String? { pending ?? lastStatement }

    /// Takes one line as readline returned it (it may hold line breaks when pasted or recalled).
    public mutating func add(_ line: String) -> Step {
        let text: String
        if let pending {
            text = pending + "\n" + line
        } else {
            let start = line.drop { $0 == " " || $0 == "\t" }
            if start.hasPrefix(".") {
                lastStatement = nil
                return .run(line)
            }
            if start.hasPrefix("|"), let lastStatement {
                text = lastStatement + "\n" + line
            } else {
                guard ShellInput.holdsTokens(line) else { return .nothing }
                text = line
            }
        }
        if ShellInput.needsMoreInput(text) {
            pending = text
            return .needsMoreInput
        }
        pending = nil
        lastStatement = text
        return .run(text)
    }

    /// Ctrl-C: drops the unfinished lines; the last statement stays for a later `|` line.
    public mutating func cancel() {
        pending = nil
    }

    /// Whether the text stops mid-statement (`Lexer.needsMoreInput`).
    public static func needsMoreInput(_ text: String) -> Bool {
        Lexer.needsMoreInput(text)
    }

    /// Whether `line` holds anything but spaces and comments (an unterminated string counts).
    static func holdsTokens(_ line: String) -> Bool {
        var lexer = Lexer(SourceText(name: "", text: line))
        while true {
            do {
                let token = try lexer.next()
                if token.kind == .endOfInput { return false }
                if token.kind != .terminator { return true }
            } catch {
                return true
            }
        }
    }
}
