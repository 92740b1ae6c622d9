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

/// The dot commands, in the sqlite3/DuckDB tradition: one line each, valid in the shell, scripts and `-e`.
public enum DotCommand: String, CaseIterable, Sendable {
    case help, mode, timer, read, output, once, schema, param, params, maxrows, `import`, dump, open, save, check, begin, commit, rollback, timeout, quit, exit

    /// One line for `.help`.
    public var usage: String {
        switch self {
        case .help: ".help [TOPIC]            this list, or help on a topic (queries, filters, stages, add, time, output)"
        case .mode: ".mode [FORMAT]           output format: table, csv, tsv, json, jsonl, markdown, line"
        case .timer: ".timer on|off            show how long each statement takes"
        case .read: ".read FILE               run a script (paths relative to the script that reads it)"
        case .output: ".output [FILE]           send results to FILE, or back to the screen"
        case .once: ".once FILE               send the next result only to FILE"
        case .schema: ".schema [KIND]           kinds, their fields, relations and counts"
        case .param: ".param NAME VALUE        set $NAME; `.param unset NAME` removes it"
        case .params: ".params                  list parameters"
        case .maxrows: ".maxrows N               rows a terminal shows before eliding the middle (0: all)"
        case .import: ".import acled FILE       load an ACLED CSV export (all of it or, on error, none)"
        case .dump: ".dump                    the graph as it stands, as statements that rebuild it in an empty graph"
        case .open: ".open [--readonly] FILE  open the store FILE (created when it does not exist)"
        case .save: ".save FILE               write the graph to FILE, a new store (a backup)"
        case .check: ".check [FILE]            verify every chunk of the open store (or of FILE): ok, or what is damaged"
        case .begin: ".begin                   start a transaction: what follows is saved at .commit, all or none"
        case .commit: ".commit                  save everything since .begin"
        case .rollback: ".rollback                undo everything since .begin"
        case .timeout: ".timeout [SECONDS]        stop a statement that runs longer (0: no limit)"
        case .quit: ".quit                    leave"
        case .exit: ".exit                    leave"
        }
    }

    /// Whether the command opens a file.
    var opensFiles: Bool { self == .read || self == .output || self == .once || self == .import || self == .open || self == .save }

