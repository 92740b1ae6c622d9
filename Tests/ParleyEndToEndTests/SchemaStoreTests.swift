import Foundation
import ParleyGraph
import ParleySchema
import Testing

/// Every field the schema defines, of every kind, read by a `parley` process from a reopened store,
/// must answer as the same import in memory does. Each field is read by a process of its own, so a
/// field whose columns the store does not load is a failure naming the field, not a crash of the tests.
@Suite struct SchemaStoreTests {
    static let rows = [
        "UKR1,2024-03-01,2024,1,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),Wagner Group,8,Military Forces of Ukraine (2019-),,1,18,,804,Europe,Ukraine,Kharkiv,Kharkivskyi,,Kharkiv,49.99,36.23,1,Reuters,International,Clash near Kharkiv.,3,,1700000001",
        "UKR2,2024-03-02,2024,2,Demonstrations,Protests,Peaceful protest,Protesters (Ukraine),,6,,,0,60,,804,Europe,Ukraine,Kyiv City,Kyiv,,Kyiv,50.45,30.52,1,Suspilne,National,Protest in Kyiv.,0,crowd size=no report,1700000002",
        "RUS1,2024-03-03,2024,3,Political violence,Violence against civilians,Attack,Unidentified Armed Group (Russia),,Rebel group,Civilians (Russia),,7,37,Civilian targeting,643,Europe,Russia,Belgorod,Belgorod,,Belgorod,50.6,36.6,2,TASS; Meduza,National,Attack in Belgorod.,,,1700000003",
    ]

    struct Fixture {
        let csv: String
        let store: String
    }

    /// One CSV and one store made from it, shared by every case.
    static let fixture: Fixture = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-schema-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let csv = folder.appendingPathComponent("events.csv").path
        try! (([StoreProcessTests.header] + rows).joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let store = folder.appendingPathComponent("events.parley").path
        let made = try! ParleyBinary.run([store, "--acled", csv, "-e", "incidents | count"])
        precondition(made.status == 0, made.errors)
        return Fixture(csv: csv, store: store)
    }()

    static let fields: [String] = NodeKind.allCases.flatMap { kind in Schema.fields(of: kind).map { "\(kind.rawValue).\($0.name)" } }

    @Test(arguments: fields)
    func everyFieldReadsTheSameFromAReopenedStore(_ qualified: String) throws {
        let kind = String(qualified.prefix { $0 != "." })
        let field = String(qualified.dropFirst(kind.count + 1))
        let queries = ["\(kind) | select \(field)", "\(kind) | where \(field) is unknown | count"]
        for query in queries {
            let memory = try ParleyBinary.run(["--acled", Self.fixture.csv, "--format", "csv", "-e", query])
            let stored = try ParleyBinary.run(["--readonly", Self.fixture.store, "--format", "csv", "-e", query])
            #expect(memory.status == 0, "\(query): \(memory.errors)")
            #expect(stored.status == 0, "\(query) from the store: status \(stored.status)\n\(stored.errors)")
            #expect(stored.output == memory.output, "\(query)")
            #expect(!memory.output.isEmpty)
        }
    }
}
