#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyEval
import ParleyGraph
import ParleyImport
import ParleyRender
import ParleyStore
import ParleySupport
import ParleySyntax

/// Runs Parley text — scripts, `-e` statements, shell lines — against one graph, with the settings
/// dot commands change. The command line and the shell both sit on top of this and only call down.
public final class Session {
    public var graph: Graph
    /// The persistent store the graph lives in, when one is open: every write is saved to it before the
    /// statement returns.
    public private(set) var store: Store?
    public var settings = Settings()
    public let output: TextSink
    public let errors: TextSink
    /// When output goes to a terminal, long tables show head and tail (`.maxrows`).
    public var outputIsTerminal = false
    /// Set by `.output FILE`; nil writes to `output`.
    var redirect: TextSink?
    /// Set by `.once FILE`: the next result only.
    var onceRedirect: TextSink?
    /// `.read` nesting, to stop a script that reads itself.
    var readDepth = 0
    static let maximumReadDepth = 32
    /// Whether write statements are kept in the graph's history; off while the built-in sample loads.
    public var recordsChanges = true
    /// The terminal's size, when output is a terminal; set by the executable, asked before each result
    /// (the window may have been resized).
    public var terminalSize: (() -> (columns: Int, rows: Int)?)?
    /// Shows a result through the pager; false when none could run (the result is then printed). Set by
    /// the executable: the library runs no program.
    public var pager: ((String) -> Bool)?
    /// The sink the last result went to, when it was markdown: the next markdown result there starts
    /// with a blank line, so each stays a table of its own.
    /// Which sink the last result went to when it was markdown, so the next one there starts with a
    /// blank line. An identity, not a weak reference: `.output` and `.once` reset it when they open a
    /// new file, so an address reused by a later sink is never mistaken for the old one.
    var lastMarkdownSink: ObjectIdentifier?
    /// Statements that added or changed facts in a graph no store keeps (the shell warns before leaving).
    /// The command line sets it back to 0 after its own imports: the files it named are still there.
    public var unsavedStatements = 0
    /// `unsavedStatements` when `.open` last refused to leave them; the same `.open` again goes ahead.
    var openRefusedAt: Int?
    /// The day it is, in days since 1970-01-01 (UTC): `add` notes a date after it. Tests set a fixed day.
    public var today: () -> Int32 = { Int32(time(nil) / 86_400) }

    /// How a run ended.
    public enum Outcome: Equatable {
        case finished
        /// The first error, already reported on `errors`.
        case failed(ParleyError)
        /// `.quit` or `.exit`.
        case quit
    }

    public init(graph: Graph = Graph(), output: TextSink, errors: TextSink) {
        self.graph = graph
        self.output = output
        self.errors = errors
    }

    /// Loads the built-in sample graph (made from the news report in `Samples/article.parley`); into an
    /// open store, as one transaction.
    public func loadSample() throws(ParleyError) {
        // The sample is where the user starts, not something the user changed.
        let recording = recordsChanges
        recordsChanges = false
        defer { recordsChanges = recording }
        try inOneWrite { () throws(ParleyError) in
            for (name, text) in EmbeddedSamples.files {
                let source = SourceText(name: "Samples/" + name, text: text)
                if case let .failed(error) = run(source, baseDirectory: nil, reportErrors: false) { throw error }
            }
        }
    }

    /// Set while `inOneWrite` runs: each statement's write joins the one transaction.
    private(set) var batching = false
    /// Set while `restore` runs a dump: its `.begin` and `.commit` are part of the restore's one write.
    var restoring = false
    /// Set by `.begin`: the graph as it was, for `.rollback` when there is no store.
    private var graphBeforeBatch: Graph?
    /// Whether `.begin` opened a transaction that `.commit` or `.rollback` has not closed.
    public var inTransaction: Bool { batching && explicitBatch }
    private var explicitBatch = false

    /// `.begin`: the statements that follow, until `.commit`, are one write — saved together, or with
    /// `.rollback` (or an exit before `.commit`) not at all.
    func beginTransaction() throws(ParleyError) {
        guard !batching else { throw ParleyError(SessionProblem.transactionAlreadyOpen) }
        if let store { try store.beginWrite(&graph) } else { graphBeforeBatch = graph }
        batching = true
        explicitBatch = true
    }

    /// `.commit`: saves everything since `.begin`.
    func commitTransaction() throws(ParleyError) {
        guard inTransaction else { throw ParleyError(SessionProblem.noTransaction) }
        batching = false
        explicitBatch = false
        graphBeforeBatch = nil
        guard let store else { return }
        do {
            try store.commit(graph, appendedOnly: false)
        } catch {
            do { try store.load(into: &graph) } catch {}
            throw error
        }
    }

