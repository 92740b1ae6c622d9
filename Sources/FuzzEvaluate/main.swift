import FuzzDriver
import ParleyGraph
import ParleySession
import ParleyShell
import ParleySupport

/// Any bytes as a script on the built-in sample — statements, dot commands, errors and all — each
/// input on its own copy of the graph, with the dot commands that open files turned off; then tab
/// completion at the end and in the middle of the same text. A crash or a hang is a finding.
func evaluateInput(_ bytes: [UInt8]) {
    let session = Session(graph: Sample.graph, output: DiscardingSink.shared, errors: DiscardingSink.shared)
    session.settings.allowsFileAccess = false
    session.run(SourceText(name: "input", bytes: bytes))

    let text = String(decoding: bytes, as: UTF8.self)
    let completion = CompletionEngine(graph: Sample.graph)
    _ = completion.complete(line: text, cursor: text.utf8.count)
    _ = completion.complete(line: text, cursor: text.utf8.count / 2)
}

/// The sample graph, loaded once, with what the article lacks so that every kind of filter has
/// something to find: dated incidents and meetings (a day, an ISO week, a month, a year) and a few
/// imported ACLED rows, which the evaluator keeps and scans differently.
enum Sample {
    static let graph: Graph = {
        let session = Session(output: DiscardingSink.shared, errors: FileSink.descriptor(2))
        do throws(ParleyError) {
            try session.loadSample()
            ScratchFile.replaceContents(with: Array(acledRows.utf8))
            try session.importAcled(ScratchFile.path)
        } catch {
            fatalError("the fuzzing sample does not load: \(error.message)")
        }
        guard session.run(SourceText(name: "dated facts", text: datedFacts)) == .finished else {
            fatalError("the fuzzing sample's dated facts do not load")
        }
        return session.graph
    }()

    static let datedFacts = """
        add place Sumy level admin1 within Ukraine reported by background
        add incident s1 kind shelling actor Russia target Ukraine place Sumy date 2024-02-26 deaths 1 injuries 4 reported by "news report"
        add incident s2 kind clash actor Ukraine target Russia place Sumy date 2024-W10 deaths unknown reported by Reuters
        add incident s3 kind strike actor "Military Forces of Russia" place Crimea date 2024-03 deaths 0 same day as moscow_invitation reported by "news report"
        add meeting m1 kind talks status held participant Russia, Ukraine mediator "United States" place "Abu Dhabi" date 2025 reported by Reuters
        add claim c1 text "talks will continue" about m1 date 2025-01-15 said by Peskov reported by "news report"
        """

    static let acledRows = """
        event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
        UKR1,2024-03-05,2024,1,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),,8,Civilians (Ukraine),,7,87,Civilian targeting,804,Europe,Ukraine,Zaporizhia,Zaporizkyi,,Zaporizhzhia,47.8388,35.1396,1,Ukrinform; Suspilne Media,National,"A drone hit a building, ""officials"" said; ceasefire talk.",3,,1710000000
        UKR2,2024-03-05,2024,2,Political violence,Battles,Armed clash,Military Forces of Ukraine (2019-),,8,Military Forces of Russia (2000-),Wagner Group; Military Forces of Belarus (1994-),8,88,,804,Europe,Ukraine,Zaporizhia,Zaporizkyi,,Zaporizhzhia,47.8388,35.1396,1,Ministry of Defence of Ukraine,National,Clashes near the city.,,,1710000001
        UKR3,2024-04-11,2024,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia (2000-),,8,,,,80,,804,Europe,Ukraine,Kharkiv,Kharkivskyi,,Kharkiv,49.9935,36.2304,2,Reuters,International,Shelling of Kharkiv.,0,,1710000002
        RUS1,2024-04-12,2024,1,Demonstrations,Protests,Peaceful protest,Protesters (Russia),,6,,,,60,,643,Europe,Russia,Moscow,Moscow,,Москва,55.7558,37.6173,1,Meduza,New media,Protest in Moscow.,0,crowd size=dozens,1710000003

        """
}

_ = Sample.graph
FuzzDriver.run { data, count in
    evaluateInput(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
