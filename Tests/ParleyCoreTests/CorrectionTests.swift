#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import ParleyEval
@testable import ParleyGraph
@testable import ParleySupport

/// What the golden file 11-corrections.test cannot show: the history's records as the store will see
/// them, times, and corrections on an imported ACLED file.
@Suite struct CorrectionTests {
    @Test func loadingTheSampleIsNoChangeButWhatTheUserWritesIs() throws {
        let (session, _, errors) = try AcledImportTests.session()
        #expect(session.graph.changes.isEmpty)
        let before = Int64(time(nil))
        session.run(SourceText(name: "q", text: """
            add party Lavrov kind person member of "Government of Russia" as "foreign minister"
            change incident zaporizhzhia_strike (
                deaths 4   -- the next day's report
                injuries 12)
            merge party Kremlin into Russia
            """))
        let after = Int64(time(nil))
        #expect(errors.text.hasPrefix("q:5:13: error: `Kremlin` and `Russia` belong to each other"))
        let changes = session.graph.changes
        #expect(changes.map(\.id) == [1, 2])
        #expect(changes.map(\.kind) == ["add", "change"])
        #expect(changes.allSatisfy { $0.at >= before && $0.at <= after })
        #expect(changes[0].statement == #"add party Lavrov kind person member of "Government of Russia" as "foreign minister""#)
        #expect(changes[0].summary == "added party Lavrov")
        #expect(changes[1].statement == "change incident zaporizhzhia_strike (\n    deaths 4   -- the next day's report\n    injuries 12)")
        #expect(changes[1].summary == "deaths of incident zaporizhzhia_strike: 3 → 4; injuries: ∅ → 12")
    }

    @Test func recordChangeNumbersFromOne() {
        var graph = Graph()
        graph.recordChange(kind: "import", statement: ".import acled events.csv", summary: "imported 4 incidents")
        graph.recordChange(kind: "add", statement: "add party X kind person", summary: "added party X", nodes: [NodeID(.parties, 0)])
        #expect(graph.changes.map(\.id) == [1, 2])
        #expect(graph.changes.map(\.kind) == ["import", "add"])
        #expect(graph.changes(about: NodeID(.parties, 0)) == [2])
        #expect(graph.changes(about: NodeID(.parties, 1)).isEmpty)
    }

    @Test(arguments: [(Int64(0), "1970-01-01T00:00:00Z"), (1_764_079_389, "2025-11-25T14:03:09Z"),
                      (951_868_799, "2000-02-29T23:59:59Z"), (-1, "1969-12-31T23:59:59Z")])
    func historyTimesAreUTC(seconds: Int64, text: String) {
        #expect(HistoryTable.timeText(seconds) == text)
    }

    @Test func atIsTheTimeOfTheChange() throws {
        let (session, output, _) = try AcledImportTests.session()
        session.run(SourceText(name: "q", text: "retract claim escalation_warning"))
        let at = session.graph.changes[0].at
        #expect(AcledImportTests.query(session, output, "history | select at") == "at\n\(HistoryTable.timeText(at))\n")
    }

    @Test func importedActorsMergeAndImportedIncidentsRetract() throws {
        let path = try AcledImportTests.write(([AcledImportTests.header2023] + AcledImportTests.rows2023).joined(separator: "\n"))
        let (session, output, errors) = try AcledImportTests.session()
        let query = { (text: String) in AcledImportTests.query(session, output, text) }
        session.run(SourceText(name: "q", text: ".import acled \(path)"))
        #expect(query("incidents involving \"Wagner Group\" | select name") == "name\nUKR2\n")

        session.run(SourceText(name: "q", text: "merge party \"Wagner Group\" into \"Military Forces of Russia (2000-)\""))
        #expect(query("incidents involving \"Military Forces of Russia (2000-)\" as associate | select name, associates")
            == "name,associates\nUKR2,Military Forces of Russia (2000-); Military Forces of Belarus (1994-)\n")
        #expect(query("incidents involving \"Wagner Group\" as side | select name") == "name\nUKR1\nUKR2\nUKR3\n")
        #expect(query("parties where name = \"Wagner Group\" | count") == "count\n0\n")

        session.run(SourceText(name: "q", text: "retract incident UKR3"))
        #expect(query("incidents where name in (UKR1, UKR2, UKR3, RUS1) | select name") == "name\nUKR1\nUKR2\nRUS1\n")
        #expect(query("incidents in Ukraine during 2024 | group by admin1 | count") == "admin1,count\nZaporizhzhia,2\n")
        #expect(query("incidents reported by Reuters | select name") == "name\n")
        #expect(query("incidents involving Russia as side during 2024 | count") == "count\n2\n")
        session.run(SourceText(name: "q", text: "change incident UKR2 deaths 7 reported by \"Ministry of Defence of Ukraine\""))
        #expect(query("incidents during 2024 | sum deaths") == "deaths\n10\n")