    /// `.rollback`: undoes everything since `.begin`.
    func rollbackTransaction() throws(ParleyError) {
        guard inTransaction else { throw ParleyError(SessionProblem.noTransaction) }
        batching = false
        explicitBatch = false
        if let store {
            store.rollback()
            do { try store.load(into: &graph) } catch { throw ParleyError(SessionProblem.storeCannotBeReadAgain(path: store.path, reason: "\(error)")) }
        } else if let saved = graphBeforeBatch {
            graph = saved
        }
        graphBeforeBatch = nil
    }

    /// Runs `body`'s statements as one write: all of them saved, or — on an error — none.
    func inOneWrite(_ body: () throws(ParleyError) -> Void) throws(ParleyError) {
        guard let store, !batching else { return try body() }
        try store.beginWrite(&graph)
        batching = true
        defer { batching = false }
        do {
            try body()
            try store.commit(graph, appendedOnly: false)
        } catch {
            store.rollback()
            do { try store.load(into: &graph) } catch {}
            throw error
        }
    }

    /// Opens (or creates) the store at `path`; its graph replaces the session's. A store of an earlier
    /// version opened for writing is upgraded to this one, and a note says so.
    public func openStore(_ path: String, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 5000) throws(ParleyError) {
        let (store, graph) = try Store.open(path, readOnly: readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        self.store = store
        self.graph = graph
        unsavedStatements = 0
        if let version = store.upgradedFrom {
            note("upgraded the store `\(path)` from version \(version) to version \(Store.schemaVersion)")
        }
    }

    /// Tells the user something worth knowing that is not an error, on `errors`.
    func note(_ text: String) {
        errors.write("note: \(text)\n")
    }

    /// Writes the whole graph to a new store at `path` (`.save`): a backup, or the way to keep a graph
    /// built in memory. The file must not exist yet.
    public func saveStore(_ path: String) throws(ParleyError) {
        var info = stat()
        guard stat(path, &info) != 0 else {
            throw ParleyError(SessionProblem.saveTargetExists(path: path), hint: "name a new file, or remove that one first")
        }
        try store?.ensureLoaded(nil, into: &graph)
        let (target, _) = try Store.open(path)
        var empty = Graph()
        try target.beginWrite(&empty)
        do {
            try target.commit(graph, appendedOnly: false)
        } catch {
            target.rollback()
            throw error
        }
        if store == nil { unsavedStatements = 0 }
    }

    /// Imports an ACLED CSV export: all of it, or — on any error — none of it. Rows already in the graph
    /// (same `event_id_cnty`) are updated when the file's `timestamp` is newer, and left alone otherwise.
    /// - Parameter statement: how the import was asked for, for the history.
    @discardableResult
    public func importAcled(_ path: String, statement: String? = nil) throws(ParleyError) -> AcledImporter.Summary {
        let store = batching ? nil : self.store
        if let store { try store.beginWrite(&graph) }
        do {
            // Import into a copy: the graph the user has is untouched unless the whole file loads and is saved.
            var working = graph
            let summary = try AcledImporter.importFile(path, into: &working)
            if recordsChanges {
                working.recordChange(kind: "import", statement: statement ?? ".import acled \(path)",
                                     summary: ImportReport.summary(summary, path: path))
            }
            try store?.commit(working, appendedOnly: summary.updated == 0 && summary.associatesGivenSides == 0 && summary.rowsGivenCodes == 0)
            graph = working
            if store == nil && recordsChanges { unsavedStatements += 1 }
            return summary
        } catch {
            store?.rollback()
            throw error
        }
    }

    /// Runs a statement that changes the graph: with a store, as one transaction, saved before this
    /// returns. `change` checks everything before it changes anything (plan, then apply), so an error
    /// leaves the graph as it was.
    /// - Parameter onlyAppends: the change cannot alter an existing incident's row, so only the chunks
    ///   from the first new row on need saving.
    /// - Parameter readsNotes: whether the change may read or set an incident's notes; when not, a store
    ///   does not load them (the largest column by far).
    func write(onlyAppends: Bool, readsNotes: Bool = true, _ change: (inout Graph) throws(ParleyError) -> Void) throws(ParleyError) {
        guard let store, !batching else {
            try change(&graph)
            return
        }
        try store.beginWrite(&graph, unread: readsNotes ? [] : [.notes])
        let incidentsBefore = graph.incidents.count
        do {
            try change(&graph)
        } catch {
            store.rollback()
            throw error
        }
        do {
            try store.commit(graph, appendedOnly: onlyAppends || graph.incidents.count > incidentsBefore)
        } catch {
            // The graph holds a change the store refused: go back to what the store holds.
            do { try store.load(into: &graph) } catch {}
            throw error
        }
    }

    /// Runs every statement and dot command in `source`, stopping at the first error (sqlite3's `-bail`).
    /// Errors are reported on `errors` and returned.
    /// - Parameter baseDirectory: where `.read` resolves relative paths (the script's folder); nil for the working directory.
    @discardableResult
    public func run(_ source: SourceText, baseDirectory: String? = nil, reportErrors: Bool = true) -> Outcome {
        let outcome = execute(source, baseDirectory: baseDirectory)
        if reportErrors, case let .failed(error) = outcome {
            errors.write(DiagnosticRenderer.render(error))
        }
        return outcome
    }

    /// script = { statement terminator | DOTCOMMAND } ;
    func execute(_ source: SourceText, baseDirectory: String?) -> Outcome {
        if let offset = UTF8Check.firstInvalidOffset(source.bytes) {
            return .failed(UTF8Check.error(source, at: offset))
        }
        let bytes = source.bytes
        var offset = 0
        while true {
            offset = skipBlank(bytes, from: offset)
            guard offset < bytes.count else { return .finished }
            if bytes[offset] == UInt8(ascii: ".") {
                var end = offset
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let outcome = runDotCommand(source, offset..<end, baseDirectory: baseDirectory)
                if outcome != .finished { return outcome }
                offset = end
                continue
            }
            if let word = otherShellsCommand(bytes, at: offset) {
                return .failed(ParleyError(SessionProblem.otherShellsCommand(source.text(word)), at: SourceSpan(source, word),
                                           hint: "Parley's commands start with a dot: `.help` lists them; `.quit` or `.exit` (or Ctrl-D) leaves"))
            }
            do throws(ParleyError) {
                // Ctrl-C between two statements of a script stops the script too.
                try Interrupt.check()
                try Interrupt.withDeadline(milliseconds: settings.timeoutMilliseconds) { () throws(ParleyError) in
                    var parser = try Parser(source, at: offset)
                    let (statement, end) = try parser.parseStatementAndEnd()
                    try execute(statement)
                    offset = end
                }
            } catch {
                // A timeout points at the statement it stopped.
                if error.span == nil && error.kind == .limit {
                    return .failed(error.at(SourceSpan(source, offset..<offset + 1)))
                }
                return .failed(error)
            }
        }
    }

    /// The range of `help`, `quit`, `exit`, `\q` or `\?` (any case) when it is all of the line at `start` but
    /// spaces, `;` and a comment: what sqlite3, psql and mysql users type for help or to leave, none of it a statement.
    private func otherShellsCommand(_ bytes: [UInt8], at start: Int) -> Range<Int>? {
        func endsWord(_ index: Int) -> Bool {
            index == bytes.count || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ";")].contains(bytes[index])
        }
        var end = start
        while !endsWord(end) && end - start < 5 { end += 1 }
        let word = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
        guard endsWord(end), ["help", "quit", "exit", "\\q", "\\?"].contains(word) else { return nil }
        let rest = skipBlank(bytes, from: end)
        let lineEnd = bytes[end...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        return rest >= lineEnd ? start..<end : nil
    }

