import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The interactive shell, driven through a pseudo-terminal as a person would use it: typing, TAB,
/// Ctrl-C, Ctrl-D, the arrow keys; and `parley -e` interrupted by SIGINT.
///
/// Serialized: the tests send signals and run slow statements, and the timing of a Ctrl-C press
/// should not depend on what else the machine is doing.
@Suite(.serialized) struct ShellTests {
    let home: TemporaryFolder
    let executable = ParleyBinary.url.path

    init() throws {
        home = try TemporaryFolder()
    }

    var historyFile: String { home.url.appendingPathComponent("history").path }

    /// A shell on a fresh terminal, its history in `home`, no ~/.inputrc, at its first prompt.
    func startShell() throws -> TerminalSession {
        let environment = ["HOME": home.url.path, "PARLEY_HISTORY": historyFile, "INPUTRC": "/dev/null",
                           "TERM": "xterm", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        let shell = try TerminalSession(executable, environment: environment)
        try shell.expect("parley> ")
        return shell
    }

    /// Runs `incidents | count` and checks its answer: the shell is listening and the graph as it
    /// should be. Returns what the statement printed.
    @discardableResult
    func countIncidents(_ shell: TerminalSession, expecting count: Int = 3) throws -> String {
        shell.send("incidents | count\r")
        return try expectCount(shell, count)
    }

    /// Waits for a one-row table of `count` and the next prompt; returns the table.
    @discardableResult
    func expectCount(_ shell: TerminalSession, _ count: Int) throws -> String {
        let result = try shell.expect("1 row\n")
        let cell = String(count)
        #expect(result.contains("│ " + String(repeating: " ", count: max(0, 5 - cell.count)) + cell + " │"))
        try shell.expect("parley> ")
        return result
    }

    /// Ctrl-D at the prompt (already shown: typed before, while the terminal is not readline's, it is
    /// lost); the shell must leave with status 0. After `unsaved` statements added facts to a graph in
    /// memory, the first Ctrl-D only warns.
    func leave(_ shell: TerminalSession, unsaved: Int = 0) throws {
        shell.send("\u{4}")
        if unsaved > 0 {
            try shell.expect("\(unsaved) statements added facts that no store keeps: `.save FILE` to keep them; Ctrl-D again to leave\n")
            try shell.expect("parley> ")
            shell.send("\u{4}")
        }
        #expect(try shell.process.waitForExit(within: .seconds(10)) == 0)
    }

    /// A graph where `slowPairs` takes seconds in a debug build and looks at the interrupt flag often:
    /// 3,300 incidents in 110 places, so the second `pair` reads ~99,000 rows and writes ~3,000,000
    /// (under the 5,000,000 cap), checking the flag every 4,096 rows read.
    func writeSlowGraph() throws -> String {
        var script = ""
        for place in 0..<110 { script += "add place p\(place) level location within Ukraine\n" }
        for incident in 0..<3300 { script += "add incident i\(incident) kind strike place p\(incident % 110) deaths 1\n" }
        return try home.write("slow.parley", script).path
    }

    static let slowPairs = "incidents | pair with (incidents) on place | pair with (incidents) on place | count"

    // MARK: Statements

    @Test func queryPrintsItsTable() throws {
        let shell = try startShell()
        #expect(try countIncidents(shell).contains("│ count │"))
        try leave(shell)
    }

    @Test func errorShowsTheCaretAndTheShellGoesOn() throws {
        let shell = try startShell()
        shell.send("incidents wher\r")
        let error = try shell.expect("found `wher`\n")
        #expect(error.contains("<shell>:1:11: error: expected a filter"))
        try shell.expect("  incidents wher\n            ^~~~\n")
        try shell.expect("parley> ")
        try countIncidents(shell)
        try leave(shell)
    }

    @Test func dotCommandsRunAndQuitLeavesWithZero() throws {
        let shell = try startShell()
        shell.send(".mode csv\r")
        try shell.expect("parley> ")
        shell.send("incidents | count\r")
        try shell.expect("count\n3\n")
        try shell.expect("parley> ")
        shell.send(".quit\r")
        #expect(try shell.process.waitForExit(within: .seconds(10)) == 0)
    }

    // MARK: Lines and statements

    @Test func openBracketOrTrailingPipeAsksForMore() throws {
        let shell = try startShell()
        shell.send("incidents where (\r")
        try shell.expect("   ...> ")
        shell.send("deaths > 0)\r")
        let filtered = try shell.expect("1 row\n")
        #expect(filtered.contains("zaporizhzhia_strike"))
        try shell.expect("parley> ")
        shell.send("incidents |\r")
        try shell.expect("   ...> ")
        shell.send("count\r")
        try expectCount(shell, 3)
        try leave(shell)
    }

    @Test func lineStartingWithPipeContinuesThePreviousStatement() throws {
        let shell = try startShell()
        shell.send("incidents where deaths is unknown\r")
        try shell.expect("2 rows")
        try shell.expect("parley> ")
        shell.send("  | count\r")
        try expectCount(shell, 2)
        try leave(shell)
        let history = try String(contentsOfFile: historyFile, encoding: .utf8)
        #expect(ShellTests.entries(history) == ["incidents where deaths is unknown", "incidents where deaths is unknown\n  | count"])
    }

    // MARK: Completion

    @Test func tabCompletesAPartyName() throws {
        let shell = try startShell()
        shell.send("members of Kre\t")
        try shell.expect("members of Kremlin")
        shell.send("\r")
        let result = try shell.expect("2 rows")
        #expect(result.contains("Dmitry Peskov"))
        #expect(result.contains("Yuri Ushakov"))
        try shell.expect("parley> ")
        try leave(shell)
    }

    @Test func tabCompletesAQuotedPlaceName() throws {
        let shell = try startShell()
        shell.send("meetings in \"Abu\t")
        try shell.expect("Abu Dhabi\" ")
        shell.send("\r")
        let result = try shell.expect("2 rows")
        #expect(result.contains("abu_dhabi_talks"))
        #expect(result.contains("next_round"))
        try shell.expect("parley> ")
        // Unquoted, the name comes quoted (the screen shows it redrawn, so judge by the result).
        shell.send("meetings in Ab\t\r")
        #expect(try shell.expect("2 rows").contains("abu_dhabi_talks"))
        try shell.expect("parley> ")
        try leave(shell)
    }

    @Test func tabTwiceListsStages() throws {
        let shell = try startShell()
        shell.send("incidents | s\t\t")
        let listing = try shell.expect("sum")
        #expect(listing.contains("select"))
        #expect(listing.contains("sort by"))
        shell.send("\u{3}")
        try shell.expect("^C\nparley> ")
        try leave(shell)
    }

    // MARK: Ctrl-C and Ctrl-D

    @Test func ctrlCClearsTheLineAndPendingLines() throws {
        let shell = try startShell()
        shell.send("parties where na")
        try shell.expect("parties where na")
        shell.send("\u{3}")
        try shell.expect("^C\nparley> ")
        shell.send("places where (level = \r")
        try shell.expect("   ...> ")
        shell.send("\u{3}")
        try shell.expect("^C\nparley> ")
        // Had either survived, this would be glued to it and fail.
        #expect(!(try countIncidents(shell).contains("error")))
        try leave(shell)
    }

    @Test func ctrlCInterruptsALongStatementAndKeepsTheGraph() throws {
        let script = try writeSlowGraph()
        let shell = try startShell()
        shell.send(".read \(script)\r")
        try shell.expect("parley> ", within: .seconds(60))
        shell.send(ShellTests.slowPairs + "\r")
        try shell.expect("| count\n")
        usleep(300_000)
        shell.send("\u{3}")
        let interrupted = try shell.expect("error: interrupted\n", within: .seconds(1))
        #expect(!interrupted.contains("row"))
        try shell.expect("parley> ", within: .seconds(1))
        try countIncidents(shell, expecting: 3303)
        try leave(shell, unsaved: 3410)
    }

    @Test
    func ctrlCInterruptsAPairThatWritesManyRowsPerRowRead() throws {
        // 2,000 incidents in one place: each row read pairs with 2,000, 4,000,000 rows in all.
        var script = ""
        for incident in 0..<2000 { script += "add incident i\(incident) kind strike place \"Kyiv City/Kyiv\" deaths 1\n" }
        let path = try home.write("pairs.parley", script).path
        let shell = try startShell()
        shell.send(".read \(path)\r")
        try shell.expect("parley> ", within: .seconds(60))
        shell.send("incidents | pair with (incidents) on place | where name != other | count\r")
        try shell.expect("| count\n")
        usleep(300_000)
        shell.send("\u{3}")
        try shell.expect("error: interrupted\n", within: .seconds(1))
        try shell.expect("parley> ", within: .seconds(1))
        try leave(shell, unsaved: 2000)
    }

    @Test func ctrlCStopsAHugeStatementWhileItIsParsed() throws {
        // Parsing one huge statement (8 MB, under the 16 MiB limit) takes seconds; the parser looks at
        // the interrupt flag every few thousand tokens.
        let statement = "incidents where kind in (" + Array(repeating: "strike", count: 1_000_000).joined(separator: ", ") + ") | count\n"
        let path = try home.write("huge.parley", statement).path
        let shell = try startShell()
        shell.send(".read \(path)\r")
        try shell.expect(".read \(path)\n")
        usleep(200_000)
        shell.send("\u{3}")
        try shell.expect("error: interrupted\n", within: .seconds(2))
        try shell.expect("parley> ", within: .seconds(1))
        #expect(!shell.output(waiting: .milliseconds(100)).contains("1 row"))
        try leave(shell)
    }

    @Test func ctrlDLeavesWithZeroAndANewline() throws {
        let shell = try startShell()
        shell.send("\u{4}")
        #expect(try shell.process.waitForExit(within: .seconds(10)) == 0)
        #expect(shell.output(waiting: .milliseconds(200)) == "\n")
    }

    // MARK: History

    @Test func historyIsKeptAcrossRuns() throws {
        let first = try startShell()
        for line in ["incidents | count", "incidents | count", "incidents", "| count"] {
            first.send(line + "\r")
            try first.expect("row")
            try first.expect("parley> ")
        }
        try leave(first)
        let saved = try String(contentsOfFile: historyFile, encoding: .utf8)
        // A repeated statement is kept once; a continued one as one entry over its two lines.
        #expect(ShellTests.entries(saved) == ["incidents | count", "incidents", "incidents\n| count"])

        let second = try startShell()
        second.send("\u{1b}[A")
        try second.expect("| count")
        second.send("\r")
        try expectCount(second, 3)
        second.send("\u{1b}[A\u{1b}[A\u{1b}[A\r")
        try expectCount(second, 3)
        try leave(second)
    }

    /// The entries of a history file: each follows a `#<seconds>` line and may span several lines.
    static func entries(_ file: String) -> [String] {
        var entries: [String] = []
        for line in file.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("#"), line.dropFirst().allSatisfy(\.isNumber), line.count > 1 {
                entries.append("")
            } else if !entries.isEmpty {
                entries[entries.count - 1] += (entries[entries.count - 1].isEmpty ? "" : "\n") + line
            } else {
                entries.append("<no timestamp before> " + line)
            }
        }
        return entries
    }

    // MARK: -e and SIGINT

    @Test func sigintDuringExecuteExits130() throws {
        let script = try writeSlowGraph()
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let process = try ChildProcess(executable, ["-f", script, "-e", "incidents | count", "-e", ShellTests.slowPairs],
                                       environment: ["PATH": "/usr/bin:/bin"], output: ends[1])
        close(ends[1])
        // The first statement's answer says the slow one is starting.
        var output = ""
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !output.contains("1 row"), clock.now < deadline {
            var descriptor = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 1000) >= 0 else { break }
            let count = read(ends[0], &buffer, buffer.count)
            if count > 0 { output += String(decoding: buffer[0..<count], as: UTF8.self) } else if count == 0 { break }
        }
        #expect(output.contains("│  3303 │"))
        usleep(300_000)
        process.signal(SIGINT)
        #expect(try process.waitForExit(within: .seconds(10)) == 130)
        while case let count = read(ends[0], &buffer, buffer.count), count > 0 {
            output += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        #expect(output.hasSuffix("1 row\nerror: interrupted\n"))
    }
}