    /// Whether the command, given `arguments`, opens a file: `.check` alone checks the store already open.
    func opensFile(_ arguments: [String]) -> Bool { self == .check ? !arguments.isEmpty : opensFiles }
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
        guard let command = DotCommand(rawValue: name) else {
            let known = DotCommand.allCases.map { "." + $0.rawValue }
            return .failed(ParleyError(.syntax, "unknown command `.\(name)`", at: span,
                                       hint: (NameSuggester.closest(to: name, among: DotCommand.allCases.map(\.rawValue)).map { "did you mean `.\($0)`? " } ?? "")
                                        + "commands: \(known.joined(separator: " "))"))
        }
        if command.opensFile(arguments) && !settings.allowsFileAccess {
            return .failed(ParleyError(.io, "`.\(name)` is turned off: this session does not open files", at: span))
        }
        if command.opensFile(arguments), let allowed = settings.safeFiles, let refusal = safeRefusal(command, arguments, allowed, baseDirectory, span) {
            return .failed(refusal)
        }
        switch command {
        case .help:
            output.write(HelpText.text(topic: arguments.first))
        case .mode:
            guard let first = arguments.first else {
                output.write("\(settings.format.rawValue)\n")
                return .finished
            }
            guard arguments.count == 1, let format = OutputFormat(rawValue: first) else {
                return .failed(ParleyError(.syntax, "unknown output mode `\(first)`", at: span,
                                           hint: "modes: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            settings.format = format
        case .timer:
            guard arguments.count == 1, arguments[0] == "on" || arguments[0] == "off" else {
                return .failed(ParleyError(.syntax, "`.timer` takes `on` or `off`", at: span))
            }
            settings.timer = arguments[0] == "on"
        case .maxrows:
            guard arguments.count == 1, let count = Int(arguments[0]), count >= 0 else {
                return .failed(ParleyError(.syntax, "`.maxrows` takes a number of rows (0 shows all)", at: span))
            }
            settings.maxRows = count == 0 ? Int.max : count
        case .read:
            guard arguments.count == 1 else { return .failed(ParleyError(.syntax, "`.read` takes one file name", at: span)) }
            return readScript(arguments[0], baseDirectory: baseDirectory, at: span)
        case .output, .once:
            if arguments.isEmpty {
                if command == .once { return .failed(ParleyError(.syntax, "`.once` takes a file name", at: span)) }
                redirect = nil
                return .finished
            }
            guard arguments.count == 1 else { return .failed(ParleyError(.syntax, "`.\(command.rawValue)` takes one file name", at: span)) }
            do throws(ParleyError) {
                let sink = try FileSink(path: resolve(arguments[0], against: baseDirectory))
                if command == .once { onceRedirect = sink } else { redirect = sink }
            } catch {
                return .failed(ParleyError(.io, error.message, at: span))
            }
        case .schema:
            var kinds = NodeKind.allCases
            if let first = arguments.first {
                guard let kind = NodeKind(rawValue: first) ?? NodeKind(singular: first) else {
                    return .failed(ParleyError(.syntax, "unknown kind `\(first)`", at: span,
                                               hint: NameSuggester.closest(to: first, among: NodeKind.allCases.map(\.rawValue)).map { "did you mean `\($0)`?" }))
                }
                kinds = [kind]
            }
            output.write(SchemaText.text(graph: graph, kinds: kinds))
        case .param:
            if arguments.isEmpty { return listParameters() }
            if arguments[0] == "unset" {
                guard arguments.count == 2 else { return .failed(ParleyError(.syntax, "usage: .param unset NAME", at: span)) }
                settings.parameters[arguments[1]] = nil
                return .finished
            }
            guard arguments.count == 2 else {
                return .failed(ParleyError(.syntax, "usage: .param NAME VALUE (quote a value with spaces)", at: span))
            }
            let key = arguments[0].hasPrefix("$") ? String(arguments[0].dropFirst()) : arguments[0]
            settings.parameters[key] = arguments[1]
        case .params:
            return listParameters()
        case .import:
            guard arguments.count == 2, arguments[0] == "acled" else {
                return .failed(ParleyError(.syntax, "usage: .import acled FILE", at: span,
                                           hint: "ACLED CSV exports are the format Parley imports"))
            }
            do throws(ParleyError) {
                let path = resolve(arguments[1], against: baseDirectory)
                let summary = try importAcled(path, statement: ".import acled \(arguments[1])")
                errors.write(ImportReport.text(summary, path: arguments[1]))
            } catch {
                return .failed(error.span == nil ? ParleyError(error.kind, error.message, at: span, hint: error.hint) : error)
            }
        case .dump:
            guard arguments.isEmpty else { return .failed(ParleyError(.syntax, "`.dump` takes no arguments (send it to a file with `.once FILE`)", at: span)) }
            let sink = onceRedirect ?? redirect ?? output
            onceRedirect = nil
            do throws(ParleyError) {
                try store?.ensureLoaded(nil, into: &graph)
                try GraphDump.write(graph, to: sink)
            } catch {
                return .failed(error.span == nil ? ParleyError(error.kind, error.message, at: span, hint: error.hint) : error)
            }
        case .open:
            let readOnly = arguments.first == "--readonly"
            guard arguments.count == (readOnly ? 2 : 1) else {
                return .failed(ParleyError(.syntax, "usage: .open [--readonly] FILE", at: span))
            }
            do throws(ParleyError) {
                try openStore(resolve(arguments.last!, against: baseDirectory), readOnly: readOnly)
            } catch {
                return .failed(error.span == nil ? ParleyError(error.kind, error.message, at: span, hint: error.hint) : error)
            }
        case .save:
            guard arguments.count == 1 else { return .failed(ParleyError(.syntax, "usage: .save FILE", at: span)) }
            do throws(ParleyError) {
                try saveStore(resolve(arguments[0], against: baseDirectory))
            } catch {
                return .failed(error.span == nil ? ParleyError(error.kind, error.message, at: span, hint: error.hint) : error)
            }
        case .check:
            guard arguments.count <= 1 else { return .failed(ParleyError(.syntax, "usage: .check [FILE]", at: span)) }
            return checkStore(arguments.first.map { resolve($0, against: baseDirectory) }, at: span)
        case .begin, .commit, .rollback:
            guard arguments.isEmpty else { return .failed(ParleyError(.syntax, "`.\(command.rawValue)` takes no arguments", at: span)) }
            do throws(ParleyError) {
                switch command {
                case .begin: try beginTransaction()
                case .commit: try commitTransaction()
                default: try rollbackTransaction()
                }
            } catch {
                return .failed(error.span == nil ? ParleyError(error.kind, error.message, at: span, hint: error.hint) : error)
            }
        case .timeout:
            guard let text = arguments.first else {
                let limit = settings.timeoutMilliseconds
                output.write(limit == 0 ? "no timeout\n" : "timeout \(TimeoutText.seconds(limit)) s\n")
                return .finished
            }
            guard arguments.count == 1, let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 * 365 else {
                return .failed(ParleyError(.syntax, "usage: .timeout SECONDS (0 for no limit), e.g. .timeout 30 or .timeout 0.5", at: span))
            }
            settings.timeoutMilliseconds = Int((seconds * 1000).rounded())
        case .quit, .exit:
            return .quit
        }
        return .finished
    }

    /// `.check [FILE]`: prints `ok`, or each thing damaged in the store (the open one, or FILE unopened),
    /// and then fails, so a script stops at a damaged store.
    private func checkStore(_ path: String?, at span: SourceSpan) -> Outcome {
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
                return .failed(ParleyError(.semantic, "no store is open: `.check` checks the open store, `.check FILE` a store file", at: span))
            }
        } catch {
            return .failed(error.span == nil ? ParleyError(error.kind, error.message, at: span, hint: error.hint) : error)
        }
        let sink = onceRedirect ?? redirect ?? output
        onceRedirect = nil
        sink.write(problems.isEmpty ? "ok\n" : problems.map { $0 + "\n" }.joined())
        guard problems.isEmpty else {
            return .failed(ParleyError(.data, "the store `\(checked)` is damaged (\(problems.count == 1 ? "1 problem" : "\(problems.count) problems"))", at: span,
                                       hint: "restore the store from a backup"))
        }
        return .finished
    }

