import FuzzDriver
import ParleyGraph
import ParleyImport
import ParleySession
import ParleySupport

/// Any bytes as an ACLED CSV file imported into an empty graph, three ways: in one read; in small reads
/// that cut rows, quoted fields and UTF-8 sequences, a few rows a batch on the reading thread; and on
/// the calling thread, without reading ahead. All must come to the same thing, errors included (the
/// first error in the file, wherever it is found). When the import succeeds, a few queries over what
/// it built (place paths, grouping by place level and month, opponents). A crash, a hang or a
/// difference is a finding.
func importInput(_ bytes: [UInt8]) {
    ScratchFile.replaceContents(with: bytes)
    let whole = outcome(chunkSize: AcledImporter.defaultChunkSize)
    let pieces = outcome(chunkSize: 1 + bytes.count % 64, rowsPerBatch: 1 + bytes.count % 3)
    let here = outcome(chunkSize: 1 + bytes.count % 29, rowsPerBatch: 1 + bytes.count % 5, readsAhead: false)
    if whole != pieces || whole != here {
        fatalError("the way of reading changed the import:\n\(whole)\n---- in \(1 + bytes.count % 64)-byte pieces ----\n\(pieces)"
                   + "\n---- on the calling thread ----\n\(here)")
    }
}

/// What an import comes to: its error (kind, place, message, hint), or its summary and the answers to
/// a few queries.
func outcome(chunkSize: Int, rowsPerBatch: Int = AcledImporter.defaultRowsPerBatch, readsAhead: Bool = true) -> String {
    var graph = Graph()
    let summary: AcledImporter.Summary
    do throws(ParleyError) {
        summary = try AcledImporter.importFile(ScratchFile.path, into: &graph, chunkSize: chunkSize,
                                               rowsPerBatch: rowsPerBatch, readsAhead: readsAhead)
    } catch {
        return "\(error.kind) \(error.span?.location.description ?? "-")\n" + DiagnosticRenderer.render(error)
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
