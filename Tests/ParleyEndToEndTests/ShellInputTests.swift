import Testing
import ParleyShell

/// How the shell gathers typed lines into entries (`ShellInput`), without a terminal.
@Suite struct ShellInputTests {
    @Test func aCompleteLineRunsAsTyped() {
        var input = ShellInput()
        #expect(input.add("incidents | count") == .run("incidents | count"))
        #expect(!input.isContinuing)
        #expect(input.add("incidents; places") == .run("incidents; places"))
    }

    @Test func blankAndCommentLinesRunNothing() {
        var input = ShellInput()
        #expect(input.add("") == .nothing)
        #expect(input.add("   \t") == .nothing)
        #expect(input.add("-- a note") == .nothing)
        #expect(input.add(";") == .nothing)
        #expect(input.lastStatement == nil)
    }

    @Test(arguments: [
        (["incidents where (", "deaths > 0)"], "incidents where (\ndeaths > 0)"),
        (["incidents |", "count"], "incidents |\ncount"),
        (["incidents | pair with (", "meetings", ") on place"], "incidents | pair with (\nmeetings\n) on place"),
        (["claims mentioning \"Moscow", "has\""], "claims mentioning \"Moscow\nhas\""),
        (["incidents where (", "", "deaths > 0)"], "incidents where (\n\ndeaths > 0)"),
    ])
    func openStatementsGatherLines(lines: [String], entry: String) {
        var input = ShellInput()
        for line in lines.dropLast() {
            #expect(input.add(line) == .needsMoreInput)
            #expect(input.isContinuing)
        }
        #expect(input.add(lines.last!) == .run(entry))
        #expect(!input.isContinuing)
    }

    @Test func aLineStartingWithPipeContinuesTheStatementBefore() {
        var input = ShellInput()
        #expect(input.add("incidents") == .run("incidents"))
        #expect(input.add("  | count") == .run("incidents\n  | count"))
        // The statement before is now the longer one, as in a script of those three lines.
        #expect(input.add("| select count") == .run("incidents\n  | count\n| select count"))
        #expect(input.add("| limit 1 |") == .needsMoreInput)
        #expect(input.add("count") == .run("incidents\n  | count\n| select count\n| limit 1 |\ncount"))
    }

    @Test func aPipeLineWithNothingBeforeRunsAlone() {
        var input = ShellInput()
        #expect(input.add("| count") == .run("| count"))
    }

    @Test func dotCommandsAreCompleteAndContinueNothing() {
        var input = ShellInput()
        #expect(input.add("incidents") == .run("incidents"))
        #expect(input.add(".mode csv") == .run(".mode csv"))
        #expect(input.lastStatement == nil)
        #expect(input.add("| count") == .run("| count"))
        #expect(input.add("  .read \"my file.parley\"") == .run("  .read \"my file.parley\""))
    }

    @Test func aDotInsideAnOpenStatementIsPartOfIt() {
        var input = ShellInput()
        #expect(input.add("incidents where (") == .needsMoreInput)
        #expect(input.add(".mode csv") == .needsMoreInput)
    }

    @Test func cancelDropsTheOpenLinesButNotTheLastStatement() {
        var input = ShellInput()
        #expect(input.add("parties") == .run("parties"))
        #expect(input.add("places where (level =") == .needsMoreInput)
        input.cancel()
        #expect(!input.isContinuing)
        #expect(input.add("| count") == .run("parties\n| count"))
    }

    @Test func precedingTextIsWhatANewLineFollows() {
        var input = ShellInput()
        #expect(input.precedingText == nil)
        _ = input.add("parties")
        #expect(input.precedingText == "parties")
        _ = input.add("incidents where (")
        #expect(input.precedingText == "incidents where (")
    }

    @Test(arguments: [("incidents |", true), ("incidents |  -- more to come", true), ("incidents | count", false),
                      ("incidents |;", false), ("incidents where (", true), ("\"open", true), ("", false)])
    func needsMoreInput(text: String, more: Bool) {
        #expect(ShellInput.needsMoreInput(text) == more)
    }
}
