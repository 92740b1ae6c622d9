import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the shell does for the terminal it runs on, at 80 and at 200 columns: the first line, tables
/// fitted to the window, the pager, completion of names, folders and values, leaving a graph no
/// store keeps, and the prompt.
///
/// Serialized: each test drives a pseudo-terminal with a deadline on every wait.
@Suite(.serialized) struct ShellTerminalTests {
    let home: TemporaryFolder
    let executable = ParleyBinary.url.path

    init() throws {
        home = try TemporaryFolder()
    }

    /// What a fake pager received: it writes its standard input here and says so on the screen.
    var pagedFile: String { home.url.appendingPathComponent("paged.txt").path }

    /// No history, no ~/.inputrc, no pager unless `overrides` names one.
    func environment(_ overrides: [String: String] = [:]) -> [String: String] {
        ["HOME": home.url.path, "PARLEY_HISTORY": "", "INPUTRC": "/dev/null", "TERM": "xterm", "LANG": "C.UTF-8",
         "PATH": "/usr/bin:/bin", "PAGER": ""].merging(overrides) { $1 }
    }

    /// A shell on a fresh `columns`×`rows` terminal, at its first prompt. Without `pager`, `$PAGER`
    /// is empty (no pager); with it, `$PAGER` is a fake pager that records what it is given.
    func startShell(columns: UInt16, rows: UInt16 = 40, pager: Bool = false, arguments: [String] = []) throws -> TerminalSession {
        var environment = environment()
        if pager {
            let script = try home.write("fake-pager", "#!/bin/sh\ncat > '\(pagedFile)'\necho 'paged by the fake pager'\n")
            chmod(script.path, 0o755)
            environment["PAGER"] = script.path
        }
        let shell = try TerminalSession(executable, arguments: arguments, environment: environment, columns: columns, rows: rows)
        try shell.expect("parley> ")
        return shell
    }

    func leave(_ shell: TerminalSession) throws {
        shell.send("\u{4}")
        #expect(try shell.process.waitForExit(within: .seconds(10)) == 0)
    }

