import Foundation
import Testing

/// The `parley` command as a user runs it: one-shot statements, scripts, stdin, flags, exit codes.
@Suite struct CommandLineTests {
    @Test func oneShotQueryOnTheSample() throws {
        let result = try ParleyBinary.run("-e", "incidents | count")
        #expect(result.output == """
        ┌───────┐
        │ count │
        ├───────┤
        │     3 │
        └───────┘
        1 row

        """)
        #expect(result.errors == "")
        #expect(result.status == 0)
    }

    @Test func statementsAndScriptsRunInArgumentOrder() throws {
        let folder = try TemporaryFolder()
        let script = try folder.write("add.parley", "add party Tester kind person\n")
        let result = try ParleyBinary.run(["--format", "csv", "-e", "parties where kind = person | count", "-f", script.path,
                                          "-e", "parties where kind = person | count"])
        #expect(result.output == "count\n4\ncount\n5\n")
        #expect(result.status == 0)
    }

    @Test func aScriptStopsAtItsFirstErrorWithExitOne() throws {
        let folder = try TemporaryFolder()
        let script = try folder.write("brief.parley", "incidents | count\nincidents where deths > 0\nparties | count\n")
        let result = try ParleyBinary.run(["--format", "csv", "-f", script.path])
        #expect(result.output == "count\n3\n")
        #expect(result.errors == """
        \(script.path):2:17: error: unknown field `deths`
          incidents where deths > 0
                          ^~~~~
        hint: did you mean `deaths`?

        """)
        #expect(result.status == 1)
    }

    @Test func theSecondStatementArgumentIsNamedInErrors() throws {
        let result = try ParleyBinary.run("-e", "parties | count", "-e", "partys")
        #expect(result.errors.hasPrefix("-e#2:1:1: error: unknown kind `partys`\n"))
        #expect(result.status == 1)
    }

    @Test func standardInputRunsAsAScript() throws {
        let result = try ParleyBinary.run("--format", "tsv", input: "meetings where status = held\n  | select name, place\n-- a comment\nincidents | count;\n")
        #expect(result.output == "name\tplace\nabu_dhabi_talks\tAbu Dhabi\ncount\n3\n")
        #expect(result.status == 0)
    }

    @Test func standardInputErrorsAreNamedStdin() throws {
        let result = try ParleyBinary.run(input: "incidents\n| sum kind\n")
        #expect(result.errors.hasPrefix("<stdin>:2:7: error: `sum` needs numbers, but `kind` holds text\n"))
        #expect(result.status == 1)
    }

    @Test func readPathsAreRelativeToTheIncludingScript() throws {
        let folder = try TemporaryFolder()
        try folder.write("briefs/main.parley", ".read parts/part.parley\nparties where kind = person | count\n")
        try folder.write("briefs/parts/part.parley", "add party \"Kaja Kallas\" kind person\n")
        let result = try ParleyBinary.run(["--format", "csv", "-f", folder.url.appendingPathComponent("briefs/main.parley").path])
        #expect(result.errors == "")
        #expect(result.output == "count\n5\n")
    }

    @Test func parametersComeFromTheCommandLine() throws {
        let result = try ParleyBinary.run("-p", "who=Kremlin", "-p", "year=2014", "--format", "csv",
                                          "-e", "meetings involving $who | select name", "-e", "incidents during $year | select name")
        #expect(result.output == "name\nmoscow_invitation\nzelenskyy_visit_to_moscow\nname\ncrimea_annexation\n")
    }

    @Test func emptyStartsWithNoGraph() throws {
        let result = try ParleyBinary.run("--empty", "--format", "csv", "-e", "parties | count")
        #expect(result.output == "count\n0\n")
    }

    @Test(arguments: [
        (["--frobnicate"], "parley: unknown option `--frobnicate`\nTry `parley --help`.\n"),
        (["--format", "xml"], "parley: unknown format `xml`; formats: table, csv, tsv, json, jsonl, markdown, line\nTry `parley --help`.\n"),
        (["-e"], "parley: option `-e` needs a value\nTry `parley --help`.\n"),
        (["--empty", "--sample"], "parley: `--empty` and `--sample` contradict each other\nTry `parley --help`.\n"),
        (["-p", "novalue"], "parley: `-p novalue`: expected NAME=VALUE\nTry `parley --help`.\n"),
    ])
    func usageErrorsExitTwo(arguments: [String], message: String) throws {
        let result = try ParleyBinary.run(arguments)
        #expect(result.errors == message)
        #expect(result.status == 2)
        #expect(result.output == "")
    }

    @Test func helpAndVersion() throws {
        let help = try ParleyBinary.run("--help")
        #expect(help.output.hasPrefix("Usage: parley [STORE] [OPTIONS]\n"))
        #expect(help.status == 0)
        let version = try ParleyBinary.run("--version")
        #expect(version.output == "parley 0.1.0\n")
    }

    @Test func invalidUTF8OnStandardInputIsRefused() throws {
        let result = try ParleyBinary.run([], input: Data([0x70, 0x61, 0x72, 0x74, 0x69, 0x65, 0x73, 0x0A, 0xFE, 0x0A]))
        #expect(result.errors.hasPrefix("error: invalid UTF-8 at byte 8 (line 2): byte 0xFE\n"))
        #expect(result.status == 1)
        #expect(result.output == "")
    }

    @Test func aHundredMegabyteLineIsAnErrorNotACrash() throws {
        var input = Data("parties where name = \"".utf8)
        input.append(Data(repeating: UInt8(ascii: "a"), count: 100 << 20))
        input.append(Data("\"\n".utf8))
        let result = try ParleyBinary.run([], input: input)
        #expect(result.errors.hasPrefix("<stdin>:1:1: error: statement is longer than 16 MiB\n"))
        #expect(result.status == 1)
    }

    @Test func outputToAPipeIsNeverCut() throws {
        var script = ""
        for index in 0..<500 { script += "add party p\(index) kind person\n" }
        let folder = try TemporaryFolder()
        let file = try folder.write("many.parley", script)
        let table = try ParleyBinary.run(["-e", ".maxrows 10", "-f", file.path, "-e", "parties where kind = person | select name"])
        #expect(table.output.hasSuffix("504 rows\n"))
        #expect(table.output.components(separatedBy: "\n").count == 3 + 504 + 2 + 1, "header, rows, bottom, footer, final newline")
    }

    @Test func dotOutputWritesResultsToAFile() throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("out.csv").path
        let result = try ParleyBinary.run(["-e", ".mode csv", "-e", ".once \(target)", "-e", "incidents | count", "-e", "parties | count"])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "count\n3\n")
        #expect(result.output == "count\n16\n")
    }

    @Test func aDumpLoadedIntoAnEmptyGraphDumpsTheSame() throws {
        let first = try ParleyBinary.run("-e", ".dump")
        #expect(first.status == 0)
        #expect(first.errors == "")
        #expect(first.output.hasPrefix("-- Parley dump: 16 parties, 16 places, 7 meetings, 3 incidents, 5 claims, 15 relations, 10 memberships\n"))
        let folder = try TemporaryFolder()
        let file = try folder.write("sample.parley", first.output)
        let second = try ParleyBinary.run("--empty", "-f", file.path, "-e", ".dump")
        #expect(second.status == 0)
        #expect(second.errors == "")
        #expect(second.output == first.output)
        // Piped in, as `parley -e .dump | parley --empty`.
        let piped = try ParleyBinary.run(["--empty", "--format", "csv"], input: Data((first.output + "incidents same day as moscow_invitation | select name\n").utf8))
        #expect(piped.output == "name\nzaporizhzhia_strike\ndnipropetrovsk_fires\n")
    }

    @Test func schemaListsKindsFieldsAndCounts() throws {
        let result = try ParleyBinary.run("-e", ".schema meetings")
        #expect(result.output.hasPrefix("meetings (7 rows)\n  name          the meeting's name\n"))
        #expect(result.output.contains("  status        possible, proposed, scheduled, held, declined, cancelled\n"))
    }
}
