import Foundation
import Testing
@testable import ParleySupport

/// How imported ACLED places join the places already in the graph (the sample's, or an earlier file's),
/// on fixture rows in ACLED's 2023 layout.
@Suite struct AcledPlaceJoinTests {
    /// A row of the 2023 layout at the given place; everything else is fixed.
    static func row(_ id: String, region: String = "Europe", country: String = "Ukraine", _ admin1: String,
                    _ admin2: String, _ location: String, deaths: Int = 1) -> String {
        "\(id),2022-03-01,2022,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,"
            + "Military Forces of Russia (2000-),,8,Civilians (Ukraine),,7,87,Civilian targeting,804,"
            + "\(region),\(country),\(admin1),\(admin2),,\(location),50.45,30.52,1,Ukrinform,National,Shelling.,\(deaths),,1646200000"
    }

    static func file(_ rows: [String]) throws -> String {
        try AcledImportTests.write(([AcledImportTests.header2023] + rows).joined(separator: "\n") + "\n")
    }

    // MARK: The sample's geography

    /// ACLED's Kyiv City (the capital, an admin1 of its own) and Kyiv oblast stay apart: the sample
    /// has both, and neither is the other's alias.
    @Test func kyivCityAndKyivOblastStayApartWithTheSample() throws {
        let path = try Self.file([
            Self.row("UKR1", "Kyiv City", "Kyiv", "Kyiv", deaths: 2),
            Self.row("UKR2", "Kyiv City", "Kyiv", "Kyiv", deaths: 1),
            Self.row("UKR3", "Kyiv", "Buchanskyi", "Bucha", deaths: 5),
            Self.row("UKR4", "Kyiv", "Buchanskyi", "Irpin", deaths: 0),
            Self.row("UKR5", "Kyiv", "Vyshhorodskyi", "Vyshhorod", deaths: 4),
        ])
        let (session, output, _) = try AcledImportTests.session()
        try session.importAcled(path)
        #expect(AcledImportTests.query(session, output, "incidents in admin1 \"Kyiv City\" | count") == "count\n2\n")
        #expect(AcledImportTests.query(session, output, "incidents in admin1 Kyiv | count") == "count\n3\n")
        #expect(AcledImportTests.query(session, output, "incidents in Ukraine | group by admin1 | sum deaths | sort by admin1")
            == "admin1,deaths\nCrimea,\nDnipropetrovsk,\nKyiv,9\nKyiv City,3\nZaporizhzhia,3\n")
        // The article's proposed visit to Kyiv is in the city, which ACLED's rows now share.
        #expect(AcledImportTests.query(session, output, "meetings in \"Kyiv City\" | select name") == "name\nputin_visit_to_kyiv\n")
    }

    // MARK: Joining

    static func imported(_ rows: [String], sample: Bool = true, before: String? = nil) throws -> (path: String, query: (String) -> String, report: String) {
        let path = try Self.file(rows)
        let (session, output, errors) = try AcledImportTests.session(sample: sample)
        if let before { session.run(SourceText(name: "q", text: before)) }
        #expect(errors.text.isEmpty)
        session.run(SourceText(name: "q", text: ".import acled \(path)"))
        let report = errors.text.replacingOccurrences(of: path, with: "FILE")
        return (path, { AcledImportTests.query(session, output, $0) }, report)
    }

    /// The report names each place of the graph the file's rows joined, with the file's spelling where
    /// it differs; ACLED's spelling stays an alias, so it still finds the place.
    @Test func theReportListsThePlacesJoinedAndTheFilesSpellingStillFindsThem() throws {
        let (path, query, report) = try Self.imported([
            Self.row("UKR1", "Zaporizhia", "Zaporizkyi", "Zaporizhia", deaths: 3),
            Self.row("UKR2", "Kyiv City", "Kyiv", "Kyiv", deaths: 1),
        ])
        #expect(report == "imported 2 incidents from FILE (4 new parties, 3 new places); joined 5 places to places already in the graph: "
            + "Zaporizhia → Zaporizhzhia (admin1), Kyiv (location), Kyiv City (admin1), Ukraine (country), Europe (region)\n")
        // ACLED's city Zaporizhia shares the name: the level tells them apart.
        #expect(query("incidents in admin1 Zaporizhia | select name") == "name\nzaporizhzhia_strike\nUKR1\n")
        #expect(query("places where name = Zaporizhzhia and level = \"admin1\" | select aliases")
            == "aliases\nZaporizhia; Zaporizhzhya; Zaporozhye; Zaporizhzhia region\n")
        // The sample's city moved down into ACLED's admin2, which lies in Kyiv City: the article's visit
        // is still in Kyiv City, now with ACLED's event.
        #expect(query("places where name = Kyiv | select level, path") == "level,path\nadmin1,Europe/Ukraine/Kyiv\nlocation,Europe/Ukraine/Kyiv City/Kyiv/Kyiv\nadmin2,Europe/Ukraine/Kyiv City/Kyiv\n")
        #expect(query("meetings in \"Kyiv City\" | select name") == "name\nputin_visit_to_kyiv\n")
        #expect(query("incidents in \"Kyiv City\" | select name") == "name\nUKR2\n")
        #expect(query("history | select summary").replacingOccurrences(of: path, with: "FILE") == "summary\n\"" + report.dropLast() + "\"\n")
    }

    /// A place joined under a deeper chain is there only: a row that puts a place of its name inside
    /// another admin2 is a place of its own, not the one that moved.
    @Test func aPlaceJoinedUnderOneAdmin2IsNotJoinedAgainUnderAnother() throws {
        let (_, query, report) = try Self.imported([
            Self.row("UKR1", "Kyiv City", "Kyiv", "Kyiv"),
            Self.row("UKR2", "Kyiv City", "Darnytskyi", "Kyiv"),
        ])
        #expect(query("places where name = Kyiv and level = \"location\" | select path") == "path\nEurope/Ukraine/Kyiv City/Kyiv/Kyiv\nEurope/Ukraine/Kyiv City/Darnytskyi/Kyiv\n")
        #expect(query("meetings in admin2 Kyiv | select name") == "name\nputin_visit_to_kyiv\n")
        #expect(query("incidents in admin2 Kyiv | select name") == "name\nUKR1\n")
        #expect(query("incidents in Darnytskyi | select name") == "name\nUKR2\n")
        #expect(report.contains(" (4 new parties, 3 new places); joined 4 places to places already in the graph: Kyiv (location), Kyiv City (admin1), Ukraine (country), Europe (region)\n"))
    }

    /// A country is the graph's only where the world regions agree too; otherwise `in "Middle East"` would
    /// miss the file's events there.
    @Test func aCountryInAnotherWorldRegionIsAPlaceOfItsOwn() throws {
        let (_, query, report) = try Self.imported([Self.row("TUR1", region: "Middle East", country: "Turkey", "Ankara", "Cankaya", "Ankara")],
                                                   before: "add place Turkey level country within Europe reported by background")
        #expect(query("places where name = Turkey | select path") == "path\nEurope/Turkey\nMiddle East/Turkey\n")
        #expect(query("incidents in \"Middle East\" | count") == "count\n1\n")
        #expect(query("incidents in Europe | count") == "count\n3\n")
        #expect(report.hasSuffix("; joined 1 place to places already in the graph: Middle East (region)\n"))
    }

    /// A country the graph has without a world region takes the file's.
    @Test func aCountryWithoutAWorldRegionJoinsAndTakesTheFilesRegion() throws {
        let (_, query, _) = try Self.imported([Self.row("MDA1", country: "Moldova", "Chisinau", "Chisinau", "Chisinau")], sample: false,
                                              before: "add place Moldova level country aka Moldavia")
        #expect(query("places where name = Moldova | select path, aliases") == "path,aliases\nEurope/Moldova,Moldavia\n")
        #expect(query("incidents in Moldavia | count") == "count\n1\n")
    }

    /// A row without an admin2 joins the one place of its name and admin1 that has one; with two such
    /// places it cannot tell which, and its place is a new one.
    @Test func aRowLackingALevelJoinsTheOnePlaceThatAgrees() throws {
        let one = [Self.row("UKR1", "Kyiv", "Buchanskyi", "Bucha"), Self.row("UKR2", "Kyiv", "", "Bucha")]
        let (_, query, _) = try Self.imported(one, sample: false)
        #expect(query("places where name = Bucha | select path") == "path\nEurope/Ukraine/Kyiv/Buchanskyi/Bucha\n")
        #expect(query("incidents in Buchanskyi | count") == "count\n2\n")

        let two = [Self.row("UKR1", "Kyiv", "Buchanskyi", "Novoselivka"), Self.row("UKR2", "Kyiv", "Vyshhorodskyi", "Novoselivka"),
                   Self.row("UKR3", "Kyiv", "", "Novoselivka")]
        let (_, ambiguous, _) = try Self.imported(two, sample: false)
        #expect(ambiguous("places where name = Novoselivka | select path")
            == "path\nEurope/Ukraine/Kyiv/Buchanskyi/Novoselivka\nEurope/Ukraine/Kyiv/Vyshhorodskyi/Novoselivka\nEurope/Ukraine/Kyiv/Novoselivka\n")
        #expect(ambiguous("incidents in Buchanskyi | count") == "count\n1\n")
    }

    /// A place below a country with nothing around it joins nothing: nothing says where it is.
    @Test func aPlaceWithNothingAroundItJoinsNothing() throws {
        let (_, query, _) = try Self.imported([Self.row("UKR1", "Kharkiv", "Kharkivskyi", "Kharkiv")], sample: false,
                                              before: "add place Kharkiv level location")
        #expect(query("places where name = Kharkiv and level = \"location\" | select path") == "path\nKharkiv\nEurope/Ukraine/Kharkiv/Kharkivskyi/Kharkiv\n")
    }
}
