import FuzzDriver
import ParleyCore

/// Any bytes as an ACLED CSV file imported into an empty graph, twice: in one read, and in small reads
/// that cut rows, quoted fields and UTF-8 sequences, which must come to the same thing. (Only which
/// error comes first may differ: UTF-8 is checked a read at a time, ahead of the rows.) When the import
/// succeeds, a few queries over what it built (place paths, grouping by place level and month,
/// opponents). A crash, a hang or a difference is a finding.
func importInput(_ bytes: [UInt8]) {
    ScratchFile.replaceContents(with: bytes)
    let whole = outcome(chunkSize: AcledImporter.defaultChunkSize)
    let pieces = outcome(chunkSize: 1 + bytes.count % 64)
    let eitherIsUTF8Error = [whole, pieces].contains { $0.hasPrefix("data") && $0.contains(": invalid UTF-8 at byte ") }
    if whole != pieces && !(eitherIsUTF8Error && whole.hasPrefix("data") && pieces.hasPrefix("data")) {
        fatalError("reading in \(1 + bytes.count % 64)-byte pieces changed the import:\n\(whole)\n---- became ----\n\(pieces)")
    }
}

/// What an import comes to: its error (kind, place, message, hint), or its summary and the answers to
/// a few queries.
func outcome(chunkSize: Int) -> String {
    var graph = Graph()
    let summary: AcledImporter.Summary
    do throws(ParleyError) {
        summary = try AcledImporter.importFile(ScratchFile.path, into: &graph, chunkSize: chunkSize)
    } catch {
        _ = DiagnosticRenderer.render(error)
        return "\(error.kind) \(error.span?.location.description ?? "-") \(error.message) \(error.hint ?? "-")"
    }
    let output = StringSink()
    let session = Session(graph: graph, output: output, errors: output)
    session.run(SourceText(name: "queries", text: """
        places | select name, level, path, parent
        incidents | group by country, admin1 | sum deaths | sort by deaths desc
        incidents | group by month | count
        incidents where opponent is not unknown | group by opponent | count
        facts | select kind, fact, source
        """))
    return "\(summary)\n\(output.text)"
}

FuzzDriver.run { data, count in
    importInput(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
