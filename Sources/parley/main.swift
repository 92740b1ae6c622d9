#if canImport(Glibc)
import Glibc
#endif
import ParleySession
import ParleySupport
import ParleyShell

// The `parley` command: flags, then statements, scripts, standard input or the shell.
let standardOutput = FileSink.descriptor(1)
let standardError = FileSink.descriptor(2)

let options: CommandLineOptions
do {
    options = try CommandLineOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    standardError.write("parley: \(error.message)\nTry `parley --help`.\n")
    exit(2)
}
if options.help {
    standardOutput.write(CommandLineOptions.usage)
    exit(0)
}
if let shell = options.completionScript {
    standardOutput.write(CompletionScript.text(for: shell))
    exit(0)
}
if options.version {
    standardOutput.write("parley \(CommandLineOptions.version)\n")
    exit(0)
}
SignalHandling.install()
let session = Session(output: standardOutput, errors: standardError)
session.outputIsTerminal = isatty(1) == 1
if session.outputIsTerminal { session.terminalSize = Pager.terminalSize }
session.settings.parameters = options.parameters
if let format = options.format { session.settings.format = format }
if options.safe { session.settings.safeFiles = Set(options.namedFiles.map(Session.realPath)) }
do {
    if let store = options.store { try session.openStore(store, readOnly: options.readOnly) }
    if options.loadsSample { try session.loadSample() }
    if let path = options.restoreFile {
        let summary = try session.restore(path, statement: "--restore \(path)")
        if session.store != nil { standardError.write("restored \(path): \(summary.described)\n") }
    }
    for path in options.acledFiles {
        let summary = try session.importAcled(path, statement: "--acled \(path)")
        // Without a store the import is quiet, save for the columns the file lacks.
        standardError.write(session.store != nil ? ImportReport.text(summary, path: path) : ImportReport.notes(summary))
    }
} catch {
    standardError.write(DiagnosticRenderer.render(error))
    exit(error.kind == .interrupted ? 130 : 1)
}
// What `--acled` loaded can be loaded again from its file: only what the user adds is at risk.
session.unsavedStatements = 0

/// Exit status for how a run ended: 130 after Ctrl-C (as shells report SIGINT), 1 after an error.
func status(_ outcome: Session.Outcome) -> Int32? {
    switch outcome {
    case .finished: return nil
    case .quit: return 0
    case let .failed(error): return error.kind == .interrupted ? 130 : error.kind == .usage ? 2 : 1
    }
}

if !options.actions.isEmpty {
    // Not interactive: the whole run is one statement to Ctrl-C (the third press exits even if unheard).
    SignalHandling.statementBegan()
    for action in options.actions {
        let outcome: Session.Outcome
        switch action {
        case let .statement(text, index):
            outcome = session.run(SourceText(name: "-e#\(index)", text: text))
        case let .file(path):
            do {
                let bytes = try FileReader.read(path)
                outcome = session.run(SourceText(name: path, bytes: bytes), baseDirectory: FileReader.directory(of: path))
            } catch {
                standardError.write(DiagnosticRenderer.render(error))
                exit(1)
            }
        }
        if let code = status(outcome) { exit(code) }
    }
    exit(0)
}

if isatty(0) == 1 {
    if session.outputIsTerminal, !options.safe, let command = Pager.command(environment: Shell.environment()) {
        session.pager = { text in
            if Pager.show(text, command: command) { return true }
            // No such program (the shell said so once): print results from now on.
            session.pager = nil
            return false
        }
    }
    let banner = ShellBanner.line(version: CommandLineOptions.version, storePath: options.store, readOnly: options.readOnly,
                                  loadedSample: options.loadsSample, acledFiles: options.acledFiles)
    exit(Shell(session: session, banner: banner).run())
}

SignalHandling.statementBegan()
do {
    let bytes = try FileReader.readAll(descriptor: 0)
    exit(status(session.run(SourceText(name: "<stdin>", bytes: bytes))) ?? 0)
} catch {
    standardError.write(DiagnosticRenderer.render(error))
    exit(error.kind == .interrupted ? 130 : 1)
}