    /// Lines of `text` wider than `columns` terminal columns.
    static func linesWider(than columns: Int, in text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.unicodeScalars.count > columns }
    }

    static let widths: [UInt16] = [80, 200]
    static let longClaim = "any visit by Zelenskyy to Moscow would require careful planning to ensure his security"

    // MARK: The first line

    @Test(arguments: widths)
    func theShellStartsWithOneLineNamingTheGraph(columns: UInt16) throws {
        let environment = environment()
        let sample = try TerminalSession(executable, environment: environment, columns: columns)
        #expect(try sample.expect("parley> ") == "parley 0.1.0 · the built-in sample graph, in memory · .help for help\nparley> ")
        try leave(sample)

        let store = home.url.appendingPathComponent("brief.parley").path
        let stored = try TerminalSession(executable, arguments: [store], environment: environment, columns: columns)
        #expect(try stored.expect("parley> ") == "parley 0.1.0 · store \(store) · .help for help\nparley> ")
        try leave(stored)

        let empty = try TerminalSession(executable, arguments: ["--empty"], environment: environment, columns: columns)
        #expect(try empty.expect("parley> ") == "parley 0.1.0 · an empty graph, in memory · .help for help\nparley> ")
        try leave(empty)
    }

    // MARK: Tables that fit the window

    @Test(arguments: widths)
    func aWideTableCutsItsWidestTextColumnToTheWindow(columns: UInt16) throws {
        let shell = try startShell(columns: columns)
        shell.send("claims | select name, text\r")
        let table = try shell.expect("5 rows\n")
        #expect(ShellTerminalTests.linesWider(than: Int(columns), in: table) == [])
        if columns == 80 {
            #expect(!table.contains(ShellTerminalTests.longClaim))
            #expect(table.contains("│ visit_needs_planning      │ any visit by Zelenskyy to Moscow would require … │"))
        } else {
            #expect(table.contains("│ " + ShellTerminalTests.longClaim + "  │"))
            #expect(!table.contains("…"))
        }
        try shell.expect("parley> ")
        // `.maxwidth off`: as wide as it needs, whatever the window.
        shell.send(".maxwidth off\r")
        try shell.expect("parley> ")
        shell.send("claims | select name, text\r")
        #expect(try shell.expect("5 rows\n").contains("│ " + ShellTerminalTests.longClaim + "  │"))
        try shell.expect("parley> ")
        try leave(shell)
    }

    @Test(arguments: widths)
    func aTableTooWideToCutPrintsOneBlockPerRow(columns: UInt16) throws {
        let shell = try startShell(columns: columns)
        shell.send("incidents | select name, kind, date, place, actor, target, deaths, injuries, notes, source\r")
        let result = try shell.expect("3 rows\n")
        if columns == 80 {
            #expect(!result.contains("┌"))
            #expect(result.contains("    name = zaporizhzhia_strike\n    kind = strike\n"))
            #expect(result.contains("   notes = emergency services responded to fires; cause and actor unknown\n"))
            #expect(result.contains("  deaths = ∅\n"))
        } else {
            #expect(result.contains("┌"))
            #expect(result.contains("emergency services responded to fires; cause and actor unknown"))
            #expect(ShellTerminalTests.linesWider(than: 200, in: result) == [])
        }
        try shell.expect("parley> ")
        try leave(shell)
    }

    @Test func pipedOutputIsNeverFittedToAWidth() throws {
        let result = try ParleyBinary.run("-e", "claims | select name, text", "-e", "incidents | select name, kind, date, place, actor, target, deaths, injuries, notes, source")
        #expect(result.output.contains("│ " + ShellTerminalTests.longClaim + "  │"))
        #expect(!result.output.contains("…"))
        #expect(!result.output.contains(" = "))
    }

    // MARK: The pager

    @Test(arguments: widths)
    func aResultLongerThanTheWindowGoesWholeThroughThePager(columns: UInt16) throws {
        let shell = try startShell(columns: columns, rows: 12, pager: true)
        shell.send(".maxrows 4\r")
        try shell.expect("parley> ")
        shell.send("parties | select name\r")
        try shell.expect("paged by the fake pager\n")
        try shell.expect("parley> ")
        // Nothing elided: `.maxrows` is for when no pager shows the rest.
        let paged = try String(contentsOfFile: pagedFile, encoding: .utf8)
        #expect(paged.hasSuffix("│ emergency services        │\n└───────────────────────────┘\n16 rows\n"))
        #expect(paged.components(separatedBy: "\n").count == 3 + 16 + 2 + 1)

        // A result that fits the window is printed as it is.
        try FileManager.default.removeItem(atPath: pagedFile)
        shell.send("incidents | count\r")
        try shell.expect("1 row\n")
        try shell.expect("parley> ")
        #expect(!FileManager.default.fileExists(atPath: pagedFile))

        // `.pager off`: printed, and `.maxrows` elides the middle.
        shell.send(".pager off\r")
        try shell.expect("parley> ")
        shell.send("parties | select name\r")
        #expect(try shell.expect("16 rows (4 shown)\n").contains("·"))
        try shell.expect("parley> ")
        #expect(!FileManager.default.fileExists(atPath: pagedFile))
        try leave(shell)
    }

    @Test func ctrlCWhilePagingIsThePagersNotParleys() throws {
        // Like less, it keeps running through Ctrl-C; it leaves after a second.
        let pager = try home.write("slow-pager", "#!/bin/sh\ntrap '' INT\necho 'paging slowly'\nsleep 1\ncat > /dev/null\necho 'pager done'\n")
        chmod(pager.path, 0o755)
        let shell = try TerminalSession(executable, environment: environment(["PAGER": pager.path]), columns: 80, rows: 12)
        try shell.expect("parley> ")
        shell.send("parties | select name\r")
        try shell.expect("paging slowly\n")
        // Three presses during a statement would end Parley; while a pager shows a result they are its.
        shell.send("\u{3}")
        usleep(100_000)
        shell.send("\u{3}")
        usleep(100_000)
        shell.send("\u{3}")
        try shell.expect("pager done\nparley> ")
        shell.send("incidents | count\r")
        try shell.expect("1 row\n")
        try shell.expect("parley> ")
        try leave(shell)
    }

    @Test func aPagerThatCannotRunLeavesResultsPrinted() throws {
        let shell = try TerminalSession(executable, environment: environment(["PAGER": "/no/such/pager"]), columns: 80, rows: 12)
        try shell.expect("parley> ")
        shell.send("parties | select name\r")
        let first = try shell.expect("16 rows\n")
        #expect(first.contains("/no/such/pager: not found"))
        try shell.expect("parley> ")
        // Said once: the next long result is printed without trying again.
        shell.send("places | select name\r")
        #expect(!(try shell.expect("16 rows\n").contains("not found")))
        try shell.expect("parley> ")
        try leave(shell)
    }

    @Test func safeModeRunsNoPager() throws {
        let shell = try startShell(columns: 80, rows: 12, pager: true, arguments: ["--safe"])
        shell.send("parties | select name\r")
        try shell.expect("16 rows\n")
        try shell.expect("parley> ")
        #expect(!FileManager.default.fileExists(atPath: pagedFile))
        shell.send(".pager on\r")
        try shell.expect("error: `.pager on` is refused in --safe mode: Parley runs no program there\n")
        try shell.expect("parley> ")
        try leave(shell)
    }

    // MARK: Completion

    /// Places whose names share beginnings, one of them to be quoted, as an ACLED import leaves them.
    func writePlaces() throws -> String {
        try home.write("places.parley", """
        add place Kharkiv level admin1 within Ukraine
        add place "Kherson Oblast" level admin1 within Ukraine
        add place Abuja level location within Ukraine

        """).path
    }

    @Test(arguments: widths)
    func tabKeepsWhatIsTypedWhenQuotedAndPlainNamesMix(columns: UInt16) throws {
        let shell = try startShell(columns: columns)
        shell.send(".read \(try writePlaces())\r")
        try shell.expect("parley> ")
        // `Ukraine/Kh`: both places inside Ukraine are listed, and `Kh` stays.
        shell.send("incidents in Ukraine/Kh\t\t")
        try shell.expect("Ukraine/\"Kherson Oblast\"  Ukraine/Kharkiv")
        shell.send("a\t\r")
        // Completed to the place, which holds no incident (a wrong path would be an error).
        let kharkiv = try shell.expect("0 rows\n")
        #expect(kharkiv.contains("incidents in Ukraine/Kharkiv \n"))
        #expect(!kharkiv.contains("error"))
        try shell.expect("parley> ")
        // `Abu`: "Abu Dhabi" and Abuja share it; two more TABs list both.
        shell.send("meetings in Ab\t")
        // Readline rings the bell (several candidates) and inserts the `u` they share.
        try shell.expect("meetings in Ab\u{7}u")
        shell.send("\t\t")
        try shell.expect("\"Abu Dhabi\"  Abuja")
        shell.send("\u{3}")
        // After a listing readline shows the prompt again: wait for the one after Ctrl-C.
        try shell.expect("^C\nparley> ")
        shell.send("meetings in \"Abu D\t| select name\r")
        let dhabi = try shell.expect("2 rows\n")
        #expect(dhabi.contains("meetings in \"Abu Dhabi\" | select name\n"))
        #expect(dhabi.contains("abu_dhabi_talks"))
        try shell.expect("parley> ")
        shell.send("\u{4}")
        try shell.expect("3 statements added facts that no store keeps: `.save FILE` to keep them; Ctrl-D again to leave\n")
        try shell.expect("parley> ")
        try leave(shell)
    }

    @Test(arguments: widths)
    func afterAnAcledImportTabKeepsWhatIsTyped(columns: UInt16) throws {
        let file = try home.write("ukraine.csv", StoreProcessTests.acled(rows: 10)).path
        let shell = try TerminalSession(executable, arguments: ["--acled", file], environment: environment(), columns: columns)
        try shell.expect("parley 0.1.0 · \(file) imported, in memory · .help for help\nparley> ")
        // Kharkiv and Kherson, "Kharkiv Raion" and "Kherson Raion": TAB keeps `Kh` and lists all four.
        shell.send("incidents in Ukraine/Kh\t\t")
        try shell.expect("Ukraine/\"Kharkiv Raion\"")
        shell.send("erson\t | count\r")
        let count = try shell.expect("1 row\n")
        #expect(count.replacingOccurrences(of: "\u{7}", with: "").contains("incidents in Ukraine/Kherson | count\n"))
        #expect(count.contains("│     2 │"))
        try shell.expect("parley> ")
        // What --acled loaded is still in its file: leaving needs no second Ctrl-D.
        try leave(shell)
    }

    @Test(arguments: widths)
    func aCompletedFolderEndsWithASlash(columns: UInt16) throws {
        try home.write("briefs/monday.parley", "incidents | count\n")
        let shell = try startShell(columns: columns)
        // `~` is the test's home: a short path, so the line never wraps at 80 columns.
        for command in [".read", ".open", ".output", ".save", ".import acled", ".check"] {
            shell.send("\(command) ~/brie\t")
            try shell.expect("\(command) ~/briefs/")
            shell.send("mon\t")
            try shell.expect("monday.parley ")
            shell.send("\u{3}")
            try shell.expect("^C\nparley> ")
        }
        try leave(shell)
    }

    @Test(arguments: widths)
    func valuesCompleteAfterTheEqualsSignOfAClosedField(columns: UInt16) throws {
        let shell = try startShell(columns: columns)
        shell.send("meetings where status = \t\t")
        let listing = try shell.expect("scheduled")
        for status in ["cancelled", "declined", "held", "possible", "proposed"] { #expect(listing.contains(status)) }
        shell.send("\u{3}")
        // After a listing readline shows the prompt again: wait for the one after Ctrl-C.
        try shell.expect("^C\nparley> ")
        shell.send("meetings where status = he\t| select name\r")
        #expect(try shell.expect("1 row\n").contains("abu_dhabi_talks"))
        try shell.expect("parley> ")
        try leave(shell)
    }

    // MARK: Leaving, opening, the prompt

    @Test(arguments: ["\u{4}", ".quit\r"])
    func leavingAGraphNoStoreKeepsWarnsOnce(key: String) throws {
        let shell = try startShell(columns: 80)
        shell.send("add party Tester kind person\r")
        try shell.expect("parley> ")
        shell.send(key)
        let name = key == "\u{4}" ? "Ctrl-D" : "`.quit`"
        try shell.expect("1 statement added facts that no store keeps: `.save FILE` to keep them; \(name) again to leave\n")
        try shell.expect("parley> ")
        shell.send(key)
        #expect(try shell.process.waitForExit(within: .seconds(10)) == 0)
    }

    @Test func savedFactsLeaveWithoutAWarning() throws {
        let shell = try startShell(columns: 80)
        shell.send("add party Tester kind person\r")
        try shell.expect("parley> ")
        shell.send(".save \(home.url.appendingPathComponent("kept.parley").path)\r")
        try shell.expect("parley> ")
        try leave(shell)
    }

    @Test func openingAMissingFileSaysItCreatedAnEmptyStore() throws {
        let path = home.url.appendingPathComponent("new.parley").path
        let shell = try startShell(columns: 80)
        shell.send(".open \(path)\r")
        try shell.expect("`\(path)` did not exist: created an empty store\n")
        try shell.expect("parley> ")
        shell.send(".show\r")
        try shell.expect("     store: \(path)\n")
        try shell.expect("parameters: none\nparley> ")
        shell.send(".open \(path)\r")
        #expect(try shell.expect("parley> ") == ".open \(path)\nparley> ")
        try leave(shell)
    }

    @Test func thePromptCanBeChanged() throws {
        let shell = try startShell(columns: 80)
        shell.send(".prompt \"brief> \" \"  ...  \"\r")
        try shell.expect("brief> ")
        shell.send("incidents |\r")
        try shell.expect("  ...  ")
        shell.send("count\r")
        try shell.expect("1 row\n")
        try shell.expect("brief> ")
        try leave(shell)
    }
}
