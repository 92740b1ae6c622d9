import Foundation
import Testing

/// `--safe`: scripts open no file but those named on the command line, and write none but the store.
@Suite struct SafeModeTests {
    @Test func aScriptMayNotReadAFileTheCommandLineDidNotName() throws {
        let folder = try TemporaryFolder()
        let secret = try folder.write("secret.parley", "add party Leaked kind person\n").path
        let script = try folder.write("brief.parley", ".read secret.parley\nparties | count\n").path
        let result = try ParleyBinary.run(["--safe", "--empty", "-f", script])
        #expect(result.status == 1)
        #expect(result.errors == """
        \(script):1:1: error: `secret.parley` was not named on the command line; --safe does not let `.read` open it
          .read secret.parley
          ^~~~~
        hint: --safe lets scripts read only the files named on the command line

        """)
        #expect(result.output == "")
        // Named on the command line, the same file may be read.
        let allowed = try ParleyBinary.run(["--safe", "--empty", "--format", "csv", "-f", secret, "-e", "parties | select name"])
        #expect(allowed.output == "name\nLeaked\n")
    }

    @Test func noDotCommandWritesAFileInSafeMode() throws {
        let folder = try TemporaryFolder()
        for command in [".output out.csv", ".once out.csv", ".save copy.parley"] {
            let name = String(command.split(separator: " ")[0])
            let result = try ParleyBinary.run(["--safe", "-e", command], directory: folder.url)
            #expect(result.status == 1)
            #expect(result.errors.hasPrefix("-e#1:1:1: error: `\(name)` may not write files in --safe mode\n"), "\(command)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty, "\(command) wrote a file")
        }
    }

    @Test func importsAndStoresNamedOnTheCommandLineStillWork() throws {
        let folder = try TemporaryFolder()
        let store = folder.url.appendingPathComponent("graph.parley").path
        let other = folder.url.appendingPathComponent("other.parley").path
        let result = try ParleyBinary.run(["--safe", store, "--format", "csv", "-e", "add party Kremlin kind organisation", "-e", "parties | count"])
        #expect(result.output == "count\n1\n")
        let opened = try ParleyBinary.run(["--safe", store, "-e", ".open \(other)"])
        #expect(opened.errors.hasPrefix("-e#1:1:1: error: `\(other)` was not named on the command line; --safe does not let `.open` open it\n"))
        #expect(!FileManager.default.fileExists(atPath: other))
    }
}
