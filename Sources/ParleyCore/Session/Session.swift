#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs Parley text — scripts, `-e` statements, shell lines — against one graph, with the settings
/// dot commands change. The command line and the shell both sit on top of this and only call down.
public final class Session {
    public var graph: Graph
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

    /// Loads the built-in sample graph (made from the news report in `Samples/article.parley`).
    public func loadSample() throws(ParleyError) {
        // The sample is where the user starts, not something the user changed.
        let recording = recordsChanges
        recordsChanges = false
        defer { recordsChanges = recording }
        for (name, text) in EmbeddedSamples.files {
            let source = SourceText(name: "Samples/" + name, text: text)
            if case let .failed(error) = run(source, baseDirectory: nil, reportErrors: false) { throw error }
        }
    }

    /// Imports an ACLED CSV export: all of it, or — on any error — none of it.
    @discardableResult
    public func importAcled(_ path: String) throws(ParleyError) -> AcledImporter.Summary {
        // Import into a copy: the graph the user has is untouched unless the whole file loads.
        var working = graph
        let summary = try AcledImporter.importFile(path, into: &working)
        if recordsChanges {
            let report = ImportReport.text(summary, path: path)
            working.recordChange(kind: "import", statement: ".import acled \(path)", summary: String(report.dropLast()))
        }
        graph = working
        return summary
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
            do throws(ParleyError) {
                // Ctrl-C between two statements of a script stops the script too.
                try Interrupt.check()
                var parser = try Parser(source, at: offset)
                let (statement, end) = try parser.parseStatementAndEnd()
                try execute(statement)
                offset = end
            } catch {
                return .failed(error)
            }
        }
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
            var evaluator = Evaluator(graph: graph, source: statement.source, parameters: settings.parameters)
            let result = try evaluator.run(query)
            write(result)
        case let .add(add):
            let rowsBefore = add.rowsBefore(in: graph)
            let node = try FactWriter.apply(add, to: &graph, source: statement.source, parameters: settings.parameters)
            if recordsChanges {
                let (summary, nodes) = add.summary(node: node, rowsBefore: rowsBefore, graph: graph,
                                                   source: statement.source, parameters: settings.parameters)
                graph.recordChange(kind: "add", statement: statement.text, summary: summary, nodes: nodes)
            }
        case let .correction(correction):
            let outcome = try Corrections.apply(correction, to: &graph, source: statement.source, parameters: settings.parameters)
            if recordsChanges {
                graph.recordChange(kind: correction.keyword, statement: statement.text, summary: outcome.summary, nodes: outcome.nodes)
            }
        }
        if settings.timer {
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            errors.write("Run Time: real \(formatSeconds(seconds)) s\n")
        }
    }

    private func formatSeconds(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - String(millis % 1000).count))\(millis % 1000)"
    }

    func write(_ result: ResultSet) {
        let sink = onceRedirect ?? redirect ?? output
        let toTerminal = sink === output && outputIsTerminal
        let options = RenderOptions(format: settings.format, maxRows: toTerminal ? settings.maxRows : nil)
        sink.write(Renderer.render(result, options: options))
        onceRedirect = nil
        for note in result.notes {
            errors.write("note: \(note)\n")
        }
    }
}
