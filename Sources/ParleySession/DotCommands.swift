#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyEval
import ParleyGraph
import ParleyRender
import ParleyStore
import ParleySupport
import ParleySyntax

/// One dot command, in the sqlite3/DuckDB tradition: one line each, valid in the shell, scripts and
/// `-e`. `DotCommand.all` is the one table (name, arguments, usage, handler) that dispatch, `.help`
/// and completion all read, as DuckDB's shell keeps its commands.
public struct DotCommand: Sendable {
    /// The name without its dot.
    public let name: String
    /// What each argument is, position by position: what TAB offers there.
    package let arguments: [DotArgument]
    /// The line `.help` shows.
    public let usage: String
    /// Whether the command, given its arguments, opens a file (refused where files are off, and
    /// limited to the files the command line names under `--safe`).
    let opensFile: @Sendable ([String]) -> Bool
    /// Runs the command on the session.
    let run: @Sendable (Session, DotInvocation) -> Session.Outcome

    init(_ name: String, _ arguments: [DotArgument], _ usage: String, opensFile: @escaping @Sendable ([String]) -> Bool = { _ in false },
         _ run: @escaping @Sendable (Session, DotInvocation) -> Session.Outcome) {
        self.name = name
        self.arguments = arguments
        self.usage = usage
        self.opensFile = opensFile
        self.run = run
    }

    /// A command whose arguments TAB does not complete.
    init(_ name: String, _ usage: String, _ run: @escaping @Sendable (Session, DotInvocation) -> Session.Outcome) {
        self.init(name, [], usage, run)
    }

    /// The command called `name` (without its dot).
    public static func named(_ name: String) -> DotCommand? { all.first { $0.name == name } }

    /// Every command, in the order `.help` lists them.
    public static let all: [DotCommand] = [
        DotCommand("help", [.helpTopics], ".help [TOPIC]            this list, or help on a topic (queries, filters, stages, add, time, output)") { $0.helpCommand($1) },
        DotCommand("tables", ".tables                  the kinds and how many of each the graph holds") { $0.tablesCommand($1) },
        DotCommand("schema", [.kinds], ".schema [KIND]           kinds, their fields, relations and counts") { $0.schemaCommand($1) },
        DotCommand("show", ".show                    the open store and every setting") { $0.showCommand($1) },
        DotCommand("mode", [.modes], ".mode [MODE]             output format: table, csv, tsv, json, jsonl, markdown, line (and sqlite3's box, column, tabs)") { $0.modeCommand($1) },
        DotCommand("headers", [.choices(["on", "off"])], ".headers on|off          print the header line of tables, csv and tsv") { $0.headersCommand($1) },
        DotCommand("nullvalue", ".nullvalue [TEXT]        how unknown prints (not a number; alone: back to ∅)") { $0.nullValueCommand($1) },
        DotCommand("width", ".width [N…]              the widest each table column may be, column by column (0: as needed)") { $0.widthCommand($1) },
        DotCommand("maxwidth", [.choices(["auto", "off"])], ".maxwidth [N|auto|off]   how wide a table on a terminal may be (auto: the window)") { $0.maxWidthCommand($1) },
        DotCommand("maxrows", ".maxrows [N]             rows a terminal shows without a pager before eliding the middle (0: all)") { $0.maxRowsCommand($1) },
        DotCommand("pager", [.choices(["on", "off"])], ".pager [on|off]          long results on a terminal go through $PAGER (else less -SRFX)") { $0.pagerCommand($1) },
        DotCommand("prompt", ".prompt MAIN [CONTINUE]  the shell's prompts") { $0.promptCommand($1) },
        DotCommand("timer", [.choices(["on", "off"])], ".timer on|off            show how long each statement takes") { $0.timerCommand($1) },
        DotCommand("timeout", ".timeout [SECONDS]       stop a statement that runs longer (0: no limit)") { $0.timeoutCommand($1) },
        DotCommand("read", [.file], ".read FILE               run a script (paths relative to the script that reads it)",
                   opensFile: { _ in true }) { $0.readCommand($1) },
        DotCommand("restore", [.file], ".restore FILE            load a dump into an empty graph or store: one write, one history entry",
                   opensFile: { _ in true }) { $0.restoreCommand($1) },
        DotCommand("output", [.file], ".output [FILE]           send results to FILE, or back to the screen",
                   opensFile: { _ in true }) { $0.outputCommand($1) },
        DotCommand("once", [.file], ".once FILE               send the next result only to FILE, in the current mode",
                   opensFile: { _ in true }) { $0.outputCommand($1) },
        DotCommand("param", ".param NAME VALUE        set $NAME; `.param unset NAME` removes it") { $0.paramCommand($1) },
        DotCommand("params", ".params                  list parameters") { session, _ in session.listParameters() },
        DotCommand("import", [.choices(["acled"]), .file], ".import acled FILE       load an ACLED CSV export (all of it or, on error, none)",
                   opensFile: { _ in true }) { $0.importCommand($1) },
        DotCommand("explain", ".explain QUERY           how QUERY runs: its bound steps, coded or general, and the columns it reads") { $0.explainCommand($1) },
        DotCommand("dump", ".dump                    the graph as it stands, as statements that rebuild it in an empty graph") { $0.dumpCommand($1) },
        DotCommand("open", [.file], ".open [--readonly] FILE  open the store FILE (created empty when it does not exist)",
                   opensFile: { _ in true }) { $0.openCommand($1) },
        DotCommand("save", [.file], ".save FILE               write the graph to FILE, a new store (a backup)",
                   opensFile: { _ in true }) { $0.saveCommand($1) },
        DotCommand("check", [.file], ".check [FILE]            verify every chunk of the open store (or of FILE): ok, or what is damaged",
                   opensFile: { !$0.isEmpty }) { session, invocation in
            guard invocation.arguments.count <= 1 else { return .failed(ParleyError(SessionProblem.usage(".check [FILE]"), at: invocation.span)) }
            return session.checkStore(invocation.arguments.first.map { session.resolve($0, against: invocation.baseDirectory) }, at: invocation.span)
        },
        DotCommand("begin", ".begin                   start a transaction: what follows is saved at .commit, all or none") { $0.transactionCommand($1) },
        DotCommand("commit", ".commit                  save everything since .begin") { $0.transactionCommand($1) },
        DotCommand("rollback", ".rollback                undo everything since .begin") { $0.transactionCommand($1) },
        DotCommand("quit", ".quit                    leave") { _, _ in .quit },
        DotCommand("exit", ".exit                    leave") { _, _ in .quit },
    ]
}

