import Foundation
import Testing
@testable import ParleyCore

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
}
