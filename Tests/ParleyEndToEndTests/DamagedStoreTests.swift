import Foundation
import Testing
@testable import ParleyStore
@testable import ParleySupport

/// A store damaged on disk — a chunk deleted, cut short, overwritten or renamed, the catalog overwritten,
/// bytes flipped inside well-formed SQLite pages — says so and never answers from it; a write refuses
/// and leaves every byte; `.check` names each damaged chunk. Run with the real binary, since without
/// these checks a damaged store can crash the process.
@Suite struct DamagedStoreTests {
    /// 40,000 rows: three chunks a column (16,384, 16,384 and 7,232 rows).
    static let rows = 40_000

    /// A sound store of `rows` imported incidents, built once; each test damages a copy.
    static let sound: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-damage-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let csv = folder.appendingPathComponent("events.csv")
        try! Data(StoreProcessTests.acled(rows: rows).utf8).write(to: csv)
        let path = folder.appendingPathComponent("sound.parley").path
        let built = try! ParleyBinary.run([path, "--acled", csv.path])
        precondition(built.status == 0, built.errors)
        return path
    }()

    let folder: TemporaryFolder
    let path: String

    init() throws {
        folder = try TemporaryFolder()
        path = folder.url.appendingPathComponent("graph.parley").path
        try FileManager.default.copyItem(atPath: Self.sound, toPath: path)
    }

    /// Runs SQL on the copy, as a tool other than Parley (or a disk) might change it.
    func damage(_ sql: String) throws {
        try SQLiteDatabase(path: path, readOnly: false, create: false).execute(sql)
    }

    /// Replaces one chunk's bytes, leaving its recorded hash as it was.
    func overwrite(_ part: String, chunk: Int, _ change: (inout [UInt8]) -> Void) throws {
        let database = try SQLiteDatabase(path: path, readOnly: false, create: false)
        let read = try database.prepare("SELECT data FROM chunk WHERE part = '\(part)' AND chunk = \(chunk)")
        #expect(try read.step())
        var bytes = read.withBlob(0) { [UInt8]($0) }
        read.reset()
        change(&bytes)
        let write = try database.prepare("UPDATE chunk SET data = ? WHERE part = '\(part)' AND chunk = \(chunk)")
        write.bind(1, blob: bytes)
        try write.run()
    }

    func integrityCheck() throws -> String {
        let database = try SQLiteDatabase(path: path, readOnly: true, create: false)
        let statement = try database.prepare("PRAGMA integrity_check")
        var lines: [String] = []
        while try statement.step() { lines.append(statement.text(0) ?? "") }
        return lines.joined(separator: "\n")
    }

    var hint: String { "hint: `.check` lists everything damaged; restore the store from a backup\n" }

    /// Runs `query` on the copy and expects it refused, printing nothing, because `damage` is damaged.
    func expectRefused(_ query: String, because damage: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let result = try ParleyBinary.run([path, "-e", query])
        #expect(result.errors == "error: the store `\(path)` is damaged: \(damage)\n" + hint, sourceLocation: sourceLocation)
        #expect(result.output == "", sourceLocation: sourceLocation)
        #expect(result.status == 1, sourceLocation: sourceLocation)
    }

    @Test func aDeletedColumnChunkIsAnErrorNotASum() throws {
        let sound = try ParleyBinary.run([path, "--format", "csv", "-e", "incidents | sum deaths"])
        #expect(sound.output == "deaths\n60000\n")
        try damage("DELETE FROM chunk WHERE part = 'incidents.deaths' AND chunk = 1")
        try expectRefused("incidents | sum deaths", because: "column incidents.deaths, chunk 1 is missing")
        // A statement that reads other columns still answers.
        let count = try ParleyBinary.run([path, "--format", "csv", "-e", "incidents | count"])
        #expect(count.output == "count\n\(Self.rows)\n")
        #expect(count.status == 0)

        try damage("DELETE FROM chunk WHERE part LIKE 'incidents.deaths%'")
        try expectRefused("incidents | sum deaths", because: "column incidents.deaths, chunks 0 to 2 are missing")
    }

    @Test func aChunkCutShortOrWithChangedBytesOrRowsIsAnError() throws {
        try damage("UPDATE chunk SET data = substr(data, 1, 100) WHERE part = 'incidents.places' AND chunk = 2")
        try expectRefused("incidents in Ukraine | count",
                          because: "column incidents.places, chunk 2 does not match its hash: its bytes changed after it was written")

        try overwrite("incidents.injuries", chunk: 0) { $0[$0.count / 2] ^= 0x01 }
        try expectRefused("incidents | sum injuries",
                          because: "column incidents.injuries, chunk 0 does not match its hash: its bytes changed after it was written")

        try damage("UPDATE chunk SET rows = 5 WHERE part = 'incidents.notes' AND chunk = 1")
        try expectRefused("incidents mentioning \"village 7\" | count",
                          because: "column incidents.notes, chunk 1 holds 5 rows where the catalog expects 16384")
    }

    @Test func randomBytesInTheCatalogRefuseTheOpenThoughSQLiteSaysOk() throws {
        try damage("UPDATE chunk SET data = randomblob(length(data)) WHERE part = 'catalog'")
        #expect(try integrityCheck() == "ok")
        let result = try ParleyBinary.run([path, "-e", "parties | select name"])
        #expect(result.errors == """
            error: the store `\(path)` is damaged: the catalog does not match its hash: its bytes changed after it was written
            hint: `parley -e '.check \(path)'` lists everything damaged; restore the store from a backup

            """)
        #expect(result.output == "")
        #expect(result.status == 1)
    }

    @Test func flippedBytesInTheMiddleOfTheFileAreFoundThoughSQLiteSaysOk() throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Inside the page in the middle, past its header: most pages there hold the chunks' bytes.
        let middle = bytes.count / 2 / 4096 * 4096 + 1000
        for offset in middle..<(middle + 100) { bytes[offset] ^= 0xFF }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try integrityCheck() == "ok")
        // Every column is read for a dump: whichever chunk the bytes fell in is refused.
        let dump = try ParleyBinary.run([path, "-e", ".dump"])
        #expect(dump.status == 1)
        #expect(dump.output == "")
        #expect(dump.errors.contains("error: the store `\(path)` is damaged: column incidents."))
        #expect(dump.errors.contains(" does not match its hash: its bytes changed after it was written\n"))
        let check = try ParleyBinary.run([path, "-e", ".check"])
        #expect(check.status == 1)
        let lines = check.output.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("column incidents.") && lines[0].hasSuffix(" does not match its hash: its bytes changed after it was written"),
                "\(check.output)")
    }

    @Test func aWriteToADamagedStoreRefusesAndLeavesEveryByte() throws {
        try damage("DELETE FROM chunk WHERE part = 'incidents.deaths' AND chunk = 1")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let added = try ParleyBinary.run([path, "-e", "add party Somebody kind person"])
        #expect(added.errors == "error: the store `\(path)` is damaged: column incidents.deaths, chunk 1 is missing; nothing was changed\n" + hint)
        #expect(added.status == 1)
        let csv = try folder.write("more.csv", StoreProcessTests.acled(rows: 10))
        let imported = try ParleyBinary.run([path, "--acled", csv.path])
        #expect(imported.errors == "error: the store `\(path)` is damaged: column incidents.deaths, chunk 1 is missing; nothing was changed\n" + hint)
        #expect(imported.status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
    }

    @Test func checkSaysOkOfASoundStore() throws {
        let result = try ParleyBinary.run([path, "-e", ".check"])
        #expect(result.output == "ok\n")
        #expect(result.errors == "")
        #expect(result.status == 0)
    }

    @Test func checkNamesEveryDamagedChunkOneALine() throws {
        try overwrite("incidents.names", chunk: 2) { $0[$0.count - 1] ^= 0x20 }
        try damage("""
            UPDATE chunk SET part = 'incidents.actorz' WHERE part = 'incidents.actors' AND chunk = 0;
            UPDATE chunk SET data = substr(data, 1, 100) WHERE part = 'incidents.places' AND chunk = 2;
            DELETE FROM chunk WHERE part = 'incidents.deaths' AND chunk = 1;
            UPDATE chunk SET rows = 5 WHERE part = 'incidents.notes' AND chunk = 0;
            INSERT INTO chunk (part, chunk, rows, hash, data) SELECT part, 3, rows, hash, data FROM chunk WHERE part = 'incidents.tags' AND chunk = 2;
            """)
        let result = try ParleyBinary.run([path, "-e", ".check"])
        #expect(result.output == """
            column incidents.names, chunk 2 does not match its hash: its bytes changed after it was written
            column incidents.actors, chunk 0 is missing
            column incidents.places, chunk 2 does not match its hash: its bytes changed after it was written
            column incidents.deaths, chunk 1 is missing
            column incidents.notes, chunk 0 holds 5 rows where the catalog expects 16384
            column incidents.tags, chunk 3 is not one the catalog expects (it expects chunks 0 to 2)
            chunk 0 of `incidents.actorz` belongs to no column

            """)
        #expect(result.errors == """
            -e#1:1:1: error: the store `\(path)` is damaged (7 problems)
              .check
              ^~~~~~
            hint: restore the store from a backup

            """)
        #expect(result.status == 1)
    }

    @Test func checkOfAFileNamesWhatKeepsAStoreFromOpening() throws {
        // The incident kinds are read on opening, like the catalog.
        try overwrite("incidents.kinds", chunk: 1) { $0[$0.count / 2] ^= 0x01 }
        let opened = try ParleyBinary.run([path, "-e", ".check"])
        #expect(opened.errors == """
            error: the store `\(path)` is damaged: column incidents.kinds, chunk 1 does not match its hash: its bytes changed after it was written
            hint: `parley -e '.check \(path)'` lists everything damaged; restore the store from a backup

            """)
        #expect(opened.status == 1)
        let checked = try ParleyBinary.run(["--empty", "-e", ".check \(path)"])
        #expect(checked.output == "column incidents.kinds, chunk 1 does not match its hash: its bytes changed after it was written\n")
        #expect(checked.status == 1)

        // With the catalog unreadable, each chunk is still checked against what it says of itself.
        try damage("UPDATE chunk SET data = x'00' WHERE part = 'catalog'")
        let noCatalog = try ParleyBinary.run(["--empty", "-e", ".check \(path)"])
        #expect(noCatalog.output == """
            the catalog does not match its hash: its bytes changed after it was written
            column incidents.kinds, chunk 1 does not match its hash: its bytes changed after it was written

            """)
        #expect(noCatalog.status == 1)
    }

    @Test func checkWithoutAStoreSaysSo() throws {
        let result = try ParleyBinary.run(["--empty", "-e", ".check"])
        #expect(result.errors == """
            -e#1:1:1: error: no store is open: `.check` checks the open store, `.check FILE` a store file
              .check
              ^~~~~~

            """)
        #expect(result.status == 1)
    }
}