/// What an argument of a dot command is, for completion.
package enum DotArgument: Sendable {
    /// A file path: the shell lists files.
    case file
    /// One of a few words.
    case choices([String])
    /// A `.help` topic.
    case helpTopics
    /// A kind (`.schema`).
    case kinds
    /// An output mode, sqlite3's names included.
    case modes
}

/// A dot command as written: its arguments, where it stands, and the folder its paths are relative to.
struct DotInvocation {
    var name: String
    var arguments: [String]
    var span: SourceSpan
    var baseDirectory: String?
}

/// How `.timeout` shows its setting: `30`, `0.5`.
enum TimeoutText {
    static func seconds(_ milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
    }
}

extension Session {
    /// Splits a dot command line into words, honouring double and single quotes.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" || character == "\r" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    func runDotCommand(_ source: SourceText, _ range: Range<Int>, baseDirectory: String?) -> Outcome {
        let line = source.text(range)
        let words = Session.words(line)
        let span = SourceSpan(source, range.lowerBound..<range.lowerBound + (words.first?.utf8.count ?? 1))
        let name = String((words.first ?? ".").dropFirst())
        let arguments = Array(words.dropFirst())
        guard let command = DotCommand.named(name) else {
            let known = DotCommand.all.map { "." + $0.name }
            return .failed(ParleyError(SessionProblem.unknownCommand(name), at: span,
                                       hint: (NameSuggester.closest(to: name, among: DotCommand.all.map(\.name)).map { "did you mean `.\($0)`? " } ?? "")
                                        + "commands: \(known.joined(separator: " "))"))
        }
        if command.opensFile(arguments) && !settings.allowsFileAccess {
            return .failed(ParleyError(SessionProblem.commandTurnedOff(name), at: span))
        }
        if command.opensFile(arguments), let allowed = settings.safeFiles, let refusal = safeRefusal(name, arguments, allowed, baseDirectory, span) {
            return .failed(refusal)
        }
        return command.run(self, DotInvocation(name: name, arguments: arguments, span: span, baseDirectory: baseDirectory))
    }

    /// A failure at the command, keeping the error's own place when it has one.
    private func failure(_ error: ParleyError, at span: SourceSpan) -> Outcome {
        .failed(error.span == nil ? error.at(span) : error)
    }

    func helpCommand(_ command: DotInvocation) -> Outcome {
        output.write(HelpText.text(topic: command.arguments.first))
        return .finished
    }

    func schemaCommand(_ command: DotInvocation) -> Outcome {
        var kinds = NodeKind.allCases
        if let first = command.arguments.first {
            guard let kind = NodeKind(rawValue: first) ?? NodeKind(singular: first) else {
                return .failed(ParleyError(SyntaxProblem.unknownKind(first), at: command.span,
                                           hint: NameSuggester.closest(to: first, among: NodeKind.allCases.map(\.rawValue)).map { "did you mean `\($0)`?" }))
            }
            kinds = [kind]
        }
        output.write(SchemaText.text(graph: graph, kinds: kinds))
        return .finished
    }

    func timerCommand(_ command: DotInvocation) -> Outcome {
        guard let on = Session.onOff(command.arguments) else {
            return .failed(ParleyError(SessionProblem.takesOnOrOff(command: "timer"), at: command.span))
        }
        settings.timer = on
        return .finished
    }

    func restoreCommand(_ command: DotInvocation) -> Outcome {
        guard command.arguments.count == 1 else { return .failed(ParleyError(SessionProblem.takesOneFileName(command: "restore"), at: command.span)) }
        let path = command.arguments[0]
        do throws(ParleyError) {
            let summary = try restore(path, statement: ".restore \(path)", baseDirectory: command.baseDirectory)
            if store != nil { errors.write("restored \(path): \(summary.described)\n") }
        } catch {
            return failure(error, at: command.span)
        }
        return .finished
    }

    func readCommand(_ command: DotInvocation) -> Outcome {
        guard command.arguments.count == 1 else { return .failed(ParleyError(SessionProblem.takesOneFileName(command: "read"), at: command.span)) }
        return readScript(command.arguments[0], baseDirectory: command.baseDirectory, at: command.span)
    }

    /// `.output [FILE]` and `.once FILE`.
    func outputCommand(_ command: DotInvocation) -> Outcome {
        let once = command.name == "once"
        if command.arguments.isEmpty {
            if once { return .failed(ParleyError(SessionProblem.onceTakesAFile, at: command.span)) }
            redirect = nil
            lastMarkdownSink = nil
            return .finished
        }
        guard command.arguments.count == 1 else { return .failed(ParleyError(SessionProblem.takesOneFileName(command: command.name), at: command.span)) }
        let path = command.arguments[0]
        do throws(ParleyError) {
            let sink = try FileSink(path: resolve(path, against: command.baseDirectory))
            if once { onceRedirect = sink } else { redirect = sink }
            lastMarkdownSink = nil
        } catch {
            return .failed(error.at(command.span))
        }
        // sqlite3 writes the current mode whatever the file is called; a name that says otherwise gets a note.
        if let named = OutputFormat.suggested(byExtensionOf: path), named != settings.format {
            errors.write("note: `\(path)` gets the current mode, \(settings.format.rawValue); `.mode \(named.rawValue)` first for \(named.rawValue)\n")
        }
        return .finished
    }

    func paramCommand(_ command: DotInvocation) -> Outcome {
        let arguments = command.arguments
        if arguments.isEmpty { return listParameters() }
        if arguments[0] == "unset" {
            guard arguments.count == 2 else { return .failed(ParleyError(SessionProblem.usage(".param unset NAME"), at: command.span)) }
            settings.parameters[arguments[1]] = nil
            return .finished
        }
        guard arguments.count == 2 else {
            return .failed(ParleyError(SessionProblem.usage(".param NAME VALUE (quote a value with spaces)"), at: command.span))
        }
        let key = arguments[0].hasPrefix("$") ? String(arguments[0].dropFirst()) : arguments[0]
        settings.parameters[key] = arguments[1]
        return .finished
    }

    func importCommand(_ command: DotInvocation) -> Outcome {
        let arguments = command.arguments
        guard arguments.count == 2, arguments[0] == "acled" else {
            return .failed(ParleyError(SessionProblem.usage(".import acled FILE"), at: command.span,
                                       hint: "ACLED CSV exports are the format Parley imports"))
        }
        do throws(ParleyError) {
            let path = resolve(arguments[1], against: command.baseDirectory)
            let summary = try importAcled(path, statement: ".import acled \(arguments[1])")
            errors.write(ImportReport.text(summary, path: arguments[1]))
        } catch {
            return failure(error, at: command.span)
        }
        return .finished
    }

    func dumpCommand(_ command: DotInvocation) -> Outcome {
        guard command.arguments.isEmpty else {
            return .failed(ParleyError(SessionProblem.dumpTakesNoArguments, at: command.span))
        }
        let sink = onceRedirect ?? redirect ?? output
        onceRedirect = nil
        do throws(ParleyError) {
            try store?.ensureLoaded(nil, into: &graph)
            try GraphDump.write(graph, to: sink)
        } catch {
            return failure(error, at: command.span)
        }
        return .finished
    }

    func openCommand(_ command: DotInvocation) -> Outcome {
        let arguments = command.arguments
        let readOnly = arguments.first == "--readonly"
        guard arguments.count == (readOnly ? 2 : 1) else {
            return .failed(ParleyError(SessionProblem.usage(".open [--readonly] FILE"), at: command.span))
        }
        // Opening a store leaves the graph in memory: what was added to it is lost unless saved first.
        if store == nil && unsavedStatements > 0 && openRefusedAt != unsavedStatements {
            openRefusedAt = unsavedStatements
            let counted = unsavedStatements == 1 ? "1 statement" : "\(unsavedStatements) statements"
            return .failed(ParleyError(SessionProblem.unsavedFacts(counted: counted), at: command.span,
                                       hint: "`.save FILE` first to keep them, or `.open` again to leave them"))
        }
        let path = resolve(arguments.last!, against: command.baseDirectory)
        var info = stat()
        let existed = lstat(path, &info) == 0
        do throws(ParleyError) {
            try openStore(path, readOnly: readOnly)
        } catch {
            return failure(error, at: command.span)
        }
        if !existed { errors.write("`\(arguments.last!)` did not exist: created an empty store\n") }
        return .finished
    }

    func saveCommand(_ command: DotInvocation) -> Outcome {
        guard command.arguments.count == 1 else { return .failed(ParleyError(SessionProblem.usage(".save FILE"), at: command.span)) }
        do throws(ParleyError) {
            try saveStore(resolve(command.arguments[0], against: command.baseDirectory))
        } catch {
            return failure(error, at: command.span)
        }
        return .finished
    }

    /// `.begin`, `.commit` and `.rollback`.
    func transactionCommand(_ command: DotInvocation) -> Outcome {
        guard command.arguments.isEmpty else { return .failed(ParleyError(SessionProblem.takesNoArguments(command: command.name), at: command.span)) }
        do throws(ParleyError) {
            if restoring {
                // The restore is the transaction: the dump's own `.begin` and `.commit` mark its ends.
                if command.name == "rollback" { throw ParleyError(SessionProblem.rollbackInRestore) }
                return .finished
            }
            switch command.name {
            case "begin": try beginTransaction()
            case "commit": try commitTransaction()
            default: try rollbackTransaction()
            }
        } catch {
            return failure(error, at: command.span)
        }
        return .finished
    }

    func timeoutCommand(_ command: DotInvocation) -> Outcome {
        guard let text = command.arguments.first else {
            let limit = settings.timeoutMilliseconds
            output.write(limit == 0 ? "no timeout\n" : "timeout \(TimeoutText.seconds(limit)) s\n")
            return .finished
        }
        guard command.arguments.count == 1, let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 * 365 else {
            return .failed(ParleyError(SessionProblem.usage(".timeout SECONDS (0 for no limit), e.g. .timeout 30 or .timeout 0.5"), at: command.span))
        }
        settings.timeoutMilliseconds = Int((seconds * 1000).rounded())
        return .finished
    }

    /// `.check [FILE]`: prints `ok`, or each thing damaged in the store (the open one, or FILE unopened),
    /// and then fails, so a script stops at a damaged store.
    func checkStore(_ path: String?, at span: SourceSpan) -> Outcome {
        let checked: String
        let problems: [String]
        do throws(ParleyError) {
            if let path {
                checked = path
                problems = try Store.check(path)
            } else if let store {
                checked = store.path
                problems = try store.check()
            } else {
                return .failed(ParleyError(SessionProblem.noStoreToCheck, at: span))
            }
        } catch {
            return .failed(error.span == nil ? error.at(span) : error)
        }
        let sink = onceRedirect ?? redirect ?? output
        onceRedirect = nil
        sink.write(problems.isEmpty ? "ok\n" : problems.map { $0 + "\n" }.joined())
        guard problems.isEmpty else {
            return .failed(ParleyError(SessionProblem.storeDamaged(path: checked, problems: problems.count), at: span,
                                       hint: "restore the store from a backup"))
        }
        return .finished
    }

    /// In `--safe` mode, dot commands read only the files named on the command line, and write none.
    private func safeRefusal(_ command: String, _ arguments: [String], _ allowed: Set<String>,
                             _ baseDirectory: String?, _ span: SourceSpan) -> ParleyError? {
        let hint = "--safe lets scripts read only the files named on the command line"
        switch command {
        case "output", "once":
            if arguments.isEmpty { return nil }
            return ParleyError(SessionProblem.safeModeWrite(command: command), at: span, hint: hint)
        case "save":
            return ParleyError(SessionProblem.safeModeWrite(command: "save"), at: span, hint: hint)
        default:
            guard let path = arguments.last else { return nil }
            let full = resolve(path, against: baseDirectory)
            if allowed.contains(Session.realPath(full)) { return nil }
            return ParleyError(SessionProblem.safeModeUnnamedFile(path: path, command: command),
                               at: span, hint: hint)
        }
    }

    /// The canonical path of a file (symbolic links and `..` resolved), or the path as given when it
    /// does not exist.
    public static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func listParameters() -> Outcome {
        let rows = settings.parameters.keys.sorted().map { [Value.string("$" + $0), .string(settings.parameters[$0]!)] }
        do {
            try write(ResultSet(columns: ["name", "value"], rows: rows))
        } catch {
            return .failed(error)
        }
        return .finished
    }

    func resolve(_ path: String, against baseDirectory: String?) -> String {
        guard !path.hasPrefix("/"), let baseDirectory, !baseDirectory.isEmpty else { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }

    /// `.read FILE`: runs the script; its own `.read` paths are relative to its folder.
    func readScript(_ path: String, baseDirectory: String?, at span: SourceSpan) -> Outcome {
        guard readDepth < Session.maximumReadDepth else {
            return .failed(ParleyError(SessionProblem.readNestedTooDeep(levels: Session.maximumReadDepth), at: span))
        }
        let fullPath = resolve(path, against: baseDirectory)
        let bytes: [UInt8]
        do throws(ParleyError) {
            bytes = try FileReader.read(fullPath)
        } catch {
            return .failed(error.at(span))
        }
        readDepth += 1
        defer { readDepth -= 1 }
        return execute(SourceText(name: path, bytes: bytes), baseDirectory: FileReader.directory(of: fullPath))
    }
}

/// Reads whole files as bytes, with errors users can act on.
public enum FileReader {
    /// Largest script read whole.
    public static let maximumScriptBytes = 1 << 30

    public static func read(_ path: String) throws(ParleyError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw ParleyError(SupportProblem.cannotRead(path: path, reason: String(cString: strerror(errno))))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(file) != 0 { throw ParleyError(SupportProblem.cannotRead(path: path, reason: String(cString: strerror(errno)))) }
                break
            }
            if bytes.count > maximumScriptBytes {
                throw ParleyError(SessionProblem.scriptTooLarge(path: path, mebibytes: maximumScriptBytes >> 20))
            }
        }
        return bytes
    }

    /// Reads all of a stream (standard input).
    public static func readAll(descriptor: Int32) throws(ParleyError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR {
                    if Interrupt.isRequested { throw ParleyError(SupportProblem.interrupted) }
                    continue
                }
                throw ParleyError(SessionProblem.cannotReadStandardInput(reason: String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumScriptBytes {
                throw ParleyError(SessionProblem.standardInputTooLarge(mebibytes: maximumScriptBytes >> 20))
            }
        }
        return bytes
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
