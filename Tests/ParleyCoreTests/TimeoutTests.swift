import Foundation
import Testing
@testable import ParleyEval
@testable import ParleyGraph
@testable import ParleyRender
@testable import ParleySession
@testable import ParleySupport
@testable import ParleySyntax

/// `.timeout`: a statement that runs past it is stopped with an error pointing at it, and the session
/// goes on.
@Suite(.serialized) struct TimeoutTests {
    static func session(incidents: Int) -> (Session, StringSink, StringSink) {
        var graph = Graph()
        let actor = graph.addParty("Side", kind: .state, sources: 0)
        for row in 0..<incidents {
            let incident = graph.addIncident("event \(row)", kind: .clash, sources: 0)
            graph.incidents.actors[Int(incident)] = actor
            graph.incidents.dates.set(incident, CalendarDate(year: 2024, month: 1 + row % 12, day: 1 + row % 28))
        }
        let output = StringSink()
        let errors = StringSink()
        let session = Session(graph: graph, output: output, errors: errors)
        session.settings.format = .csv
        return (session, output, errors)
    }

    @Test func aQueryPastTheTimeoutStopsWithAnErrorAndTheNextStatementRuns() {
        let (session, output, errors) = Self.session(incidents: 100_000)
        let outcome = session.run(SourceText(name: "brief", text: ".timeout 0.001\nincidents | where date > 2024-01-01 and name != \"x\" | count\n"))
        #expect(outcome != .finished)
        #expect(errors.text == """
        brief:2:1: error: stopped after the 1 ms `.timeout`
          incidents | where date > 2024-01-01 and name != "x" | count
          ^
        hint: `.timeout SECONDS` sets the limit; `.timeout 0` removes it

        """)
        #expect(output.text == "")
        // The limit applies to each statement; a quick one still runs, and `.timeout 0` lifts it.
        #expect(session.run(SourceText(name: "brief", text: "parties | count\n.timeout 0\nincidents | where name contains \"x\" | count\n")) == .finished)
        #expect(output.text == "count\n1\ncount\n0\n")
    }

    @Test func aHugeStatementStopsAtTheTimeoutWhileItIsParsed() {
        let (session, _, errors) = Self.session(incidents: 1)
        let list = (0..<400_000).map { "\"name \($0)\"" }.joined(separator: ", ")
        let outcome = session.run(SourceText(name: "big", text: ".timeout 0.05\nincidents where name in (\(list)) | count\n"))
        #expect(outcome != .finished)
        #expect(errors.text.hasPrefix("big:2:1: error: stopped after the 50 ms `.timeout`\n"))
    }

    @Test func timeoutShowsAndChecksItsSetting() {
        let (session, output, errors) = Self.session(incidents: 0)
        session.run(SourceText(name: "s", text: ".timeout\n.timeout 2.5\n.timeout\n.timeout soon\n"))
        #expect(output.text == "no timeout\ntimeout 2.5 s\n")
        #expect(errors.text == """
        s:4:1: error: usage: .timeout SECONDS (0 for no limit), e.g. .timeout 30 or .timeout 0.5
          .timeout soon
          ^~~~~~~~

        """)
    }

    /// Runs `body` under a `.timeout` of `milliseconds` and returns the error that stopped it, if any.
    static func stopError(milliseconds: Int, _ body: () throws(ParleyError) -> Void) -> ParleyError? {
        do {
            try Interrupt.withDeadline(milliseconds: milliseconds, body)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: OutputFormat.allCases)
    func renderingAResultStopsAtTheTimeout(_ format: OutputFormat) {
        let result = ResultSet(columns: ["name"], rows: [[.string("a")], [.string("b")]])
        // The deadline passes before rendering starts: every format looks at it before its first row.
        let error = Self.stopError(milliseconds: 1) { () throws(ParleyError) in
            usleep(5_000)
            _ = try Renderer.render(result, options: RenderOptions(format: format))
        }
        #expect(error?.message == "stopped after the 1 ms `.timeout`")
    }

    @Test func sortingStopsAtTheTimeoutAndOtherwiseKeepsTiesInOrder() throws {
        var slept = false
        let error = Self.stopError(milliseconds: 200) { () throws(ParleyError) in
            _ = try Interrupt.sortedPositions(100_000) { a, b in
                if !slept {
                    slept = true
                    usleep(300_000)
                }
                return a > b
            }
        }
        #expect(error?.message == "stopped after the 200 ms `.timeout`")
        let keys = [3, 1, 3, 2, 1]
        #expect(try Interrupt.sortedPositions(keys.count) { keys[$0] < keys[$1] } == [1, 4, 3, 0, 2])
    }

    @Test func aFilterWithALongExpressionLooksAtTheTimeoutEveryFewRows() throws {
        var graph = Graph()
        for row in 0..<1_000 { _ = graph.addIncident("event \(row)", kind: .clash, sources: 0) }
        let evaluator = Evaluator(graph: graph, source: SourceText(name: "t", text: ""))
        var tested = 0
        // Each row of a 4,096-node expression is as much work as 4,096 rows of a short one: the flag is
        // looked at before every row, so the row after the one that passed the deadline stops it.
        let error = Self.stopError(milliseconds: 200) { () throws(ParleyError) in
            _ = try evaluator.keep(.nodes(.incidents, Array(0..<1_000)), workPerRow: Interrupt.checkInterval) { _ in
                tested += 1
                if tested == 10 { usleep(300_000) }
                return true
            }
        }
        #expect(error?.message == "stopped after the 200 ms `.timeout`")
        #expect(tested == 10)
        var parser = try Parser(SourceText(name: "t", text: "incidents where name in (a, b, c) or deaths > 1"))
        let (statement, _) = try parser.parseStatementAndEnd()
        guard case let .query(query) = statement.body, case let .where(expr)? = query.filters.first else {
            Issue.record("not a query with a `where`")
            return
        }
        // or, in (name, a, b, c), > (deaths, 1)
        #expect(expr.nodeCount == 9)
    }
}
