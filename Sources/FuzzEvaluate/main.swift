import FuzzDriver
import ParleyCore

/// Any bytes as a script on the built-in sample — statements, dot commands, errors and all — each
/// input on its own copy of the graph, with the dot commands that open files turned off; then tab
/// completion at the end and in the middle of the same text. A crash or a hang is a finding.
func evaluateInput(_ bytes: [UInt8]) {
    let session = Session(graph: Sample.graph, output: DiscardingSink.shared, errors: DiscardingSink.shared)
    session.settings.allowsFileAccess = false
    session.run(SourceText(name: "input", bytes: bytes))

    let text = String(decoding: bytes, as: UTF8.self)
    let completion = CompletionEngine(graph: Sample.graph)
    _ = completion.complete(line: text, cursor: text.utf8.count)
    _ = completion.complete(line: text, cursor: text.utf8.count / 2)
}

/// The sample graph, loaded once.
enum Sample {
    static let graph: Graph = {
        let session = Session(output: DiscardingSink.shared, errors: FileSink.descriptor(2))
        do throws(ParleyError) {
            try session.loadSample()
        } catch {
            fatalError("the built-in sample does not load: \(error.message)")
        }
        return session.graph
    }()
}

FuzzDriver.run { data, count in
    evaluateInput(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
