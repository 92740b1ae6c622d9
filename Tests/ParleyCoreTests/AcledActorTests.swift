import Foundation
import Testing
@testable import ParleySession
@testable import ParleyStore
@testable import ParleySupport

/// Where ACLED's actors belong: populations are of a country, not members of its state; units belong to
/// their force; a force of an era to the party without the era; associates keep their side. The fixture
/// (`Fixtures/acled-actors.csv`, ACLED's 2023 layout) lists a unit before its force.
@Suite struct AcledActorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let csv = fixtures.appendingPathComponent("acled-actors.csv").path
    /// The store an earlier Parley (store version 1) made by importing `csv` into an empty graph.
    static let storeOfVersion1 = fixtures.appendingPathComponent("acled-actors-v1.parley").path

    static func imported(sample: Bool = false, extraRows: [String] = []) throws -> (Session, StringSink, StringSink) {
        let (session, output, errors) = try AcledImportTests.session(sample: sample)
        var text = try String(contentsOfFile: csv, encoding: .utf8)
        for row in extraRows { text += row + "\n" }
        try session.importAcled(try AcledImportTests.write(text))
        return (session, output, errors)
    }

    static func query(_ session: Session, _ output: StringSink, _ text: String) -> String {
        AcledImportTests.query(session, output, text)
    }

    @Test func populationsAreOfTheirCountryNotMembersOfItsState() throws {
        let (session, output, _) = try Self.imported()
        // Protesters (Russia) and the Unidentified Armed Group (Russia) are no part of Russia's state.
        #expect(Self.query(session, output, "incidents involving Russia | select name, actor, target") == """
            name,actor,target
            UKR10,Military Forces of Russia (2000-) Air Force,Civilians (Ukraine)
            UKR11,Military Forces of Russia (2000-),Military Forces of Ukraine (2019-)
            RUS11,Police Forces of Russia (2000-),Protesters (Russia)

            """)
        for form in ["country = Russia", "country = \"Russia\""] {
            #expect(Self.query(session, output, "parties where kind = population and \(form) | select name, kind, member_of, country") == """
                name,kind,member_of,country
                Protesters (Russia),population,,Russia
                Labour Group (Russia),population,,Russia
                Unidentified Armed Group (Russia),population,,Russia

                """, "\(form)")
        }
        #expect(Self.query(session, output, "parties where kind = population and country = Ukraine | select name") == "name\nCivilians (Ukraine)\n")
        #expect(Self.query(session, output, "members of Russia | select name, role, depth") == """
            name,role,depth
            Military Forces of Russia (2000-),military,1
            Police Forces of Russia (2000-),police,1
            Military Forces of Russia (2000-) Air Force,unit,2

            """)
        #expect(Self.query(session, output, "incidents involving \"Protesters (Russia)\" | select name") == "name\nRUS10\nRUS11\n")
    }

    @Test(arguments: [
        ("Civilians (International)", "population", ""),
        ("Refugees/IDPs (Poland)", "population", "Poland"),
        ("Unidentified Military Forces (Belarus)", "population", "Belarus"),
        ("Fulani Ethnic Group (Russia)", "population", "Russia"),
        // The parentheses name a faction, not a country the graph knows.
        ("Nyatura Militia Group (Jean-Marie)", "group", ""),
        ("Islamic State (Sahel)", "group", ""),
    ])
    func aPopulationsCountryIsThePlaceItNames(actor: String, kind: String, country: String) throws {
        let row = "UKR20,2022-03-06,2022,1,Political violence,Violence against civilians,Attack,Unidentified Armed Group (Russia),,,\(actor),,,,,,Europe,Ukraine,Kharkiv,Kharkiv,,Kharkiv,49.9935,36.2304,1,Ukrinform,National,An attack.,0,,1650000020"
        let (session, output, _) = try Self.imported(extraRows: [row])
        #expect(Self.query(session, output, "parties where name = \"\(actor)\" | select kind, member_of, country") == "kind,member_of,country\n\(kind),,\(country)\n")
        #expect(Self.query(session, output, "parties where kind = state | select name") == "name\nRussia\nUkraine\n")
    }

    @Test func unitsBelongToTheirForceEvenWhenTheyComeFirst() throws {
        let (session, output, _) = try Self.imported()
        #expect(Self.query(session, output, "incidents involving \"Military Forces of Russia (2000-)\" | select name") == "name\nUKR10\nUKR11\n")
        #expect(Self.query(session, output, "members of \"Military Forces of Ukraine (2019-)\" | select name, role")
            == "name,role\nMilitary Forces of Ukraine (2019-) Territorial Defense Forces,unit\n")
        #expect(Self.query(session, output, "incidents involving \"Military Forces of Ukraine (2019-)\" as associate | select name") == "name\nUKR11\n")
    }

    @Test func aForceOfAnEraBelongsToTheForceWithoutTheEra() throws {
        // Ukraine's forces of two eras stay two parties; the sample has no undated one for them.
        let row = "UKR21,2022-03-07,2022,1,Political violence,Battles,Armed clash,Military Forces of Ukraine (2014-2019),,,Military Forces of Russia (2000-) Navy,,,,,,Europe,Ukraine,Kharkiv,Kharkiv,,Kharkiv,49.9935,36.2304,1,Ukrinform,National,A clash.,0,,1650000021"
        let (session, output, _) = try Self.imported(sample: true, extraRows: [row])
        #expect(Self.query(session, output, "members of \"Military Forces of Russia\" | select name, role, depth") == """
            name,role,depth
            Military Forces of Russia (2000-),era,1
            Military Forces of Russia (2000-) Air Force,unit,2
            Military Forces of Russia (2000-) Navy,unit,2

            """)
        #expect(Self.query(session, output, "parties where name contains \"Military Forces of Ukraine (20\" | select name, member_of, role") == """
            name,member_of,role
            Military Forces of Ukraine (2019-),Ukraine,military
            Military Forces of Ukraine (2019-) Territorial Defense Forces,Military Forces of Ukraine (2019-),unit
            Military Forces of Ukraine (2014-2019),Ukraine,military

            """)
        #expect(Self.query(session, output, "incidents involving \"Military Forces of Russia\" during 2022 | count") == "count\n3\n")
    }

    @Test func associatesKeepTheirSide() throws {
        let (session, output, _) = try Self.imported()
        #expect(Self.query(session, output, "incidents | select name, actor_associates, target_associates, associates") == """
            name,actor_associates,target_associates,associates
            UKR10,,Government of Ukraine (2019-),Government of Ukraine (2019-)
            UKR11,Wagner Group,Government of Ukraine (2019-); Military Forces of Ukraine (2019-) Territorial Defense Forces,Wagner Group; Government of Ukraine (2019-); Military Forces of Ukraine (2019-) Territorial Defense Forces
            RUS10,Labour Group (Russia),,Labour Group (Russia)
            RUS11,,,
            UKR12,,,

            """)
        #expect(Self.query(session, output, "incidents involving \"Military Forces of Russia (2000-)\" as actor | group by actor_associates | count")
            == "actor_associates,count\nWagner Group,1\n,1\n")
        #expect(Self.query(session, output, "incidents where target_associates = \"Government of Ukraine (2019-)\" | select name") == "name\nUKR10\nUKR11\n")
        #expect(Self.query(session, output, "incidents where actor_associates is unknown | count") == "count\n3\n")
    }

    @Test func associatesBySideAreAddedChangedAndDumped() throws {
        let (session, output, errors) = try AcledImportTests.session()
        session.run(SourceText(name: "q", text: """
            add incident talks_clash kind clash actor Russia target Ukraine actor_associate Kremlin target_associate "Government of Ukraine" associate "United States" reported by "news report"
            change incident talks_clash target_associate Zelensky
            """))
        #expect(errors.text.contains("error") == false, "\(errors.text)")
        #expect(Self.query(session, output, "incidents where name = talks_clash | select actor_associates, target_associates, associates")
            == "actor_associates,target_associates,associates\nKremlin,Volodymyr Zelenskyy,Kremlin; United States; Volodymyr Zelenskyy\n")
        let dump = try DumpTests.dump(session.graph)
        #expect(dump.contains("add incident talks_clash kind clash actor Russia target Ukraine actor_associate Kremlin associate \"United States\" target_associate \"Volodymyr Zelenskyy\" "))
        let loaded = DumpTests.load(dump)
        #expect(try DumpTests.dump(loaded.graph) == dump)
    }

    @Test func populationsAndSidesComeBackFromAStoreAndADump() throws {
        let path = try StoreTests.folder().appendingPathComponent("actors.parley").path
        do {
            let store = try StoreTests.Opened(path)
            try store.session.importAcled(Self.csv)
        }
        let memory = try Self.imported()
        let questions = [
            "parties | select name, kind, member_of, role, country",
            "incidents | select name, actor_associates, target_associates, associates",
            "members of Russia | select name, role, depth",
            "incidents involving Russia | count",
        ]
        for question in questions {
            #expect(try StoreTests.Opened(path).run(question) == Self.query(memory.0, memory.1, question), "\(question)")
        }
        let dump = try DumpTests.dump(memory.0.graph)
        #expect(dump.contains("add party \"Protesters (Russia)\" country Russia\n"))
        #expect(dump.contains("add incident RUS10 kind protest actor \"Protesters (Russia)\" actor_associate \"Labour Group (Russia)\" "))
        let loaded = DumpTests.load(dump)
        #expect(DumpTests.answers(loaded, questions) == DumpTests.answers(memory.0, questions))
    }

    // MARK: Stores imported before these rules

    static func copyOfStoreOfVersion1() throws -> String {
        let path = try StoreTests.folder().appendingPathComponent("v1.parley").path
        try FileManager.default.copyItem(atPath: storeOfVersion1, toPath: path)
        return path
    }

    @Test func aStoreOfTheEarlierLayoutOpensWithSidesUnknown() throws {
        let path = try Self.copyOfStoreOfVersion1()
        let store = try StoreTests.Opened(path)
        #expect(store.run("incidents | count") == "count\n5\n")
        #expect(store.run("incidents where name = UKR11 | select associates, actor_associates, target_associates")
            == "associates,actor_associates,target_associates\nWagner Group; Government of Ukraine (2019-); Military Forces of Ukraine (2019-) Territorial Defense Forces,,\n")
        #expect(store.run("parties where name = \"Protesters (Russia)\" | select kind, member_of, country") == "kind,member_of,country\ngroup,Russia,\n")
    }

    @Test func checkFindsNothingMissingInAStoreOfTheEarlierLayout() throws {
        // Version 1 has no column of associates' sides: `.check` must not call it missing.
        let path = try Self.copyOfStoreOfVersion1()
        #expect(try Store.check(path) == [])
        let store = try StoreTests.Opened(path)
        #expect(store.run(".check") == "ok\n")
    }

    @Test func reimportingTheFileBringsAStoreOfTheEarlierLayoutToTheseRules() throws {
        let path = try Self.copyOfStoreOfVersion1()
        do {
            let store = try StoreTests.Opened(path)
            #expect(store.run(".import acled \(Self.csv)") == "imported 5 incidents from \(Self.csv): 0 added, 0 updated, 5 unchanged (0 new parties, 0 new places)\n")
        }
        let reopened = try StoreTests.Opened(path)
        #expect(reopened.run("incidents involving Russia | select name") == "name\nUKR10\nUKR11\nRUS11\n")
        #expect(reopened.run("parties where kind = population and country = Russia | select name, member_of")
            == "name,member_of\nProtesters (Russia),\nLabour Group (Russia),\nUnidentified Armed Group (Russia),\n")
        #expect(reopened.run("members of \"Military Forces of Russia (2000-)\" | select name, role") == "name,role\nMilitary Forces of Russia (2000-) Air Force,unit\n")
        #expect(reopened.run("incidents | select name, actor_associates, target_associates") == """
            name,actor_associates,target_associates
            UKR10,,Government of Ukraine (2019-)
            UKR11,Wagner Group,Government of Ukraine (2019-); Military Forces of Ukraine (2019-) Territorial Defense Forces
            RUS10,Labour Group (Russia),
            RUS11,,
            UKR12,,

            """)
        // It now answers as a store made by this Parley does (its parties in another order: the earlier
        // rules made Ukraine's state for "Civilians (Ukraine)").
        let fresh = try StoreTests.folder().appendingPathComponent("fresh.parley").path
        do { try StoreTests.Opened(fresh).session.importAcled(Self.csv) }
        for question in ["parties | sort by name | select name, kind, member_of, role, country", "incidents | select name, associates, actor_associates, target_associates"] {
            #expect(reopened.run(question) == (try StoreTests.Opened(fresh)).run(question), "\(question)")
        }
        let database = try SQLiteDatabase(path: path, readOnly: true, create: false)
        #expect(try database.integer("PRAGMA user_version") == Store.schemaVersion)
    }

    @Test func sidesGivenAfterAnotherWriteUpgradedTheStoreAreSaved() throws {
        let path = try Self.copyOfStoreOfVersion1()
        do {
            // Opening upgraded the store to version 2, every side unknown; the import then changes rows it has.
            let store = try StoreTests.Opened(path)
            #expect(store.run("add party Observer kind person") == "")
        }
        do {
            let store = try StoreTests.Opened(path)
            #expect(store.run("incidents where name = UKR10 | select target_associates") == "target_associates\n\n")
            try store.session.importAcled(Self.csv)
        }
        #expect(try StoreTests.Opened(path).run("incidents where name in (UKR10, RUS10) | select name, actor_associates, target_associates")
            == "name,actor_associates,target_associates\nUKR10,,Government of Ukraine (2019-)\nRUS10,Labour Group (Russia),\n")
    }

    @Test func aPartyAStatementChangedIsLeftAsItIsByAnotherImport() throws {
        let path = try Self.copyOfStoreOfVersion1()
        do {
            let store = try StoreTests.Opened(path)
            _ = store.run("change party \"Protesters (Russia)\" member of Russia as \"protest movement\"")
            try store.session.importAcled(Self.csv)
        }
        let reopened = try StoreTests.Opened(path)
        #expect(reopened.run("parties where name in (\"Protesters (Russia)\", \"Rioters (Russia)\", \"Unidentified Armed Group (Russia)\") | select name, kind, member_of, role, country")
            == "name,kind,member_of,role,country\nProtesters (Russia),group,Russia,protest movement,\nUnidentified Armed Group (Russia),population,,,Russia\n")
    }
}