    /// In `--safe` mode, dot commands read only the files named on the command line, and write none.
    private func safeRefusal(_ command: DotCommand, _ arguments: [String], _ allowed: Set<String>,
                             _ baseDirectory: String?, _ span: SourceSpan) -> ParleyError? {
        let hint = "--safe lets scripts read only the files named on the command line"
        switch command {
        case .output, .once:
            if arguments.isEmpty { return nil }
            return ParleyError(.io, "`.\(command.rawValue)` may not write files in --safe mode", at: span, hint: hint)
        case .save:
            return ParleyError(.io, "`.save` may not write files in --safe mode", at: span, hint: hint)
        default:
            guard let path = arguments.last else { return nil }
            let full = resolve(path, against: baseDirectory)
            if allowed.contains(Session.realPath(full)) { return nil }
            return ParleyError(.io, "`\(path)` was not named on the command line; --safe does not let `.\(command.rawValue)` open it",
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

    private func listParameters() -> Outcome {
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
            return .failed(ParleyError(.limit, "`.read` nested more than \(Session.maximumReadDepth) deep (does a script read itself?)", at: span))
        }
        let fullPath = resolve(path, against: baseDirectory)
        let bytes: [UInt8]
        do throws(ParleyError) {
            bytes = try FileReader.read(fullPath)
        } catch {
            return .failed(ParleyError(.io, error.message, at: span))
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
            throw ParleyError(.io, "cannot read `\(path)`: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(file) != 0 { throw ParleyError(.io, "cannot read `\(path)`: \(String(cString: strerror(errno)))") }
                break
            }
            if bytes.count > maximumScriptBytes {
                throw ParleyError(.limit, "`\(path)` is larger than \(maximumScriptBytes >> 20) MiB")
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
                    if Interrupt.isRequested { throw ParleyError(.interrupted, "interrupted") }
                    continue
                }
                throw ParleyError(.io, "cannot read standard input: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumScriptBytes {
                throw ParleyError(.limit, "standard input is larger than \(maximumScriptBytes >> 20) MiB")
            }
        }
        return bytes
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
