import Foundation
import Testing

/// The store as processes use it: `kill -9` at any moment, a full disk, a second process.
@Suite(.serialized) struct StoreProcessTests {
    static let header = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"

    /// `rows` ACLED rows in the 2023 layout, over a few regions and actors.
    static func acled(rows: Int) -> String {
        var lines = [header]
        let regions = ["Kharkiv", "Donetsk", "Zaporizhia", "Kherson", "Sumy"]
        for row in 0..<rows {
            let day = 1 + row % 28
            let region = regions[row % regions.count]
            lines.append("UKR\(row),2024-03-\(day < 10 ? "0" : "")\(day),2024,1,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),,8,Military Forces of Ukraine (2019-),,8,88,,804,Europe,Ukraine,\(region),\(region) Raion,,Village \(row % 500),48.1,36.2,1,Reuters,International,\"Clashes near village \(row % 500), notes line \(row).\",\(row % 4),,\(1_700_000_000 + row)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func parley(_ arguments: [String]) throws -> ParleyBinary.Result { try ParleyBinary.run(arguments) }

    /// Starts `parley ARGUMENTS` without waiting.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = ParleyBinary.url
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `command` (a program, then its arguments) and returns what it wrote on standard error, and its status.
    static func standardError(of command: [String]) throws -> (errors: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (errors, process.terminationStatus)
    }

    static func milliseconds(since start: Date) -> Double { Date().timeIntervalSince(start) * 1000 }

    @Test func killingAnImportAtAnyMomentLeavesAllOrNoneOfIt() throws {
        let folder = try TemporaryFolder()
        let rows = 20_000
        let csv = try folder.write("events.csv", Self.acled(rows: rows)).path
        let base = folder.url.appendingPathComponent("base.parley").path
        #expect(try Self.parley([base, "-e", "add party Kremlin kind organisation"]).status == 0)

        // How long a whole import takes here, to spread the kills over it.
        let timed = folder.url.appendingPathComponent("timed.parley").path
        try FileManager.default.copyItem(atPath: base, toPath: timed)
        let began = Date()
        #expect(try Self.parley([timed, "--acled", csv]).status == 0)
        let duration = Self.milliseconds(since: began)

        var generator = SystemRandomNumberGenerator()
        var outcomes: [Int: Int] = [:]
        for attempt in 0..<12 {
            let path = folder.url.appendingPathComponent("killed-\(attempt).parley").path
            try FileManager.default.copyItem(atPath: base, toPath: path)
            let process = try Self.start([path, "--acled", csv])
            usleep(UInt32(Double.random(in: 0...(duration * 1.1), using: &generator) * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let check = try Self.parley([path, "--format", "csv", "-e", "parties | where name = Kremlin | count", "-e", "incidents | count"])
            #expect(check.status == 0, "attempt \(attempt): \(check.errors)")
            let lines = check.output.split(separator: "\n").map(String.init)
            #expect(lines.count == 4 && lines[1] == "1", "attempt \(attempt): the committed statement is kept: \(check.output)")
            let incidents = lines.count == 4 ? Int(lines[3]) ?? -1 : -1
            #expect(incidents == 0 || incidents == rows, "attempt \(attempt): \(incidents) incidents")
            outcomes[incidents, default: 0] += 1
        }
        // The kills landed both before and after the commit at least once in most runs; either way the
        // store held all or none of the import each time.
        #expect(outcomes.keys.allSatisfy { $0 == 0 || $0 == rows }, "outcomes: \(outcomes)")
    }

    /// Re-importing a damaged copy of a file the store holds: the bad row is checked though its event
    /// is unchanged, so the run fails with the located error, and the store keeps one import in history.
    @Test func reimportingADamagedCopyFailsAndRecordsNothing() throws {
        let folder = try TemporaryFolder()
        let good = Self.acled(rows: 9_000)
        let csv = try folder.write("good.csv", good).path
        let mutant = try folder.write("mutant.csv", good.replacingOccurrences(of: "\nUKR7733,2024-03-06,", with: "\nUKR7733,2024-02-30,")).path
        let store = folder.url.appendingPathComponent("events.parley").path
        #expect(try Self.parley([store, "--acled", csv]).status == 0)
        let again = try Self.parley([store, "--acled", mutant])
        #expect(again.status == 1)
        #expect(again.errors.hasPrefix("\(mutant):7735:9: error: `2024-02-30` is not a date (expected 2024-03-05 or 5 March 2024)\n"))
        let check = try Self.parley([store, "--format", "csv", "-e", "history | count", "-e", "incidents | count"])
        #expect(check.output == "count\n1\ncount\n9000\n")
    }

    @Test func killingAScriptKeepsEveryStatementCommittedBeforeIt() throws {
        let folder = try TemporaryFolder()
        let count = 300
        let script = (1...count).map { "add party P\($0) kind person" }.joined(separator: "\n") + "\n"
        let file = try folder.write("adds.parley", script).path
        let timed = folder.url.appendingPathComponent("timed.parley").path
        let began = Date()
        #expect(try Self.parley([timed, "-f", file]).status == 0)
        let duration = Self.milliseconds(since: began)

        for attempt in 0..<6 {
            let path = folder.url.appendingPathComponent("killed-\(attempt).parley").path
            let process = try Self.start([path, "-f", file])
            usleep(UInt32(Double.random(in: (duration * 0.1)...(duration * 0.9)) * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let check = try Self.parley([path, "--format", "csv", "-e", "parties | select name"])
            #expect(check.status == 0, "attempt \(attempt): \(check.errors)")
            let names = check.output.split(separator: "\n").dropFirst().map(String.init)
            // Exactly the first k statements, for some k: none lost, none half-saved, none out of order.
            #expect(names == (0..<names.count).map { "P\($0 + 1)" }, "attempt \(attempt): \(names.prefix(5))… \(names.count)")
        }
    }

    @Test func aFullDiskIsAClearErrorAndLosesNothing() throws {
        let folder = try TemporaryFolder()
        let csv = try folder.write("events.csv", Self.acled(rows: 20_000)).path
        let path = folder.url.appendingPathComponent("graph.parley").path
        #expect(try Self.parley([path, "-e", "add party Kremlin kind organisation"]).status == 0)
        // A 128 KB file size limit: the import's pages (about 250 KB, compressed) do not fit.
        let (errors, status) = try Self.standardError(of: ["/bin/bash", "-c", "ulimit -f 128 && exec \"$0\" \"$1\" --acled \"$2\"",
                                                           ParleyBinary.url.path, path, csv])
        #expect(status == 1)
        #expect(errors == "error: the disk is full (or the file size limit reached) writing the store `\(path)`: nothing was changed\nhint: the store still holds everything saved before this statement\n")
        let check = try Self.parley([path, "--format", "csv", "-e", "parties | select name", "-e", "incidents | count"])
        #expect(check.output == "name\nKremlin\ncount\n0\n")
        #expect(check.status == 0)
    }

    /// Whether the journal beside `path` is hot: SQLite writes its header's first bytes once the journal
    /// is synced, just before it overwrites the store's pages; until then the journal is ignored.
    static func hasHotJournal(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path + "-journal") else { return false }
        defer { try? handle.close() }
        guard let first = try? handle.read(upToCount: 1), let byte = first.first else { return false }
        return byte != 0
    }

    /// Kills an import of `csv` into a copy of `base` at `path` with `kill -9` while it overwrites the
    /// store's pages, so a hot journal is left; false when the import finished first.
    static func killMidWrite(base: String, path: String, csv: String) throws -> Bool {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + "-journal")
        try FileManager.default.copyItem(atPath: base, toPath: path)
        let process = try start([path, "--acled", csv])
        while process.isRunning && !hasHotJournal(path) { usleep(200) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return hasHotJournal(path)
    }

    @Test func aReadOnlyOpenRollsBackAWriteAKillCutOff() throws {
        let folder = try TemporaryFolder()
        let csv = try folder.write("events.csv", Self.acled(rows: 20_000)).path
        let base = folder.url.appendingPathComponent("base.parley").path
        #expect(try Self.parley([base, "-e", "add party Kremlin kind organisation"]).status == 0)
        var cutOff = 0
        for attempt in 0..<12 where cutOff < 3 {
            let path = folder.url.appendingPathComponent("killed-\(attempt).parley").path
            guard try Self.killMidWrite(base: base, path: path, csv: csv) else { continue }
            cutOff += 1
            let check = try Self.parley([path, "--readonly", "--format", "csv", "-e", "parties | count", "-e", "incidents | count"])
            #expect(check.errors == "", "attempt \(attempt)")
            #expect(check.output == "count\n1\ncount\n0\n", "attempt \(attempt)")
            #expect(check.status == 0, "attempt \(attempt)")
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"), "attempt \(attempt): the journal was rolled back")
        }
        #expect(cutOff > 0, "no kill landed while the import wrote the store")
    }

    /// A user who may not write the store, or its folder, cannot roll the journal back: told what to do,
    /// and the store and its journal are left as they are. As root, the reader runs as `nobody`.
    @Test func aCutOffWriteThatCannotBeRolledBackSaysWhatToDo() throws {
        let folder = try TemporaryFolder()
        let csv = try folder.write("events.csv", Self.acled(rows: 20_000)).path
        let base = folder.url.appendingPathComponent("base.parley").path
        #expect(try Self.parley([base, "-e", "add party Kremlin kind organisation"]).status == 0)
        let path = folder.url.appendingPathComponent("killed.parley").path
        var cutOff = false
        for _ in 0..<12 where !cutOff {
            cutOff = try Self.killMidWrite(base: base, path: path, csv: csv)
        }
        try #require(cutOff, "no kill landed while the import wrote the store")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let journal = try Data(contentsOf: URL(fileURLWithPath: path + "-journal"))

        var command = [ParleyBinary.url.path, path, "--readonly", "-e", "parties | count"]
        if getuid() == 0 {
            // Root may write anything: read as `nobody`, from a copy of the binary it may run.
            let binary = folder.url.appendingPathComponent("parley").path
            try FileManager.default.copyItem(atPath: ParleyBinary.url.path, toPath: binary)
            chmod(folder.url.path, 0o755)
            chmod(binary, 0o755)
            chmod(path, 0o644)
            chmod(path + "-journal", 0o644)
            command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", binary] + command.dropFirst()
        } else {
            chmod(path, 0o444)
        }
        let (errors, status) = try Self.standardError(of: command)
        #expect(errors == """
            error: the store `\(path)` was left mid-write by a crash or kill: SQLite must roll that write back from `\(path)-journal` before the store can be read, which needs write access, and this user may not write the file
            hint: open it once as a user who may write the file and its folder (`parley \(path) -e 'parties | count'`); do not delete `\(path)-journal`: it holds what undoes the cut-off write

            """)
        #expect(status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "-journal")) == journal)

        // Opened once by a user who may write it, as the hint says, the store is whole again.
        chmod(path, 0o644)
        let recovered = try Self.parley([path, "--format", "csv", "-e", "parties | count", "-e", "incidents | count"])
        #expect(recovered.output == "count\n1\ncount\n0\n")
        #expect(recovered.status == 0)
    }

    @Test func theCommandLineOpensAStoreForStatementsScriptsAndReadOnlyUse() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("graph.parley").path
        let script = try folder.write("facts.parley", "add party Kremlin kind organisation\nadd party Peskov kind person member of Kremlin as spokesperson\n").path
        #expect(try Self.parley([path, "-f", script]).status == 0)
        let listed = try Self.parley([path, "--format", "csv", "-e", "members of Kremlin | select name, role"])
        #expect(listed.output == "name,role\nPeskov,spokesperson\n")
        let readOnly = try Self.parley([path, "--readonly", "-e", "add party Putin kind person"])
        #expect(readOnly.status == 1)
        #expect(readOnly.errors.hasPrefix("error: the store `\(path)` is read-only: nothing was changed\n"))
        // Standard input works on a store too.
        let piped = try ParleyBinary.run([path, "--format", "csv"], input: Data("parties | count\n".utf8))
        #expect(piped.output == "count\n2\n")
    }
}
