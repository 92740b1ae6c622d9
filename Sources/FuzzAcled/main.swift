#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FuzzDriver
import ParleyCore

/// Any bytes as an ACLED CSV file imported into an empty graph; when the import succeeds, a few
/// queries over what it built (place paths, grouping by place level and month, opponents). Errors are
/// rendered as the user would see them. A crash or a hang is a finding.
func importInput(_ bytes: [UInt8]) {
    ScratchFile.replaceContents(with: bytes)
    var graph = Graph()
    do throws(ParleyError) {
        _ = try AcledImporter.importFile(ScratchFile.path, into: &graph)
    } catch {
        _ = DiagnosticRenderer.render(error)
        return
    }
    let session = Session(graph: graph, output: DiscardingSink.shared, errors: DiscardingSink.shared)
    session.run(SourceText(name: "queries", text: """
        places | select name, level, path, parent
        incidents | group by country, admin1 | sum deaths | sort by deaths desc
        incidents | group by month | count
        incidents where opponent is not unknown | group by opponent | count
        facts | select kind, fact, source
        """))
}

/// The file each input is written to: the importer reads files.
enum ScratchFile {
    static let path: String = {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(folder)/parley-fuzz-acled-XXXXXX.csv".utf8CString)
        let descriptor = mkstemps(&template, 4)
        guard descriptor >= 0 else { fatalError("cannot make a scratch file in \(folder): \(String(cString: strerror(errno)))") }
        close(descriptor)
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        atexit { unlink(ScratchFile.path) }
        return path
    }()

    static func replaceContents(with bytes: [UInt8]) {
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        guard descriptor >= 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            guard count > 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += count
        }
    }
}

FuzzDriver.run { data, count in
    importInput(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
