import Foundation
import Testing
@testable import ParleyEval
@testable import ParleyGraph
@testable import ParleyImport
@testable import ParleySchema
@testable import ParleySession
@testable import ParleyStore
@testable import ParleySupport

/// The persistent store, in process: what is written comes back, lazily loaded columns answer like the
/// graph in memory, re-imports update by event id, and files that are not stores are refused untouched.
@Suite struct StoreTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    final class Opened {
        let session: Session
        let output = StringSink()
        let errors = StringSink()

        init(_ path: String?, sample: Bool = false) throws {
            session = Session(output: output, errors: errors)
            session.settings.format = .csv
            if let path { try session.openStore(path) }
            if sample { try session.loadSample() }
        }

        /// Output and errors of running `text`.
        func run(_ text: String) -> String {
            GoldenFiles.run(text, on: session, output: output, errors: errors)
        }
    }

    @Test func aNewStoreStartsEmptyAndKeepsEveryStatement() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        do {
            let store = try Opened(path)
            #expect(store.run("parties | count") == "count\n0\n")
            #expect(store.run("add party Kremlin kind organisation") == "")
            #expect(store.run("add party Peskov kind person member of Kremlin as spokesperson") == "")
            #expect(store.run("add incident strike_1 (kind strike actor Kremlin date 2024-03-05 deaths 3 notes \"a note\")") == "")
        }
        let reopened = try Opened(path)
        #expect(reopened.run("parties | select name, kind, member_of, role") == "name,kind,member_of,role\nKremlin,organisation,,\nPeskov,person,Kremlin,spokesperson\n")
        #expect(reopened.run("incidents | select name, kind, actor, date, deaths, notes") == "name,kind,actor,date,deaths,notes\nstrike_1,strike,Kremlin,2024-03-05,3,a note\n")
    }

    @Test func aStatementWithAnErrorSavesNothing() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        do {
            let store = try Opened(path)
            #expect(store.run("add party Kremlin kind organisation") == "")
            #expect(store.run("add party Peskov kind person member of Kremlim").hasPrefix("query:1:40: error: unknown party `Kremlim`"))
        }
        #expect(try Opened(path).run("parties | select name") == "name\nKremlin\n")
    }

    /// Every query of the golden files, on the sample saved in a store and opened again (so each query
    /// loads only the columns it needs), answers exactly as on the sample in memory.
    @Test(arguments: GoldenFiles.names)
    func aReopenedStoreAnswersLikeTheGraphInMemory(_ name: String) throws {
        let path = try Self.folder().appendingPathComponent("sample.parley").path
        _ = try Opened(path, sample: true)
        let memory = try Opened(nil, sample: true)
        memory.session.settings.format = .table
        for golden in try GoldenFiles.cases(in: name) {
            // A fresh session per case: each starts with nothing loaded but the catalog.
            let stored = try Opened(path)
            // Settings (`.param`, `.mode`) carry over from earlier cases, as they do in the memory session.
            stored.session.settings = memory.session.settings
            let expected = memory.run(golden.statement)
            let actual = stored.run(golden.statement)
            #expect(actual == expected, "\(name):\(golden.line): \(golden.statement)")
        }
    }

    static let header = AcledImportTests.header2023

    @Test func reimportingUpdatesRowsWithANewerTimestampAndCountsNothingTwice() throws {
        let folder = try Self.folder()
        let path = folder.appendingPathComponent("acled.parley").path
        let first = folder.appendingPathComponent("first.csv").path
        let second = folder.appendingPathComponent("second.csv").path
        try ([Self.header] + AcledImportTests.rows2023).joined(separator: "\n").write(toFile: first, atomically: true, encoding: .utf8)
        // UKR1 revised (newer timestamp: 5 deaths, new notes, an associate), UKR3 resent unchanged, UKR2 resent
        // with an older timestamp (ignored), and a new event.
        let revised = [
            #"UKR1,2024-03-05,2024,1,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),Wagner Group,8,Civilians (Ukraine),,7,87,Civilian targeting,804,Europe,Ukraine,Zaporizhia,Zaporizkyi,,Zaporizhzhia,47.8388,35.1396,1,Ukrinform,National,Revised: five killed.,5,,1720000000"#,
            AcledImportTests.rows2023[2],
            #"UKR2,2024-03-05,2024,2,Political violence,Battles,Armed clash,Military Forces of Ukraine (2019-),,8,Military Forces of Russia (2000-),,8,88,,804,Europe,Ukraine,Zaporizhia,Zaporizkyi,,Zaporizhzhia,47.8388,35.1396,1,Reuters,National,Older copy.,9,,1700000000"#,
            #"UKR4,2024-04-20,2024,1,Political violence,Battles,Armed clash,Military Forces of Ukraine (2019-),,8,Military Forces of Russia (2000-),,8,88,,804,Europe,Ukraine,Kharkiv,Kharkivskyi,,Kharkiv,49.9935,36.2304,2,Reuters,International,New event.,2,,1720000001"#,
        ]
        try ([Self.header] + revised).joined(separator: "\n").write(toFile: second, atomically: true, encoding: .utf8)
        do {
            let store = try Opened(path)
            let summary = try store.session.importAcled(first)
            #expect(summary == AcledImporter.Summary(added: 4, updated: 0, unchanged: 0, partiesAdded: 15, placesAdded: 12))
        }
        do {
            let store = try Opened(path)
            let summary = try store.session.importAcled(second)
            #expect((summary.added, summary.updated, summary.unchanged) == (1, 1, 2))
            #expect(ImportReport.text(summary, path: "second.csv")
                == "imported 4 incidents from second.csv: 1 added, 1 updated, 2 unchanged (0 new parties, 0 new places); joined 8 places to places already in the graph: Zaporizhzhia (location), Kharkiv (location), Zaporizkyi (admin2), Kharkivskyi (admin2), Zaporizhia (admin1), and 3 more\n")
        }
        let reopened = try Opened(path)
        #expect(reopened.run("incidents | select name, deaths, associates, notes, sources | sort by name")
            == "name,deaths,associates,notes,sources\nRUS1,0,,Protest in Moscow against mobilisation.,1\nUKR1,5,Wagner Group,Revised: five killed.,1\n"
            + "UKR2,,Wagner Group; Military Forces of Belarus (1994-),\"Clashes near the city.\nSecond line of notes: ceasefire talk.\",1\nUKR3,0,,Shelling of Kharkiv. No casualties reported.,1\nUKR4,2,,New event.,1\n")
        #expect(reopened.run("incidents | count") == "count\n5\n")
        // The history keeps both imports, with what each did.
        #expect(reopened.session.graph.changes.map(\.summary) == [
            "imported 4 incidents from \(first) (15 new parties, 12 new places)",
            "imported 4 incidents from \(second): 1 added, 1 updated, 2 unchanged (0 new parties, 0 new places); joined 8 places to places already in the graph: Zaporizhzhia (location), Kharkiv (location), Zaporizkyi (admin2), Kharkivskyi (admin2), Zaporizhia (admin1), and 3 more",
        ])
    }

    @Test func aFileThatIsNotAStoreIsRefusedAndLeftUntouched() throws {
        let folder = try Self.folder()
        let text = folder.appendingPathComponent("notes.txt").path
        try "not a database\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: ParleyError(.data, "`\(text)` is not a Parley store (it is not a SQLite database); it was left untouched")) {
            try Opened(text)
        }
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "not a database\n")

        let other = folder.appendingPathComponent("other.db").path
        let database = try SQLiteDatabase(path: other, readOnly: false, create: true)
        try database.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        #expect(throws: ParleyError(.data, "`\(other)` is a SQLite database but not a Parley store; it was left untouched",
                                    hint: "a Parley store is a file that `parley FILE` created")) {
            try Opened(other)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)
    }

    @Test func aStoreFromANewerParleyIsRefused() throws {
        let path = try Self.folder().appendingPathComponent("newer.parley").path
        _ = try Opened(path)
        try SQLiteDatabase(path: path, readOnly: false, create: false).execute("PRAGMA user_version = \(Store.schemaVersion + 1)")
        #expect(throws: ParleyError(.data, "`\(path)` was written by a newer Parley (store version \(Store.schemaVersion + 1); this Parley reads version \(Store.schemaVersion)); it was left untouched",
                                    hint: "open it with a newer parley")) {
            try Opened(path)
        }
    }

    @Test func aStoreOpenedReadOnlyAnswersQueriesAndRefusesWrites() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        _ = try Opened(path).run("add party Kremlin kind organisation")
        let output = StringSink()
        let errors = StringSink()
        let session = Session(output: output, errors: errors)
        session.settings.format = .csv
        try session.openStore(path, readOnly: true)
        #expect(GoldenFiles.run("parties | select name", on: session, output: output, errors: errors) == "name\nKremlin\n")
        #expect(GoldenFiles.run("add party Peskov", on: session, output: output, errors: errors)
            == "error: the store `\(path)` is read-only: nothing was changed\n")
        #expect(GoldenFiles.run("parties | count", on: session, output: output, errors: errors) == "count\n1\n")
    }

    @Test func aSecondConnectionReadsWhileTheFirstWritesAndSeesItsCommits() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        let writer = try Opened(path)
        let reader = try Opened(path)
        #expect(writer.run("add party Kremlin kind organisation") == "")
        // The reader notices the other connection's commit before its next statement.
        #expect(reader.run("parties | select name") == "name\nKremlin\n")

        // While one connection holds the write lock, the other still reads, and a write of its own is
        // told the store is busy (after a short wait) and changes nothing.
        let (busyStore, _) = try Store.open(path, busyTimeoutMilliseconds: 50)
        var graph = writer.session.graph
        try writer.session.store!.beginWrite(&graph)
        defer { writer.session.store!.rollback() }
        let output = StringSink()
        let errors = StringSink()
        let other = Session(output: output, errors: errors)
        other.settings.format = .csv
        try other.openStore(path, busyTimeoutMilliseconds: 50)
        #expect(GoldenFiles.run("parties | count", on: other, output: output, errors: errors) == "count\n1\n")
        #expect(GoldenFiles.run("add party Peskov", on: other, output: output, errors: errors)
            == "error: the store `\(path)` is busy: another process is writing to it; nothing was changed\nhint: try again when it has finished\n")
        _ = busyStore
    }

    static let incidentFields = Schema.fields(of: .incidents).map(\.name)

    /// Every incident field, read every way a query reads it, on a store holding imported rows: each
    /// query loads only the columns it names, and must answer as the graph in memory does.
    @Test(arguments: incidentFields)
    func everyIncidentFieldReadsTheSameFromAReopenedStore(_ field: String) throws {
        let folder = try Self.folder()
        let csv = folder.appendingPathComponent("events.csv").path
        try ([Self.header] + AcledImportTests.rows2023).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("acled.parley").path
        let memory = try Opened(nil, sample: true)
        try memory.session.importAcled(csv)
        do {
            let store = try Opened(path, sample: true)
            try store.session.importAcled(csv)
        }
        let queries = [
            "incidents | select name, \(field)",
            "incidents | where \(field) is unknown | count",
            "incidents | sort by \(field), name | select name",
            "incidents | group by \(field) | count",
            "incidents | distinct \(field) | count",
            "incidents involving Russia | select name, \(field)",
            "incidents mentioning \"a\" | select name, \(field)",
            "incidents in Ukraine | pair with (incidents) on \(field) | count",
        ]
        for query in queries {
            let stored = try Opened(path)
            #expect(stored.run(query) == memory.run(query), "\(query)")
        }
    }

    @Test func dotOpenSwitchesToAStoreAndDotSaveWritesANewOne() throws {
        let folder = try Self.folder()
        let saved = folder.appendingPathComponent("saved.parley").path
        let memory = try Opened(nil, sample: true)
        #expect(memory.run(".save \(saved)") == "")
        #expect(memory.run(".save \(saved)") == "query:1:1: error: `\(saved)` already exists; `.save` writes a new store\n  .save \(saved)\n  ^~~~~\nhint: name a new file, or remove that one first\n")
        let other = try Opened(nil)
        #expect(other.run("parties | count") == "count\n0\n")
        #expect(other.run(".open \(saved)") == "")
        #expect(other.run("parties | count") == memory.run("parties | count"))
        #expect(other.run("incidents | select name, date, deaths") == memory.run("incidents | select name, date, deaths"))
        #expect(other.run("add party Somebody kind person") == "")
        #expect(try Opened(saved).run("parties where name = Somebody | select name, kind") == "name,kind\nSomebody,person\n")
    }

    @Test func aDamagedColumnIsAClearErrorNotACrash() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        _ = try Opened(path, sample: true)
        // An id past the end of the places table, as a damaged file might hold.
        // In the plain form (its first byte 0), so it decodes and only its values are wrong.
        var bytes = [UInt8](repeating: 0, count: 9)
        let rows = try Opened(path).session.graph.incidents.count
        bytes[1] = UInt8(rows)
        for _ in 0..<rows { bytes += [0xFF, 0xFF, 0x00, 0x00] }
        let database = try SQLiteDatabase(path: path, readOnly: false, create: false)
        // Its hash recorded with it, as a store written this way would have.
        let update = try database.prepare("UPDATE chunk SET data = ?, hash = ? WHERE part = 'incidents.places'")
        update.bind(1, blob: bytes)
        update.bind(2, bytes.withUnsafeBytes { ChunkHash.of($0) })
        try update.run()
        let damaged = try Opened(path)
        #expect(damaged.run("incidents | select name, place")
            == "error: the store `\(path)` is damaged: column incidents.places cannot be read\nhint: `.check` lists everything damaged; restore the store from a backup\n")
        // Queries that do not read that column still answer.
        #expect(damaged.run("incidents | count") == "count\n\(rows)\n")
    }

    /// In the shell, as in a script, a statement that meets a damaged chunk is an error, and the session
    /// goes on: statements that do not read that chunk still answer.
    @Test func aDamagedChunkFailsOnlyTheStatementsThatReadIt() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        _ = try Opened(path, sample: true)
        let store = try Opened(path)
        try SQLiteDatabase(path: path, readOnly: false, create: false).execute("DELETE FROM chunk WHERE part = 'incidents.deaths'")
        #expect(store.run("incidents | sum deaths")
            == "error: the store `\(path)` is damaged: column incidents.deaths, chunk 0 is missing\nhint: `.check` lists everything damaged; restore the store from a backup\n")
        #expect(store.run("incidents | count") == "count\n\(store.session.graph.incidents.count)\n")
        #expect(store.run("incidents | sum deaths").hasPrefix("error: the store `\(path)` is damaged: column incidents.deaths, chunk 0 is missing\n"))
        #expect(store.run(".check") == """
            column incidents.deaths, chunk 0 is missing
            query:1:1: error: the store `\(path)` is damaged (1 problem)
              .check
              ^~~~~~
            hint: restore the store from a backup

            """)
        #expect(store.run("parties | count") == "count\n\(store.session.graph.parties.count)\n")
    }

    @Test func correctionsAndTheirHistorySurviveReopening() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        do {
            let store = try Opened(path, sample: true)
            #expect(store.run("change meeting moscow_invitation status declined reported by Reuters") == "")
            #expect(store.run("retract incident dnipropetrovsk_fires") == "")
            #expect(store.run("alias party Zelensky as Zelenskyi") == "")
        }
        let reopened = try Opened(path)
        #expect(reopened.run("meetings where name = moscow_invitation | select status") == "status\ndeclined\n")
        #expect(reopened.run("incidents | select name") == "name\nzaporizhzhia_strike\ncrimea_annexation\n")
        #expect(reopened.run("parties where name = Zelenskyi | select name") == reopened.run("parties where name = Zelensky | select name"))
        #expect(reopened.run("history | select id, kind, statement") == """
        id,kind,statement
        1,change,change meeting moscow_invitation status declined reported by Reuters
        2,retract,retract incident dnipropetrovsk_fires
        3,alias,alias party Zelensky as Zelenskyi

        """)
        #expect(reopened.run("history of meeting moscow_invitation | select id") == "id\n1\n")
        let database = try SQLiteDatabase(path: path, readOnly: true, create: false)
        #expect(try database.integer("SELECT count(*) FROM change WHERE kind IN ('change', 'retract', 'alias')") == 3)
    }

    /// A dump loaded into an empty store gives back the same graph: the sample, and the sample with
    /// ACLED rows imported.
    @Test(arguments: [false, true])
    func aDumpLoadedIntoAnEmptyStoreGivesBackTheSameGraph(withAcled: Bool) throws {
        let folder = try Self.folder()
        let memory = try Opened(nil, sample: true)
        if withAcled {
            let csv = folder.appendingPathComponent("events.csv").path
            try ([Self.header] + AcledImportTests.rows2023).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
            try memory.session.importAcled(csv)
        }
        let dump = memory.run(".dump")
        #expect(dump.hasPrefix("-- Parley dump: "))
        #expect(dump.contains("\n.begin\n"))
        #expect(dump.hasSuffix("\n.commit\n"))
        let path = folder.appendingPathComponent("restored.parley").path
        do {
            let store = try Opened(path)
            #expect(store.run(dump) == "")
        }
        let reopened = try Opened(path)
        #expect(reopened.run(".dump") == dump)
        for query in ["parties | count", "places | select name, level, path", "facts | select kind, name, fact, source",
                      "incidents | select name, kind, date, place, actor, target, deaths, notes, sources", "members of Kremlin"] {
            #expect(reopened.run(query) == memory.run(query), "\(query)")
        }
    }

    @Test func beginCommitAndRollbackMakeOneTransactionOfManyStatements() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        do {
            let store = try Opened(path)
            #expect(store.run(".begin\nadd party Kremlin kind organisation\nadd party Peskov kind person member of Kremlin\n.rollback\nparties | count") == "count\n0\n")
            #expect(store.run(".begin\nadd party Kremlin kind organisation\nadd party Peskov kind person member of Kremlin") == "")
            // Another connection sees nothing until the commit.
            #expect(try Opened(path).run("parties | count") == "count\n0\n")
            #expect(store.run(".commit") == "")
            #expect(store.run(".commit") == "query:1:1: error: no transaction is open (`.begin` opens one)\n  .commit\n  ^~~~~~~\n")
        }
        #expect(try Opened(path).run("parties | select name") == "name\nKremlin\nPeskov\n")
        // Without a store, `.rollback` gives back the graph as it was at `.begin`.
        let memory = try Opened(nil, sample: true)
        let before = memory.run("parties | count")
        #expect(memory.run(".begin\nadd party Somebody kind person\n.rollback\nparties | count") == before)
    }

    /// A correction rewrites the one chunk of the one column it changes; an `add` only the last chunk
    /// of each column; nothing else is encoded or written again.
    @Test func aWriteRewritesOnlyTheChunksWhoseRowsChanged() throws {
        let folder = try Self.folder()
        let csv = folder.appendingPathComponent("events.csv").path
        // Three chunks' worth of rows: UKR1 to UKR40000.
        let template = AcledImportTests.rows2023[2]
        let rows = (1...40_000).map { row in "UKR\(row)" + template.drop { $0 != "," } }
        try ([Self.header] + rows).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("acled.parley").path
        let store = try Opened(path)
        try store.session.importAcled(csv)
        let database = try SQLiteDatabase(path: path, readOnly: false, create: false)
        try database.execute("""
            CREATE TABLE written (part TEXT, chunk INTEGER);
            CREATE TRIGGER record_write AFTER INSERT ON chunk BEGIN INSERT INTO written VALUES (NEW.part, NEW.chunk); END;
            """)
        func written() throws -> [String] {
            let statement = try database.prepare("SELECT part || ' ' || chunk FROM written ORDER BY part, chunk")
            var parts: [String] = []
            while try statement.step() { parts.append(statement.text(0) ?? "") }
            try database.execute("DELETE FROM written")
            return parts
        }
        let laidOut = try #require(store.session.store).chunksLaidOut
        #expect(store.run("change incident UKR20000 deaths 5") == "")
        // Not even looked at: the other chunks of deaths, and every chunk of the other columns.
        #expect(try #require(store.session.store).chunksLaidOut == laidOut + 1)
        // Nor read: the notes, which a change of deaths does not need.
        #expect(try #require(store.session.store).loaded.contains(.notes) == false)
        let corrected = try written()
        // The catalog records which nodes users changed.
        #expect(corrected == ["catalog 0", "incidents.deaths 1"])
        #expect(store.run("add incident UKR40001 kind shelling date 2024-05-01 deaths 1") == "")
        let added = try written()
        #expect(added.allSatisfy { $0.hasSuffix(" 2") || $0 == "catalog 0" })
        #expect(added.contains("incidents.deaths 2") && added.contains("incidents.notes 2"))
        #expect(store.run("change incident UKR3 notes \"Shelling of Kharkiv, corrected.\"") == "")
        #expect(try written() == ["catalog 0", "incidents.notes 0"])
        let reopened = try Opened(path)
        #expect(reopened.run("incidents where name in (UKR20000, UKR40001, UKR1) | sort by name | select name, deaths")
            == "name,deaths\nUKR1,0\nUKR20000,5\nUKR40001,1\n")
        #expect(reopened.run("incidents where name in (UKR3, UKR4) | sort by name | select name, notes")
            == "name,notes\nUKR3,\"Shelling of Kharkiv, corrected.\"\nUKR4,Shelling of Kharkiv. No casualties reported.\n")
    }

    /// A write that promised to leave a column unread and changed it anyway is refused, not saved over
    /// the store's column.
    @Test func aWriteThatChangesAColumnItDidNotReadIsRefused() throws {
        let path = try Self.folder().appendingPathComponent("graph.parley").path
        _ = try Opened(path, sample: true)
        let (store, opened) = try Store.open(path)
        var graph = opened
        try store.beginWrite(&graph, unread: [.notes])
        graph.incidents.notes = TextColumn(bytes: Array("x".utf8), ends: [1])
        #expect(throws: ParleyError(StoreProblem.writeFailed(path: path, reason: "it changed column incidents.notes, which it had not read"))) {
            try store.commit(graph, appendedOnly: false)
        }
        store.rollback()
        #expect(try Opened(path).run("incidents | count") == "count\n\(opened.incidents.count)\n")
    }
}
