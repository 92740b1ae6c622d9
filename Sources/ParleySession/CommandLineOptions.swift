import ParleyRender
import ParleySupport

/// The command line, parsed by hand: `-e` and `-f` run in the order given, which an option parser
/// that collects each flag into its own array would lose. (swift-argument-parser was measured here:
/// declaring these flags with it cost 10 million instructions and 1.6–2.8 ms at start, loading
/// Foundation, against 13 million and 5–7 ms for all of `parley -e 'parties | count'`; benchmarks
/// time whole processes.) `CommandLineFlag.all` is the list of flags that suggestions and the shell
/// completion scripts read.
public struct CommandLineOptions: Equatable, Sendable {
    /// Something to run, in argument order.
    public enum Action: Equatable, Sendable {
        /// `-e STATEMENT`; `index` counts from 1 for error names (`-e#2`).
        case statement(String, index: Int)
        /// `-f FILE`.
        case file(String)
    }

    public var actions: [Action] = []
    public var parameters: [String: String] = [:]
    public var format: OutputFormat?
    public var empty = false
    public var sample = false
    public var store: String?
    /// `--readonly`: open the store for reading only.
    public var readOnly = false
    /// `--safe`: scripts may open no file but those named here, and write none but the store.
    public var safe = false
    /// `--acled FILE`: ACLED exports to load before any statement runs.
    public var acledFiles: [String] = []
    /// `--restore DUMP`: a dump to load into the empty graph or new store before any statement runs.
    public var restoreFile: String?
    public var help = false
    public var version = false
    /// `--generate-completion-script SHELL`: print a completion script for bash, zsh or fish.
    public var completionScript: CompletionScript.Shell?

    public static let version = ParleyVersion.current

    public static let usage = """
    Usage: parley [STORE] [OPTIONS]

    Parley: a query language and shell for conflict and diplomacy analysts, over a graph of
    parties, places, meetings, incidents and claims, every fact with its sources.

    STORE is a file that keeps the graph: opened, or created empty when it does not exist; every
    statement that adds or changes facts, and every import, is saved to it before the next runs.

    With no statements, opens the interactive shell (or, when standard input is not a terminal,
    runs it as a script). With nothing else named, the graph is the built-in sample, made from a
    news report on the Kremlin's invitation to Zelenskyy.

    Options:
      -e, --execute STATEMENT  run a statement (repeatable; runs in order with -f)
      -f, --file FILE          run a script file (repeatable)
      -p, --param NAME=VALUE   set the parameter $NAME
          --format FORMAT      output format: table, csv, tsv, json, jsonl, markdown, line
          --acled FILE         load an ACLED CSV export first (repeatable); the graph then holds only
                               what is named, so add --sample for the built-in sample too
          --restore DUMP       load a dump (what .dump wrote) into a new STORE, or an empty graph,
                               as one write with one history entry
          --sample             load the built-in sample graph (the default when nothing else is named)
          --empty              start from an empty graph
          --readonly           open STORE for reading only
          --safe               scripts and dot commands open no file but those named on this
                               command line (.read, .import, .open), and write none but STORE
      -h, --help               show this help
          --version            show the version

          --generate-completion-script bash|zsh|fish
                               print a script that makes that shell complete parley's flags

    Exit codes: 0 ok, 1 query or data error, 2 usage error, 130 interrupted by Ctrl-C.

    """

    public init() {}

    /// The files this command line names, which `--safe` lets scripts open.
    public var namedFiles: [String] {
        (store.map { [$0] } ?? []) + acledFiles + (restoreFile.map { [$0] } ?? []) + actions.compactMap { action in
            if case let .file(path) = action { return path } else { return nil }
        }
    }