    /// Skips spaces, line breaks, `;` and comments between statements.
    private func skipBlank(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: ";") {
                index += 1
            } else if byte == UInt8(ascii: "-") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == 0xEF && index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF && index == 0 {
                index += 3  // a byte-order mark
            } else {
                break
            }
        }
        return index
    }

    /// Runs one parsed statement and writes its result.
    public func execute(_ statement: Statement) throws(ParleyError) {
        let clock = ContinuousClock()
        let start = clock.now
        switch statement.body {
        case let .query(query):
            let plan = try bind(query, source: statement.source)
            try write(try Evaluator(graph: graph, source: statement.source, parameters: settings.parameters).run(plan))
        case let .add(add):
            let parameters = settings.parameters
            let recordsChanges = self.recordsChanges
            let today = self.today()
            var notes: [String] = []
            // An `add` naming an existing incident changes its row; any other `add` leaves incidents alone.
            var onlyAppends = true
            if case .node(.incidents, _) = add.target { onlyAppends = false }
            // Only an incident has notes; every other `add` leaves them alone.
            try write(onlyAppends: onlyAppends, readsNotes: !onlyAppends) { (graph: inout Graph) throws(ParleyError) in
                let rowsBefore = add.rowsBefore(in: graph)
                let node = try FactWriter.apply(add, to: &graph, source: statement.source, parameters: parameters,
                                                today: today, notes: &notes)
                if recordsChanges {
                    let (summary, nodes) = add.summary(node: node, rowsBefore: rowsBefore, graph: graph,
                                                       source: statement.source, parameters: parameters)
                    graph.recordChange(kind: "add", statement: statement.text, summary: summary, nodes: nodes)
                }
            }
            for text in notes { note(text) }
        case let .correction(correction):
            let parameters = settings.parameters
            let recordsChanges = self.recordsChanges
            // A correction may change any row (a merge rewrites actors and places), but only one that
            // names `notes` reads or sets an incident's notes.
            try write(onlyAppends: false, readsNotes: correction.mayTouchNotes) { (graph: inout Graph) throws(ParleyError) in
                let outcome = try Corrections.apply(correction, to: &graph, source: statement.source, parameters: parameters)
                if recordsChanges {
                    graph.recordChange(kind: correction.keyword, statement: statement.text, summary: outcome.summary, nodes: outcome.nodes)
                }
            }
        }
        if case .query = statement.body {} else if store == nil && recordsChanges { unsavedStatements += 1 }
        if settings.timer {
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            errors.write("Run Time: real \(formatSeconds(seconds)) s\n")
        }
    }

    /// Binds a query to the graph. From a store, what binding reads is loaded first (usually no
    /// incident column), then the columns the plan reads — and the query is bound again if another
    /// process wrote the store in between.
    func bind(_ query: Query, source: SourceText) throws(ParleyError) -> Plan {
        if let store { try store.ensureLoaded(Binder.columnsToBind(query), into: &graph) }
        while true {
            try Interrupt.check()
            let plan = try Binder(graph: graph, source: source, parameters: settings.parameters).bind(query)
            guard let store, try store.ensureLoaded(plan.incidentColumns, into: &graph) else { return plan }
        }
    }

    private func formatSeconds(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - String(millis % 1000).count))\(millis % 1000)"
    }

    func write(_ result: ResultSet) throws(ParleyError) {
        let sink = onceRedirect ?? redirect ?? output
        // `.once` is spent on this result even when Ctrl-C or the `.timeout` stops its rendering.
        defer { onceRedirect = nil }
        // Fitting, eliding and paging are for a person at a terminal: a pipe or a file gets every byte.
        let toTerminal = sink === output && outputIsTerminal
        let size = toTerminal ? terminalSize?() : nil
        let paging = toTerminal && settings.pager && settings.safeFiles == nil && pager != nil
        var maxWidth: Int?
        if toTerminal {
            switch settings.maxWidth {
            case .terminal: maxWidth = size?.columns
            case let .columns(count): maxWidth = count
            case .off: maxWidth = nil
            }
        }
        // Nothing is elided when a pager shows it all.
        let options = RenderOptions(format: settings.format, maxRows: toTerminal && !paging ? settings.maxRows : nil,
                                    headers: settings.headers, nullText: settings.nullValue,
                                    columnWidths: toTerminal ? settings.columnWidths : [], maxWidth: maxWidth)
        var text = try Renderer.render(result, options: options)
        if settings.format == .markdown && !text.isEmpty {
            if lastMarkdownSink == ObjectIdentifier(sink) { text = "\n" + text }
            lastMarkdownSink = ObjectIdentifier(sink)
        } else {
            lastMarkdownSink = nil
        }
        // A result that does not fit the window goes through the pager (the prompt needs a line too).
        if paging, let rows = size?.rows, text.utf8.count >= rows, Session.lineCount(text) >= rows, let pager, pager(text) {
            // shown
        } else {
            sink.write(text)
        }
        for text in result.notes {
            note(text)
        }
    }

    static func lineCount(_ text: String) -> Int {
        text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}

extension Correction {
    /// Whether it may read or set an incident's notes: a `change` of an incident naming `notes`, or a
    /// merge of incidents. Anything else leaves the store's notes unread.
    var mayTouchNotes: Bool {
        switch self {
        case let .change(target, clauses): target.kind == .incidents && clauses.contains { $0.key.text == "notes" }
        case let .merge(merged, _): merged.kind == .incidents
        case .retract, .retractRelation, .retractMembership, .alias: false
        }
    }
}
