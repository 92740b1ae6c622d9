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
        (["--restore", "a.dump", "--sample"], "parley: `--restore` and `--sample` contradict each other\nTry `parley --help`.\n"),
        (["s.parley", "--restore", "a.dump", "--readonly"], "parley: `--readonly` and `--restore` contradict each other\nTry `parley --help`.\n"),
        (["--restore", "a.dump", "--restore", "b.dump"],
         "parley: more than one dump to restore: `a.dump` and `b.dump` (restore one, then add to it)\nTry `parley --help`.\n"),
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

    @Test(arguments: [("-json", "json"), ("-csv", "csv"), ("-box", "table"), ("--markdown", "markdown"), ("-tabs", "tsv")])
    func otherShellsFormatFlagsSuggestFormat(flag: String, format: String) throws {
        let result = try ParleyBinary.run(flag, "-e", "incidents | count")
        #expect(result.errors == "parley: unknown option `\(flag)` (did you mean `--format \(format)`?)\nTry `parley --help`.\n")
        #expect(result.status == 2)
        #expect(result.output == "")
    }

    @Test func helpListsEveryExitCode() throws {
        let help = try ParleyBinary.run("--help")
        #expect(help.output.contains("Exit codes: 0 ok, 1 query or data error, 2 usage error, 130 interrupted by Ctrl-C.\n"))
        #expect(help.output.contains("--generate-completion-script bash|zsh|fish"))
    }

    /// The bash script, sourced, completes flags, a flag's values and files (run through bash itself).
    @Test func theBashCompletionScriptCompletesFlagsAndValues() throws {
        let script = try ParleyBinary.run("--generate-completion-script", "bash")
        #expect(script.status == 0)
        let folder = try TemporaryFolder()
        let file = try folder.write("parley.bash", script.output)
        try folder.write("brief.parley", "")
        func complete(_ words: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.currentDirectoryURL = folder.url
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            process.arguments = ["-c", "source '\(file.path)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _parley; echo \"${COMPREPLY[*]}\""]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            process.waitUntilExit()
            return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        #expect(try complete(["parley", "--fo"]) == "--format\n")
        #expect(try complete(["parley", "--format", "j"]) == "json jsonl\n")
        #expect(try complete(["parley", "--generate-completion-script", "z"]) == "zsh\n")
        #expect(try complete(["parley", "-f", "bri"]) == "brief.parley\n")
        #expect(try complete(["parley", "-e", "inc"]) == "\n")
        let zsh = try ParleyBinary.run("--generate-completion-script", "zsh")
        #expect(zsh.output.hasPrefix("#compdef parley\n_arguments -s \\\n"))
        #expect(zsh.output.contains("'--format[output format]:value:(table csv tsv json jsonl markdown line)'"))
        let fish = try ParleyBinary.run("--generate-completion-script", "fish")
        #expect(fish.output.contains("complete -c parley -s e -l execute -r -f -d 'run a statement (repeatable; runs in order with -f)'\n"))
        let unknown = try ParleyBinary.run("--generate-completion-script", "tcsh")
        #expect(unknown.errors == "parley: no completion script for `tcsh`; shells: bash, zsh, fish\nTry `parley --help`.\n")
        #expect(unknown.status == 2)
    }

    /// sqlite3 writes the current mode whatever the file is called; a name that says otherwise gets a note.
    @Test func onceToACsvFileWritesTheCurrentModeAndSaysSo() throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("x.csv").path
        let result = try ParleyBinary.run(["-e", ".once \(target)", "-e", "incidents | count"])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "┌───────┐\n│ count │\n├───────┤\n│     3 │\n└───────┘\n1 row\n")
        #expect(result.errors == "note: `\(target)` gets the current mode, table; `.mode csv` first for csv\n")
        let csv = try ParleyBinary.run(["-e", ".mode csv", "-e", ".once \(target)", "-e", "incidents | count"])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "count\n3\n")
        #expect(csv.errors == "")
    }

    @Test func severalMarkdownResultsInAFileStaySeparateTables() throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("brief.md").path
        let result = try ParleyBinary.run(["--format", "markdown", "-e", ".output \(target)", "-e", "incidents | count", "-e", "meetings | count"])
        #expect(result.errors == "")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "| count |\n|------:|\n|     3 |\n\n| count |\n|------:|\n|     7 |\n")
    }
}