        #expect(errors.text == "imported 4 incidents from \(path) (12 new parties, 8 new places); joined 4 places to places already in the graph: Zaporizhia → Zaporizhzhia (admin1), Ukraine (country), Russia (country), Europe (region)\n")
        #expect(query("history | select id, kind, statement") == """
            id,kind,statement
            1,import,.import acled \(path)
            2,merge,"merge party ""Wagner Group"" into ""Military Forces of Russia (2000-)\"\"\"
            3,retract,retract incident UKR3
            4,change,"change incident UKR2 deaths 7 reported by ""Ministry of Defence of Ukraine\"\"\"

            """)
        #expect(query("history | select summary") == """
            summary
            "imported 4 incidents from \(path) (12 new parties, 8 new places); joined 4 places to places already in the graph: Zaporizhia → Zaporizhzhia (admin1), Ukraine (country), Russia (country), Europe (region)"
            merged party Wagner Group into Military Forces of Russia (2000-) (moved: 1 incident)
            retracted incident UKR3
            deaths of incident UKR2: ∅ → 7; source: (Ministry of Defence of Ukraine → ACLED) → Ministry of Defence of Ukraine

            """)
        #expect(query("history of incident UKR3 | select kind") == "kind\nretract\n")
        #expect(query("incidents | count") == "count\n6\n")
    }

    @Test func aRetractedPlaceIsNotJoinedByALaterImport() throws {
        let path = try AcledImportTests.write(AcledImportTests.header2023 + "\n" + AcledImportTests.rows2023[2] + "\n")
        let (session, output, _) = try AcledImportTests.session()
        session.run(SourceText(name: "q", text: "add place Kharkiv level admin1 within Ukraine\nretract place admin1 Kharkiv"))
        try session.importAcled(path)
        #expect(AcledImportTests.query(session, output, "places where name = Kharkiv | select level, path")
            == "level,path\nadmin1,Europe/Ukraine/Kharkiv\nlocation,Europe/Ukraine/Kharkiv/Kharkivskyi/Kharkiv\n")
        #expect(session.graph.places.count == session.graph.liveCount(of: .places) + 1)
    }

    /// Two places of one name and level directly inside the two merged would share their path, and no
    /// name or path could tell them apart again: the merge is refused until they are merged themselves.
    @Test func aPlaceMergeThatWouldLeaveTwinsIsRefused() throws {
        let (session, output, errors) = try AcledImportTests.session()
        let query = { (text: String) in AcledImportTests.query(session, output, text) }
        session.run(SourceText(name: "q", text: """
            add place "City of Kyiv" level admin1 within Ukraine
            add place Kyiv level location within "City of Kyiv"
            add incident city_fire kind fire place "Ukraine/City of Kyiv/Kyiv"
            """))
        #expect(errors.text.isEmpty)
        session.run(SourceText(name: "q", text: "merge place \"City of Kyiv\" into \"Kyiv City\""))
        #expect(errors.text == """
            q:1:13: error: `Ukraine/City of Kyiv/Kyiv` and `Ukraine/Kyiv City/Kyiv` are both the location `Kyiv`; merged, no name or path could tell them apart
              merge place "City of Kyiv" into "Kyiv City"
                          ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            hint: merge them first: `merge place "Ukraine/City of Kyiv/Kyiv" into "Ukraine/Kyiv City/Kyiv"`

            """)
        #expect(session.graph.retracted.isEmpty)
        let refusal = errors.text
        session.run(SourceText(name: "q", text: "merge place \"Ukraine/City of Kyiv/Kyiv\" into \"Ukraine/Kyiv City/Kyiv\"\nmerge place \"City of Kyiv\" into \"Kyiv City\""))
        #expect(query("places where name = Kyiv | select level, path") == "level,path\nadmin1,Europe/Ukraine/Kyiv\nlocation,Europe/Ukraine/Kyiv City/Kyiv\n")
        #expect(query("incidents in \"Ukraine/Kyiv City/Kyiv\" | select name") == "name\ncity_fire\n")
        #expect(errors.text == refusal)
    }

    @Test func liveRowsSkipTheRetractedInOrder() {
        var graph = Graph()
        for index in 0..<10 { _ = graph.addIncident("i\(index)", kind: .strike, sources: 0) }
        #expect(graph.liveRows(of: .incidents) == Array(0..<10))
        graph.retracted = [NodeID(.incidents, 0), NodeID(.incidents, 4), NodeID(.incidents, 5), NodeID(.incidents, 9), NodeID(.meetings, 2)]
        #expect(graph.liveRows(of: .incidents) == [1, 2, 3, 6, 7, 8])
        #expect(graph.liveCount(of: .incidents) == 6)
        #expect(graph.event(named: "i4") == nil)
        #expect(graph.event(named: "i3") == NodeID(.incidents, 3))
    }
}
