import Foundation
import ParleyStore
import Testing

/// A store an earlier Parley wrote, as the command line opens it: `--readonly` answers and changes no
/// byte; opening it for writing upgrades it once and says so on standard error.
@Suite struct StoreUpgradeTests {
    static let storeOfVersion1 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ParleyCoreTests/Fixtures/acled-actors-v1.parley")

    @Test func readOnlyAnswersAndOpeningForWritingUpgradesOnceWithANote() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("v1.parley").path
        try FileManager.default.copyItem(atPath: Self.storeOfVersion1.path, toPath: path)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let question = ["--format", "csv", "-e", "incidents where name = UKR11 | select deaths, associates"]

        let readOnly = try ParleyBinary.run([path, "--readonly"] + question)
        #expect(readOnly.errors == "")
        #expect(readOnly.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)

        let upgrading = try ParleyBinary.run([path] + question)
        #expect(upgrading.errors == "note: upgraded the store `\(path)` from version 1 to version \(Store.schemaVersion)\n")
        #expect(upgrading.output == readOnly.output)
        #expect(upgrading.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != original)

        let again = try ParleyBinary.run([path] + question)
        #expect(again.errors == "")
        #expect(again.output == readOnly.output)
    }

    @Test func dotOpenUpgradesWithTheSameNote() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("v1.parley").path
        try FileManager.default.copyItem(atPath: Self.storeOfVersion1.path, toPath: path)
        let result = try ParleyBinary.run(["--empty", "--format", "csv", "-e", ".open --readonly \(path)", "-e", "incidents | count",
                                           "-e", ".open \(path)", "-e", "incidents | count"])
        #expect(result.output == "count\n5\ncount\n5\n")
        #expect(result.errors == "note: upgraded the store `\(path)` from version 1 to version \(Store.schemaVersion)\n")
    }
}
