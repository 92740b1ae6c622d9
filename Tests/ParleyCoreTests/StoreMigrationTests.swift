import Foundation
import Testing
@testable import ParleySession
@testable import ParleyStore
@testable import ParleySupport

/// Store versions: a store of each version, kept as its Parley wrote it (Fixtures/README.md), opens
/// read-only untouched and, opened for writing, is upgraded in one transaction to this version and
/// answers every question as before.
@Suite struct StoreMigrationTests {
    static let fixtures = AcledActorTests.fixtures

    /// Every store fixture, with the version its Parley wrote.
    static let storesOfEachVersion: [(file: String, version: Int64)] = [
        ("acled-actors-v1.parley", 1),
        ("old-sample.parley", 1),
        ("acled-actors-v2.parley", 2),
        ("acled-actors-v3.parley", 3),
        ("acled-actors-v4.parley", 4),
        ("acled-actors-v5.parley", 5),
    ]

    /// Questions whose answers an upgrade must not change: counts, associates and their sides,
    /// parties' countries, every incident field, the history, and the whole graph as `.dump` writes it.
    static let questions = [
        "incidents | count", "parties | count", "places | count", "meetings | count", "claims | count",
        "incidents | select name, associates, actor_associates, target_associates",
        "parties | sort by name | select name, kind, member_of, role, country",
        "places | select name, level, path, aliases",
        "incidents | select name, " + StoreTests.incidentFields.joined(separator: ", "),
        "incidents | group by kind | count",
        "history | select id, kind, statement, summary",
        ".dump",
    ]

