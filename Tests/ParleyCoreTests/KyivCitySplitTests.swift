import Foundation
import Testing
@testable import ParleyGraph
@testable import ParleySession
@testable import ParleySupport

/// A store begun from the sample as it was (the oblast Kyiv with the alias "Kyiv City"), with an ACLED
/// file imported that folded Kyiv City into the oblast: made by that earlier Parley and kept as it was
/// (Fixtures/README.md), it heals at its next import.
@Suite struct KyivCitySplitTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A copy of the old store, and the file it was made with.
    static func oldStore() throws -> (store: String, csv: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-split-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = folder.appendingPathComponent("old-sample.parley")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("old-sample.parley"), to: store)
        return (store.path, fixtures.appendingPathComponent("old-import.csv").path)
    }

    @Test func theOldStoreFoldsKyivCityIntoTheOblast() throws {
        let (path, _) = try Self.oldStore()
        let store = try StoreTests.Opened(path)
        #expect(store.run("incidents in admin1 \"Kyiv City\" | select name") == "name\nUKR101\nUKR102\nUKR103\n")
        #expect(store.run("places where name = Kyiv | select level, path, aliases")
            == "level,path,aliases\nadmin1,Europe/Ukraine/Kyiv,Kiev; Kyiv City\nlocation,Europe/Ukraine/Kyiv/Kyiv/Kyiv,Kiev\nadmin2,Europe/Ukraine/Kyiv/Kyiv,\n")
    }

    @Test func reimportingTheFileSplitsKyivCityFromTheOblast() throws {
        let (path, csv) = try Self.oldStore()
        do {
            let store = try StoreTests.Opened(path)
            let summary = try store.session.importAcled(csv)
            #expect(ImportReport.text(summary, path: "old-import.csv")
                == "imported 4 incidents from old-import.csv: 0 added, 0 updated, 4 unchanged (0 new parties, 0 new places); "
                + "Kyiv City is now an admin1 of its own, as the sample has it; moved out of the oblast Kyiv into it: Kyiv (admin2)\n")
        }
        let reopened = try StoreTests.Opened(path)
        #expect(reopened.run("incidents in admin1 \"Kyiv City\" | select name") == "name\nUKR101\nUKR102\n")
        #expect(reopened.run("incidents in admin1 Kyiv | select name") == "name\nUKR103\n")
        #expect(reopened.run("incidents in Kiev | count").hasPrefix("query:1:14: error: `Kiev` is ambiguous"))
        #expect(reopened.run("meetings in \"Kiev City\" | select name") == "name\nputin_visit_to_kyiv\n")
        #expect(reopened.run("places where name = Kyiv or name = \"Kyiv City\" | select level, path, aliases")
            == "level,path,aliases\nadmin1,Europe/Ukraine/Kyiv,Kiev\nlocation,Europe/Ukraine/Kyiv City/Kyiv/Kyiv,Kiev\nadmin2,Europe/Ukraine/Kyiv City/Kyiv,\nadmin1,Europe/Ukraine/Kyiv City,Kiev City\n")
        // Once split, a further import leaves the places as they are.
        let summary = try reopened.session.importAcled(csv)
        #expect(summary.sampleSplit == nil)
        #expect(reopened.run("places | count") == "count\n21\n")
    }

    /// Begun from the old sample and never imported into, the city still sits directly in the oblast:
    /// the first import moves it, and ACLED's Kyiv City rows then join the new Kyiv City.
    @Test func theFirstImportMovesTheCityOutOfTheOblast() throws {
        let (session, output, errors) = try AcledImportTests.session(sample: false)
        session.run(SourceText(name: "old sample", text: """
            add party background kind reference
            add place Europe level region reported by background
            add place Ukraine level country within Europe reported by background
            add place Kyiv level admin1 within Ukraine aka Kiev, "Kyiv City" reported by background
            add place Kyiv level location within Kyiv aka Kiev reported by background
            """))
        #expect(errors.text.isEmpty)
        let path = try AcledPlaceJoinTests.file([AcledPlaceJoinTests.row("UKR1", "Kyiv City", "Kyiv", "Kyiv"), AcledPlaceJoinTests.row("UKR2", "Kyiv", "Buchanskyi", "Bucha")])
        let summary = try session.importAcled(path)
        #expect(summary.sampleSplit == "Kyiv City is now an admin1 of its own, as the sample has it; moved out of the oblast Kyiv into it: Kyiv (location)")
        #expect(AcledImportTests.query(session, output, "places where level = \"location\" and name = Kyiv | select path") == "path\nEurope/Ukraine/Kyiv City/Kyiv/Kyiv\n")
        #expect(AcledImportTests.query(session, output, "incidents in admin1 \"Kyiv City\" | select name") == "name\nUKR1\n")
        #expect(AcledImportTests.query(session, output, "incidents in admin1 Kyiv | select name") == "name\nUKR2\n")
    }

    /// A graph made from today's sample has nothing to split.
    @Test func theSampleAsItIsHasNothingToSplit() throws {
        let (session, _, _) = try AcledImportTests.session()
        var graph = session.graph
        #expect(KyivCitySplit.apply(to: &graph) == nil)
    }
}