    /// Whether the built-in sample is loaded: when asked for, or when nothing else is named.
    public var loadsSample: Bool {
        !empty && (sample || (acledFiles.isEmpty && store == nil && restoreFile == nil))
    }

    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(ParleyError) -> CommandLineOptions {
        var options = CommandLineOptions()
        var index = 0
        var statementCount = 0
        func value(_ flag: String) throws(ParleyError) -> String {
            index += 1
            guard index < arguments.count else {
                throw ParleyError(UsageProblem.needsValue(flag: flag))
            }
            return arguments[index]
        }
        var onlyPositional = false
        while index < arguments.count {
            var argument = arguments[index]
            var inlineValue: String?
            if !onlyPositional, argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inlineValue = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            func take(_ flag: String) throws(ParleyError) -> String {
                if let inlineValue { return inlineValue }
                return try value(flag)
            }
            switch onlyPositional ? "" : argument {
            case "-e", "--execute":
                statementCount += 1
                options.actions.append(.statement(try take(argument), index: statementCount))
            case "-f", "--file":
                options.actions.append(.file(try take(argument)))
            case "-p", "--param":
                let pair = try take(argument)
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw ParleyError(UsageProblem.expectedNameValue(flag: argument, argument: pair))
                }
                var name = String(pair[..<equals])
                if name.hasPrefix("$") { name.removeFirst() }
                options.parameters[name] = String(pair[pair.index(after: equals)...])
            case "--format":
                let text = try take(argument)
                guard let format = OutputFormat(rawValue: text) else {
                    throw ParleyError(UsageProblem.unknownFormat(text))
                }
                options.format = format
            case "--acled":
                options.acledFiles.append(try take(argument))
            case "--restore":
                let path = try take(argument)
                if let first = options.restoreFile { throw ParleyError(UsageProblem.secondRestore(first: first, second: path)) }
                options.restoreFile = path
            case "--empty": options.empty = true
            case "--readonly": options.readOnly = true
            case "--safe": options.safe = true
            case "--sample": options.sample = true
            case "--generate-completion-script":
                let name = try take(argument)
                guard let shell = CompletionScript.Shell(rawValue: name) else {
                    throw ParleyError(UsageProblem.noCompletionScript(name))
                }
                options.completionScript = shell
            case "-h", "--help": options.help = true
            case "--version": options.version = true
            case "--": onlyPositional = true
            default:
                if !onlyPositional && argument.hasPrefix("-") && argument != "-" {
                    // sqlite3's and DuckDB's `-json`, `-csv`, `-box`… are a format here.
                    let bare = String(argument.drop { $0 == "-" })
                    if let format = OutputFormat.named(bare) {
                        throw ParleyError(UsageProblem.unknownOption(argument, suggestion: "--format \(format.rawValue)"))
                    }
                    let suggestion = NameSuggester.closest(to: argument, among: CommandLineFlag.all.map(\.long))
                    throw ParleyError(UsageProblem.unknownOption(argument, suggestion: suggestion))
                }
                guard options.store == nil else {
                    throw ParleyError(UsageProblem.secondStore(first: options.store!, second: argument))
                }
                options.store = arguments[index]
            }
            index += 1
        }
        if options.empty && options.sample {
            throw ParleyError(UsageProblem.contradictoryFlags("--empty", "--sample"))
        }
        if options.empty && !options.acledFiles.isEmpty {
            throw ParleyError(UsageProblem.contradictoryFlags("--empty", "--acled"))
        }
        if options.restoreFile != nil {
            if options.sample { throw ParleyError(UsageProblem.contradictoryFlags("--restore", "--sample")) }
            if !options.acledFiles.isEmpty { throw ParleyError(UsageProblem.contradictoryFlags("--restore", "--acled")) }
            if options.readOnly { throw ParleyError(UsageProblem.contradictoryFlags("--readonly", "--restore")) }
        }
        if options.readOnly && options.store == nil {
            throw ParleyError(UsageProblem.readOnlyNeedsStore)
        }
        if options.readOnly && (options.sample || !options.acledFiles.isEmpty) {
            throw ParleyError(UsageProblem.readOnlyWouldWrite)
        }
        return options
    }
}
