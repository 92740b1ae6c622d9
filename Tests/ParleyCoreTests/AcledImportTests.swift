import Foundation
import Testing
@testable import ParleyGraph
@testable import ParleyImport
@testable import ParleySession
@testable import ParleySupport

/// ACLED import on fixtures written here in ACLED's own layouts (the 2023 export and the older one).
@Suite struct AcledImportTests {
    static let header2023 = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"

    static let rows2023 = [
        #"UKR1,2024-03-05,2024,1,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),,8,Civilians (Ukraine),,7,87,Civilian targeting,804,Europe,Ukraine,Zaporizhia,Zaporizkyi,,Zaporizhzhia,47.8388,35.1396,1,Ukrinform; Suspilne Media,National,"On 5 March 2024, a Russian drone hit a residential building in Zaporizhzhia city, killing 3, ""according to"" officials.",3,,1710000000"#,
        #"UKR2,2024-03-05,2024,2,Political violence,Battles,Armed clash,Military Forces of Ukraine (2019-),,8,Military Forces of Russia (2000-),Wagner Group; Military Forces of Belarus (1994-),8,88,,804,Europe,Ukraine,Zaporizhia,Zaporizkyi,,Zaporizhzhia,47.8388,35.1396,1,Ministry of Defence of Ukraine,National,"Clashes near the city.\#nSecond line of notes: ceasefire talk.",,,1710000001"#,
        #"UKR3,2024-04-11,2024,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia (2000-),,8,,,,80,,804,Europe,Ukraine,Kharkiv,Kharkivskyi,,Kharkiv,49.9935,36.2304,2,Reuters,International,Shelling of Kharkiv. No casualties reported.,0,,1710000002"#,
        #"RUS1,2024-04-12,2024,1,Demonstrations,Protests,Peaceful protest,Protesters (Russia),,6,,,,60,,643,Europe,Russia,Moscow,Moscow,,Москва,55.7558,37.6173,1,Meduza,New media,Protest in Moscow against mobilisation.,0,crowd size=dozens,1710000003"#,
    ]

    static func write(_ text: String, name: String = "events.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-acled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func session(sample: Bool = true) throws -> (Session, StringSink, StringSink) {
        let output = StringSink()
        let errors = StringSink()
        let session = Session(output: output, errors: errors)
        session.settings.format = .csv
        if sample { try session.loadSample() }
        return (session, output, errors)
    }

    static func query(_ session: Session, _ output: StringSink, _ text: String) -> String {
        let before = output.text.count
        session.run(SourceText(name: "q", text: text))
        return String(output.text.dropFirst(before))
    }