    static func copy(_ file: String) throws -> String {
        let path = try StoreTests.folder().appendingPathComponent(file).path
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent(file).path, toPath: path)
        return path
    }

    /// Parley's chunk hash of the whole file.
    static func hash(_ path: String) throws -> Int64 {
        try Data(contentsOf: URL(fileURLWithPath: path)).withUnsafeBytes { ChunkHash.of($0) }
    }

    /// The `chunk` table's columns in order, and the indexes on it with their columns.
    static func chunkLayout(_ path: String) throws -> [String] {
        let database = try SQLiteDatabase(path: path, readOnly: true, create: false)
        var layout: [String] = []
        let columns = try database.prepare("SELECT name FROM pragma_table_info('chunk') ORDER BY cid")
        while try columns.step() { layout.append(columns.text(0) ?? "") }
        let indexes = try database.prepare("""
            SELECT i.name, group_concat(c.name, ' ') FROM pragma_index_list('chunk') i, pragma_index_info(i.name) c
            WHERE i.origin = 'c' GROUP BY i.name ORDER BY i.name
            """)
        while try indexes.step() { layout.append("index \(indexes.text(0) ?? ""): \(indexes.text(1) ?? "")") }
        return layout
    }

    /// Since version 5 the data comes after every other column, and an index holds all those others: the
    /// chunk index is read without reading a page of any chunk.
    static let chunkLayoutOfThisVersion = ["part", "chunk", "rows", "hash", "plain_hash", "low", "high", "data",
                                           "index chunk_index: part chunk rows hash plain_hash low high"]

    @Test func aNewStoreHoldsEachChunksDataAfterItsIndex() throws {
        let path = try StoreTests.folder().appendingPathComponent("new.parley").path
        let (store, _) = try Self.open(path, readOnly: false)
        #expect(store.run("add incident Strike kind strike date 2024-03-05") == "")
        #expect(try Self.chunkLayout(path) == Self.chunkLayoutOfThisVersion)
    }

    static func versions(_ path: String) throws -> (user: Int64, info: String?) {
        let database = try SQLiteDatabase(path: path, readOnly: true, create: false)
        let info = try database.prepare("SELECT value FROM store_info WHERE key = 'schema_version'")
        return (try database.integer("PRAGMA user_version"), try info.step() ? info.text(0) : nil)
    }

    /// A session on `path`, and what opening it wrote on standard error.
    static func open(_ path: String, readOnly: Bool) throws -> (StoreTests.Opened, String) {
        let opened = try StoreTests.Opened(nil)
        try opened.session.openStore(path, readOnly: readOnly)
        return (opened, opened.errors.text)
    }

    static func answers(_ opened: StoreTests.Opened) -> [String] {
        questions.map { opened.run($0) }
    }

    @Test func theStepsLeadFromVersionOneToThisOneEachOnce() {
        #expect(Store.migrations.map(\.from) == Array(1..<Store.schemaVersion))
        #expect(GraphStorage.Column.allCases.allSatisfy { (1...Store.schemaVersion).contains($0.sinceVersion) })
        // Each column added since version 1 is written by the step to its version.
        for column in GraphStorage.Column.allCases where column.sinceVersion > 1 {
            #expect(Store.migrations.filter { $0.addedColumns.contains(column) }.map(\.to) == [column.sinceVersion], "\(column)")
        }
        #expect(Self.storesOfEachVersion.contains { $0.version == Store.schemaVersion }, "no store of this version among the fixtures")
    }

    @Test(arguments: storesOfEachVersion.map(\.file))
    func eachFixtureIsOfTheVersionItIsListedAs(_ file: String) throws {
        let version = Self.storesOfEachVersion.first { $0.file == file }!.version
        let versions = try Self.versions(Self.fixtures.appendingPathComponent(file).path)
        #expect(versions.user == version)
        #expect(versions.info == String(version))
    }

    /// Read-only, a store answers as it is and its bytes do not change; opened for writing, a store of an
    /// earlier version is upgraded (saying so) and then answers every question exactly as before.
    @Test(arguments: storesOfEachVersion.map(\.file))
    func anUpgradedStoreAnswersAsItDidBefore(_ file: String) throws {
        let version = Self.storesOfEachVersion.first { $0.file == file }!.version
        let path = try Self.copy(file)
        let original = try Self.hash(path)

        let (readOnly, readOnlyNotes) = try Self.open(path, readOnly: true)
        let before = Self.answers(readOnly)
        #expect(readOnlyNotes == "")
        #expect(readOnly.run(".check") == "ok\n")
        #expect(try Self.hash(path) == original, "a read-only open changed the file")
        #expect(try Self.versions(path).user == version)

        let (writable, notes) = try Self.open(path, readOnly: false)
        if version < Store.schemaVersion {
            #expect(notes == "note: upgraded the store `\(path)` from version \(version) to version \(Store.schemaVersion)\n")
            // Every chunk was written again in the new form: the old ones' pages are given back.
            let database = try SQLiteDatabase(path: path, readOnly: true, create: false)
            #expect(try database.integer("PRAGMA freelist_count") == 0)
        } else {
            #expect(notes == "")
            #expect(try Self.hash(path) == original, "opening a store of this version changed the file")
        }
        #expect(try Self.versions(path) == (Store.schemaVersion, String(Store.schemaVersion)))
        #expect(try Self.chunkLayout(path) == Self.chunkLayoutOfThisVersion)
        let after = Self.answers(writable)
        for (index, question) in Self.questions.enumerated() {
            #expect(after[index] == before[index], "\(file): \(question)")
        }
        #expect(writable.run(".check") == "ok\n")
        #expect(try Store.check(path) == [])

        // Upgraded once: opening it again, either way, changes nothing and says nothing.
        let upgraded = try Self.hash(path)
        let (again, againNotes) = try Self.open(path, readOnly: false)
        #expect(againNotes == "")
        #expect(Self.answers(again) == before)
        #expect(try Self.hash(path) == upgraded)
    }

    @Test func theStoreOfVersionTwoOpensAsItWasWritten() throws {
        let path = try Self.copy("acled-actors-v2.parley")
        let (store, notes) = try Self.open(path, readOnly: true)
        #expect(notes == "")
        #expect(store.run("incidents | count") == "count\n5\n")
        #expect(store.run("incidents where name = UKR11 | select associates, actor_associates, target_associates")
            == "associates,actor_associates,target_associates\nWagner Group; Government of Ukraine (2019-); Military Forces of Ukraine (2019-) Territorial Defense Forces,"
            + "Wagner Group,Government of Ukraine (2019-); Military Forces of Ukraine (2019-) Territorial Defense Forces\n")
        #expect(store.run("parties where name = \"Protesters (Russia)\" | select kind, member_of, country") == "kind,member_of,country\npopulation,,Russia\n")
        #expect(store.run("history | select kind, statement") == "kind,statement\nimport,--acled acled-actors.csv\n")
        // It answers as the same file imported by this Parley does.
        let fresh = try StoreTests.folder().appendingPathComponent("fresh.parley").path
        do { try StoreTests.Opened(fresh).session.importAcled(AcledActorTests.csv) }
        let imported = try StoreTests.Opened(fresh)
        for question in Self.questions where !question.hasPrefix("history") && question != ".dump" {
            #expect(store.run(question) == imported.run(question), "\(question)")
        }
    }

    /// A store of version 2 kept no `inter1`, `inter2`, `interaction` or `iso`; importing the same file
    /// again after the upgrade fills them in, though every row is otherwise unchanged, and saves them.
    @Test func reimportingAfterTheUpgradeFillsInTheCodesAnEarlierVersionDidNotKeep() throws {
        let path = try Self.copy("acled-actors-v2.parley")
        let question = "incidents | select name, inter1, inter2, interaction, iso"
        do {
            let (store, _) = try Self.open(path, readOnly: false)
            #expect(store.run(question) == "name,inter1,inter2,interaction,iso\nUKR10,,,,\nUKR11,,,,\nRUS10,,,,\nRUS11,,,,\nUKR12,,,,\n")
            let summary = try store.session.importAcled(Self.fixtures.appendingPathComponent("acled-actors-coded.csv").path)
            #expect(summary.unchanged == 5)
            #expect(summary.rowsGivenCodes == 5)
        }
        let (reopened, _) = try Self.open(path, readOnly: true)
        let (coded, _) = try Self.open(try Self.copy("acled-actors-v3.parley"), readOnly: true)
        #expect(reopened.run(question) == """
            name,inter1,inter2,interaction,iso
            UKR10,external_forces,civilians,78,804
            UKR11,external_forces,state_forces,18,804
            RUS10,protesters,,60,643
            RUS11,state_forces,protesters,16,643
            UKR12,political_militia,civilians,37,804

            """)
        #expect(reopened.run(question) == coded.run(question))
    }

    /// A step or the version's catalog that cannot be written (here a trigger refuses the chunk) fails
    /// the open with an error naming the upgrade, and the store is left byte for byte as it was.
    @Test(arguments: [
        ("incidents.association_sides", " (the step to version 2: parties' countries and associates' sides)"),
        ("catalog", ""),
    ])
    func anUpgradeThatFailsLeavesTheStoreAsItWas(_ part: String, _ step: String) throws {
        let path = try Self.copy("acled-actors-v1.parley")
        try SQLiteDatabase(path: path, readOnly: false, create: false).execute("""
            CREATE TRIGGER refuse BEFORE INSERT ON chunk WHEN NEW.part = '\(part)' BEGIN SELECT RAISE(ABORT, 'refused'); END
            """)
        let original = try Self.hash(path)
        #expect(throws: ParleyError(.io, "cannot upgrade the store `\(path)` from version 1 to version \(Store.schemaVersion)\(step): refused; it was left as it was")) {
            try Self.open(path, readOnly: false)
        }
        #expect(try Self.hash(path) == original)
        #expect(try Self.versions(path) == (1, "1"))
        // Read-only, it still answers as it is.
        let (store, _) = try Self.open(path, readOnly: true)
        #expect(store.run("incidents | count") == "count\n5\n")
    }

    /// A damaged store of an earlier version is not upgraded: the error says what is damaged, and
    /// `--readonly` still reads what is sound.
    @Test func aDamagedStoreOfAnEarlierVersionIsNotUpgraded() throws {
        let path = try Self.copy("acled-actors-v1.parley")
        try SQLiteDatabase(path: path, readOnly: false, create: false)
            .execute("UPDATE chunk SET hash = hash + 1 WHERE part = 'incidents.notes'")
        let original = try Self.hash(path)
        #expect(throws: ParleyError(.data, "cannot upgrade the store `\(path)` from version 1 to version \(Store.schemaVersion): it is damaged: column incidents.notes, chunk 0 does not match its hash: its bytes changed after it was written; it was left as it was",
                                    hint: "`parley -e '.check \(path)'` lists everything damaged; `--readonly` reads it as it is")) {
            try Self.open(path, readOnly: false)
        }
        #expect(try Self.hash(path) == original)
        let (store, _) = try Self.open(path, readOnly: true)
        #expect(store.run("incidents | count") == "count\n5\n")
    }

    /// A store that another process put back at an earlier version after this one opened it is upgraded
    /// by the next write, never written in this layout under the older number.
    @Test func aWriteToAStoreReplacedByAnEarlierVersionUpgradesItFirst() throws {
        let path = try Self.copy("acled-actors-v1.parley")
        let (store, _) = try Self.open(path, readOnly: false)
        let before = Self.answers(try Self.open(try Self.copy("acled-actors-v1.parley"), readOnly: true).0)
        // Put the version-1 file back, as a restore from a backup would.
        let database = try SQLiteDatabase(path: path, readOnly: false, create: false)
        try database.execute("ATTACH '\(Self.fixtures.appendingPathComponent("acled-actors-v1.parley").path)' AS old")
        try database.execute("""
            BEGIN IMMEDIATE;
            DELETE FROM main.chunk; INSERT INTO main.chunk (part, chunk, rows, hash, data) SELECT * FROM old.chunk;
            DELETE FROM main.store_info; INSERT INTO main.store_info SELECT * FROM old.store_info;
            DELETE FROM main.change; INSERT INTO main.change SELECT * FROM old.change;
            PRAGMA main.user_version = 1;
            COMMIT;
            """)
        try database.execute("DETACH old")
        #expect(try Self.versions(path) == (1, "1"))
        #expect(store.run("add party Observer kind person") == "")
        #expect(try Self.versions(path) == (Store.schemaVersion, String(Store.schemaVersion)))
        #expect(try Store.check(path) == [])
        let (reopened, _) = try Self.open(path, readOnly: true)
        #expect(reopened.run("parties where name = Observer | select kind") == "kind\nperson\n")
        #expect(reopened.run(Self.questions[5]) == before[5])
    }
}
