import Foundation
import Testing
@testable import ParleySession
@testable import ParleyStore
@testable import ParleySupport

/// `--restore` and `.restore`: a dump loaded into an empty graph or a new store as one write with one
/// history entry, giving back the graph it was dumped from; all of it or, on an error, none.
@Suite struct RestoreTests {
    static func folder() throws -> URL { try StoreTests.folder() }

    /// The built-in sample's dump, written to `folder`.
    static func sampleDump(in folder: URL) throws -> (path: String, text: String) {
        let memory = try StoreTests.Opened(nil, sample: true)
        let text = memory.run(".dump")
        let path = folder.appendingPathComponent("sample.dump").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, text)
    }

    @Test func aRestoredStoreDumpsAsTheDumpItCameFromWithOneHistoryEntry() throws {
        let folder = try Self.folder()
        let dump = try Self.sampleDump(in: folder)
        let path = folder.appendingPathComponent("restored.parley").path
        let store = try StoreTests.Opened(path)
        let summary = try store.session.restore(dump.path, statement: "--restore sample.dump")
        #expect(summary.described == "16 parties, 16 places, 7 meetings, 3 incidents, 5 claims, 15 relations")
        let reopened = try StoreTests.Opened(path)
        #expect(reopened.run(".dump") == dump.text)
        #expect(reopened.run("history | select kind, statement, summary") == """
            kind,statement,summary
            restore,--restore sample.dump,"restored \(dump.path): 16 parties, 16 places, 7 meetings, 3 incidents, 5 claims, 15 relations"

            """)
    }

    @Test func aGraphThatHoldsSomethingIsNotRestoredInto() throws {
        let folder = try Self.folder()
        let dump = try Self.sampleDump(in: folder)
        let session = try StoreTests.Opened(nil)
        #expect(session.run("add party Observer kind person") == "")
        #expect(session.run(".restore \(dump.path)") == """
            query:1:1: error: `\(dump.path)` cannot be restored into a graph that holds something already (1 party)
              .restore \(dump.path)
              ^~~~~~~~
            hint: restore into a new store: `parley NEW.parley --restore \(dump.path)`

            """)
        #expect(session.run("parties | count") == "count\n1\n")
    }

    @Test func aDumpWithAnErrorRestoresNothingAndSaysWhere() throws {
        let folder = try Self.folder()
        let dump = folder.appendingPathComponent("bad.dump").path
        try ".begin\nadd party X kind person\nadd party Y kind persn\n.commit\n".write(toFile: dump, atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("restored.parley").path
        let store = try StoreTests.Opened(path)
        #expect(store.run(".restore \(dump)") == """
            \(dump):3:18: error: `persn` is not a kind of party
              add party Y kind persn
                               ^~~~~
            hint: did you mean `person`?

            """)
        let reopened = try StoreTests.Opened(path)
        #expect(reopened.run("parties | count") == "count\n0\n")
        #expect(reopened.run("history | count") == "count\n0\n")
        // Nothing is left behind in memory either.
        let memory = try StoreTests.Opened(nil)
        _ = memory.run(".restore \(dump)")
        #expect(memory.run("parties | count") == "count\n0\n")
        #expect(memory.session.unsavedStatements == 0)
    }

    @Test func aDumpMayNotRollBackNorRestoreAnother() throws {
        let folder = try Self.folder()
        let dump = folder.appendingPathComponent("rollback.dump").path
        try "add party X kind person\n.rollback\n".write(toFile: dump, atomically: true, encoding: .utf8)
        let memory = try StoreTests.Opened(nil)
        #expect(memory.run(".restore \(dump)") == """
            \(dump):2:1: error: a dump being restored cannot `.rollback`: the restore is all of it or none
              .rollback
              ^~~~~~~~~

            """)
        #expect(memory.run("parties | count") == "count\n0\n")
        #expect(memory.run(".begin\n.restore \(dump)") == """
            query:2:1: error: `.restore` is a transaction of its own; it cannot run inside another
              .restore \(dump)
              ^~~~~~~~

            """)
    }

    @Test func safeModeRestoresOnlyADumpNamedOnTheCommandLine() throws {
        let folder = try Self.folder()
        let dump = try Self.sampleDump(in: folder)
        let memory = try StoreTests.Opened(nil)
        memory.session.settings.safeFiles = []
        #expect(memory.run(".restore \(dump.path)") == """
            query:1:1: error: `\(dump.path)` was not named on the command line; --safe does not let `.restore` open it
              .restore \(dump.path)
              ^~~~~~~~
            hint: --safe lets scripts read only the files named on the command line

            """)
        memory.session.settings.safeFiles = [Session.realPath(dump.path)]
        #expect(memory.run(".restore \(dump.path)\nmeetings | count") == "count\n7\n")
    }
}