    @Test func importsRowsWithQuotesLineBreaksAndSidesIntoTheSample() throws {
        let path = try Self.write(([Self.header2023] + Self.rows2023).joined(separator: "\r\n") + "\r\n")
        let (session, output, _) = try Self.session()
        let summary = try session.importAcled(path)
        #expect(summary.incidents == 4)
        #expect(Self.query(session, output, "incidents where name = UKR1 | select name, kind, date, place, admin1, actor, target, deaths, injuries, sources, source_scale")
            == "name,kind,date,place,admin1,actor,target,deaths,injuries,sources,source_scale\nUKR1,strike,2024-03-05,Zaporizhzhia,Zaporizhzhia,Military Forces of Russia (2000-),Civilians (Ukraine),3,,2,National\n")
        #expect(Self.query(session, output, "incidents where name = UKR1 | select notes")
            == "notes\n\"On 5 March 2024, a Russian drone hit a residential building in Zaporizhzhia city, killing 3, \"\"according to\"\" officials.\"\n")
        #expect(Self.query(session, output, "incidents where name = UKR2 | select deaths, time_precision, associates, notes")
            == "deaths,time_precision,associates,notes\n,week,Wagner Group; Military Forces of Belarus (1994-),\"Clashes near the city.\nSecond line of notes: ceasefire talk.\"\n")
    }

    @Test func importedPlacesJoinTheSampleByNameOrAlias() throws {
        let path = try Self.write(([Self.header2023] + Self.rows2023).joined(separator: "\n"))
        let (session, output, _) = try Self.session()
        try session.importAcled(path)
        // ACLED's "Zaporizhia" is the sample's Zaporizhzhia (an alias), so the article's strike and the
        // imported events are in one region.
        #expect(Self.query(session, output, "incidents in admin1 Zaporizhzhia | select name") == "name\nzaporizhzhia_strike\nUKR1\nUKR2\n")
        #expect(Self.query(session, output, "places where name = Zaporizhzhia | select name, level, path")
            == "name,level,path\nZaporizhzhia,admin1,Europe/Ukraine/Zaporizhzhia\nZaporizhzhia,location,Europe/Ukraine/Zaporizhzhia/Zaporizkyi/Zaporizhzhia\n")
        #expect(Self.query(session, output, "places where name = Москва | select level, path, latitude, longitude, geo_precision")
            == "level,path,latitude,longitude,geo_precision\nlocation,Europe/Russia/Moscow/Moscow/Москва,55.7558,37.6173,1\n")
    }

    @Test func stateBodiesBelongToTheirStateAndPopulationsDoNot() throws {
        let path = try Self.write(([Self.header2023] + Self.rows2023).joined(separator: "\n"))
        let (session, output, _) = try Self.session()
        try session.importAcled(path)
        // RUS1's "Protesters (Russia)" are people of Russia, not its state.
        #expect(Self.query(session, output, "incidents involving Russia | select name") == "name\nzaporizhzhia_strike\ncrimea_annexation\nUKR1\nUKR2\nUKR3\n")
        #expect(Self.query(session, output, "incidents involving Russia as side during 2024 | group by month | count")
            == "month,count\n2024-03,2\n2024-04,1\n")
        #expect(Self.query(session, output, "members of Belarus | select name, role") == "name,role\nMilitary Forces of Belarus (1994-),military\n")
        #expect(Self.query(session, output, "incidents involving \"Military Forces of Ukraine (2019-)\" as side | select opponent")
            == "opponent\nMilitary Forces of Russia (2000-)\n")
    }

    @Test func sourcesSplitIntoIndependentChainsThroughACLED() throws {
        let path = try Self.write(([Self.header2023] + Self.rows2023).joined(separator: "\n"))
        let (session, output, _) = try Self.session()
        try session.importAcled(path)
        #expect(Self.query(session, output, "incidents reported by Reuters | select name, source") == "name,source\nUKR3,Reuters → ACLED\n")
        #expect(Self.query(session, output, "incidents where name = UKR1 | select source") == "source\nUkrinform → ACLED; Suspilne Media → ACLED\n")
        #expect(Self.query(session, output, "incidents mentioning ceasefire | select name") == "name\nUKR2\n")
    }

    @Test func theOlderLayoutLoadsByHeaderName() throws {
        let header = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3"
        let row = #"9001,804,UKR9,9,24 February 2022,2022,1,Battles,Armed clash,Military Forces of Russia (2000-),,Military or government forces,Military Forces of Ukraine (2019-),,State Forces,Military versus military,Europe,Ukraine,Kyiv City,Kyiv,,Kyiv,50.4501,30.5234,1,BBC,International,Fighting in Kyiv.,12,1645700000,UKR"#
        let path = try Self.write(header + "\n" + row + "\n")
        let (session, output, _) = try Self.session()
        let summary = try session.importAcled(path)
        #expect(Self.query(session, output, "incidents where name = UKR9 | select date, kind, place, admin1, deaths, event_type")
            == "date,kind,place,admin1,deaths,event_type\n2022-02-24,clash,Kyiv,Kyiv City,12,Battles\n")
        // ACLED's Kyiv City is the sample's; its city Kyiv is the sample's too, now placed inside the
        // admin2 Kyiv that ACLED puts between them. The oblast Kyiv holds none of it.
        #expect(Self.query(session, output, "incidents in location Kyiv | select name") == "name\nUKR9\n")
        #expect(Self.query(session, output, "incidents in admin1 Kyiv | count") == "count\n0\n")
        #expect(Self.query(session, output, "places where name = Kyiv | select level, path")
            == "level,path\nadmin1,Europe/Ukraine/Kyiv\nlocation,Europe/Ukraine/Kyiv City/Kyiv/Kyiv\nadmin2,Europe/Ukraine/Kyiv City/Kyiv\n")
        // The actor types in words ACLED writes ("State Forces") are read; words it does not write are
        // unknown, and the report says so.
        #expect(Self.query(session, output, "incidents where name = UKR9 | select inter1, inter2, interaction, iso")
            == "inter1,inter2,interaction,iso\n,state_forces,,804\n")
        #expect(ImportReport.notes(summary) == """
            note: no `disorder_type` column: `disorder_type` is unknown for this incident
            note: no `civilian_targeting` column: `civilian_targeting` is unknown for this incident
            note: no `tags` column: there are no tags for this incident
            note: `inter1` is not one of ACLED's actor types (1 to 8, or their words) in 1 row (such as `Military or government forces`): unknown there
            note: `interaction` is not a whole number below a billion in 1 row (such as `Military versus military`): unknown there

            """)
    }

    @Test func actorTypesInteractionAndISOAreReadStoredAndCompared() throws {
        let path = try Self.write(([Self.header2023] + Self.rows2023).joined(separator: "\n"))
        let (session, output, errors) = try Self.session(sample: false)
        try session.importAcled(path)
        #expect(Self.query(session, output, "incidents | select name, inter1, inter2, interaction, iso") == """
            name,inter1,inter2,interaction,iso
            UKR1,external_forces,civilians,87,804
            UKR2,external_forces,external_forces,88,804
            UKR3,external_forces,,80,804
            RUS1,protesters,,60,643

            """)
        #expect(Self.query(session, output, "incidents where inter2 = \"civilians\" | select name") == "name\nUKR1\n")
        #expect(Self.query(session, output, "incidents where iso = 643 | select name") == "name\nRUS1\n")
        #expect(Self.query(session, output, "incidents where interaction > 80 | group by inter1 | count") == "inter1,count\nexternal_forces,2\n")
        // `add` and `change` take the words or ACLED's codes.
        #expect(Self.query(session, output, "change incident UKR3 inter2 1 iso 8") == "")
        #expect(Self.query(session, output, "change incident RUS1 inter1 state_forces interaction unknown") == "")
        #expect(Self.query(session, output, "incidents where name in (UKR3, RUS1) | select name, inter1, inter2, interaction, iso")
            == "name,inter1,inter2,interaction,iso\nUKR3,external_forces,state_forces,80,8\nRUS1,state_forces,,,643\n")
        #expect(Self.query(session, errors, "change incident UKR3 inter1 militia") == """
            q:1:29: error: `inter1` is state_forces, rebel_group, political_militia, identity_militia, rioters, protesters, civilians or external_forces (ACLED's 1, 2, 3, 4, 5, 6, 7, 8), or unknown
              change incident UKR3 inter1 militia
                                          ^~~~~~~

            """)
        #expect(Self.query(session, errors, "change incident UKR3 iso Ukraine") == """
            q:1:26: error: `iso` is a whole number, or unknown
              change incident UKR3 iso Ukraine
                                       ^~~~~~~

            """)
    }

    @Test func aByteOrderMarkAndAMissingFinalLineBreakAreFine() throws {
        let path = try Self.write("\u{FEFF}" + Self.header2023 + "\n" + Self.rows2023[2])
        let (session, output, _) = try Self.session(sample: false)
        try session.importAcled(path)
        #expect(Self.query(session, output, "incidents | select name, deaths") == "name,deaths\nUKR3,0\n")
    }

    @Test func aRowWithTooFewFieldsIsAnErrorAndAddsNothing() throws {
        let broken = "UKR4,2024-04-13,2024,1,Political violence,Battles,Armed clash,Military Forces of Russia (2000-)"
        let path = try Self.write(([Self.header2023] + Self.rows2023 + [broken]).joined(separator: "\n") + "\n")
        let (session, output, errors) = try Self.session()
        session.run(SourceText(name: "q", text: ".import acled \(path)"))
        #expect(errors.text == """
        \(path):7:63: error: expected 31 fields, found 8
          \(broken)
                                                                        ^

        """)
        #expect(Self.query(session, output, "incidents | count") == "count\n3\n", "nothing of the file was added")
        #expect(session.graph.parties(named: "ACLED").isEmpty)
    }

    @Test(arguments: [
        ("UKR5,2024-13-01", 1, "`2024-13-01` is not a date (expected 2024-03-05 or 5 March 2024)"),
        ("UKR5,24 February 2000000000000000022", 1, "`24 February 2000000000000000022` is not a date (expected 2024-03-05 or 5 March 2024)"),
        ("UKR5,5 March 10000", 1, "`5 March 10000` is not a date (expected 2024-03-05 or 5 March 2024)"),
        ("UKR5,2024-03-01", 28, "`many` is not a whole number (fatalities)"),
        ("UKR5,2024-03-01", 3, "`x` is not a time precision (1 day, 2 week, 3 month)"),
    ])
    func badValuesAreLocatedErrors(start: String, field: Int, message: String) throws {
        var values = Self.rows2023[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let prefix = start.split(separator: ",").map(String.init)
        values[0] = prefix[0]
        values[1] = prefix[1]
        if field == 28 { values[28] = "many" }
        if field == 3 { values[3] = "x" }
        let path = try Self.write(Self.header2023 + "\n" + values.joined(separator: ",") + "\n")
        let (session, _, _) = try Self.session(sample: false)
        #expect(throws: ParleyError.self) { try session.importAcled(path) }
        do {
            try session.importAcled(path)
        } catch {
            #expect(error.message == message)
            #expect(error.span?.location.line == 2)
        }
    }

    @Test func anUnterminatedQuoteIsAnError() throws {
        let path = try Self.write(Self.header2023 + "\nUKR1,2024-03-05,\"unterminated\n")
        let (session, _, errors) = try Self.session(sample: false)
        session.run(SourceText(name: "q", text: ".import acled \(path)"))
        #expect(errors.text.hasPrefix("\(path):2:17: error: the file ends inside a quoted field\n"))
    }

    @Test func aFileWithoutACLEDsColumnsIsRefused() throws {
        let path = try Self.write("name,date\nx,2024-01-01\n")
        let (session, _, errors) = try Self.session(sample: false)
        session.run(SourceText(name: "q", text: ".import acled \(path)"))
        #expect(errors.text.hasPrefix("\(path):1:1: error: not an ACLED file: no column `event_id_cnty`, `event_date`\n"))
    }

    @Test func invalidUTF8InTheFileIsRefused() throws {
        var bytes = Array((Self.header2023 + "\n").utf8)
        bytes += Array(Self.rows2023[2].utf8)
        bytes[bytes.count - 20] = 0xFF
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-acled-\(UUID().uuidString).csv")
        try Data(bytes).write(to: folder)
        let (session, _, _) = try Self.session(sample: false)
        #expect(throws: ParleyError.self) { try session.importAcled(folder.path) }
    }

    @Test func aMissingFileIsAnIOError() throws {
        let (session, _, errors) = try Self.session(sample: false)
        session.run(SourceText(name: "q", text: ".import acled /nonexistent/events.csv"))
        #expect(errors.text.hasPrefix("q:1:1: error: cannot read `/nonexistent/events.csv`: No such file or directory\n"))
    }

    /// Reads that end inside a row, a quoted field, a doubled quote, a CRLF, the byte-order mark or a
    /// UTF-8 sequence give the graph one big read gives.
    @Test(arguments: [1, 2, 3, 5, 8, 64, 333])
    func smallReadsGiveTheSameGraph(chunkSize: Int) throws {
        let path = try Self.write("\u{FEFF}" + ([Self.header2023] + Self.rows2023).joined(separator: "\r\n") + "\r\n")
        func imported(_ chunkSize: Int) throws -> (AcledImporter.Summary, String) {
            var graph = Graph()
            let summary = try AcledImporter.importFile(path, into: &graph, chunkSize: chunkSize)
            let output = StringSink()
            let session = Session(graph: graph, output: output, errors: output)
            session.settings.format = .csv
            session.run(SourceText(name: "q", text: """
                incidents | select name, kind, date, place, actor, target, associates, deaths, sources, notes, tags
                places | select name, level, path, latitude, longitude
                """))
            return (summary, output.text)
        }
        let (summary, text) = try imported(chunkSize)
        let (expectedSummary, expectedText) = try imported(AcledImporter.defaultChunkSize)
        #expect(summary == expectedSummary)
        #expect(summary.incidents == 4)
        #expect(text == expectedText)
    }

    @Test func rowsLongerThanAChunkAreRead() throws {
        var row = Self.rows2023[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        row[27] = "\"" + String(repeating: "ceasefire, ", count: 2_000_000) + "\""
        let path = try Self.write(Self.header2023 + "\n" + row.joined(separator: ",") + "\n" + Self.rows2023[3] + "\n")
        let (session, output, _) = try Self.session(sample: false)
        try session.importAcled(path)
        #expect(Self.query(session, output, "incidents | select name") == "name\nUKR3\nRUS1\n")
    }
}
