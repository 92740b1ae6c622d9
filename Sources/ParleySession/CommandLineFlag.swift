import ParleyEval
import ParleyGraph
import ParleyRender
import ParleySupport
import ParleySyntax

/// One flag of the `parley` command, as the completion scripts and suggestions know it.
public struct CommandLineFlag: Sendable {
    /// `-e`, or nil.
    public let short: String?
    /// `--execute`.
    public let long: String
    /// What its value is, or nil for a flag that takes none.
    public let value: Value?
    /// One line of help.
    public let summary: String

    public enum Value: Sendable {
        /// Any text (a statement, NAME=VALUE).
        case text
        /// A file name.
        case file
        /// One of a few words.
        case choices([String])
    }

    /// Every flag, in `--help`'s order.
    public static let all: [CommandLineFlag] = [
        CommandLineFlag(short: "-e", long: "--execute", value: .text, summary: "run a statement (repeatable; runs in order with -f)"),
        CommandLineFlag(short: "-f", long: "--file", value: .file, summary: "run a script file (repeatable)"),
        CommandLineFlag(short: "-p", long: "--param", value: .text, summary: "set the parameter $NAME (NAME=VALUE)"),
        CommandLineFlag(short: nil, long: "--format", value: .choices(OutputFormat.allCases.map(\.rawValue)), summary: "output format"),
        CommandLineFlag(short: nil, long: "--acled", value: .file, summary: "load an ACLED CSV export first (repeatable)"),
        CommandLineFlag(short: nil, long: "--restore", value: .file, summary: "load a dump into a new store or an empty graph first"),
        CommandLineFlag(short: nil, long: "--sample", value: nil, summary: "load the built-in sample graph"),
        CommandLineFlag(short: nil, long: "--empty", value: nil, summary: "start from an empty graph"),
        CommandLineFlag(short: nil, long: "--readonly", value: nil, summary: "open STORE for reading only"),
        CommandLineFlag(short: nil, long: "--safe", value: nil, summary: "open no file but those named here, write none but STORE"),
        CommandLineFlag(short: nil, long: "--generate-completion-script", value: .choices(CompletionScript.Shell.allCases.map(\.rawValue)),
                        summary: "print a completion script for a shell"),
        CommandLineFlag(short: "-h", long: "--help", value: nil, summary: "show help"),
        CommandLineFlag(short: nil, long: "--version", value: nil, summary: "show the version"),
    ]
}
