import Testing
@testable import ParleyEval
@testable import ParleySchema
@testable import ParleySession
@testable import ParleyShell
@testable import ParleySupport
@testable import ParleySyntax

/// The shell's TAB, without readline: what is offered where, on the built-in sample graph.
@Suite struct CompletionTests {
    let engine: CompletionEngine

    init() throws {
        let session = Session(output: StringSink(), errors: StringSink())
        try session.loadSample()
        engine = CompletionEngine(graph: session.graph)
    }

    /// Candidates with the cursor at the end of `line`.
    func offered(_ line: String) -> [String] {
        engine.candidates(line: line, cursor: line.utf8.count)
    }

    static let dotCommands = [".help", ".tables", ".schema", ".show", ".mode", ".headers", ".nullvalue", ".width", ".maxwidth",
                              ".maxrows", ".pager", ".prompt", ".timer", ".timeout", ".read", ".restore", ".output", ".once", ".param", ".params",
                              ".import", ".explain", ".dump", ".open", ".save", ".check", ".begin", ".commit", ".rollback", ".quit", ".exit"]
    static let stages = ["select", "sort by", "limit", "count", "sum", "avg", "min", "max", "unknown", "group by",
                         "distinct", "where", "pair with"]
    static let partyFields = ["name", "kind", "aliases", "member_of", "role", "country", "depth", "source", "sources"]
    static let starts = ["parties", "places", "meetings", "incidents", "claims", "relations", "facts", "history",
                         "members of", "add", "change", "retract", "alias", "merge"]

    // MARK: The start of a line

    @Test func emptyLineOffersKindsHeadsAndDotCommands() {
        #expect(offered("") == CompletionTests.starts + CompletionTests.dotCommands)
        #expect(offered("   ") == offered(""))
        // After `;` a statement starts, but not a dot command.
        #expect(offered("parties; ") == CompletionTests.starts)
    }

    @Test func typedStartOffersKeywordsThenNames() {
        #expect(offered("me") == ["meetings", "members of", "merge", "meeting_needs_preparation"])
        #expect(offered("Kre") == ["Kremlin"])
    }

    @Test func dotCommands() {
        #expect(offered(".") == CompletionTests.dotCommands)
        #expect(offered(".re") == [".read", ".restore"])
        #expect(offered(".par") == [".param", ".params"])
        #expect(offered(".mode j") == ["json", "jsonl", "jsonlines"])
        #expect(offered(".mode b") == ["box"])
        #expect(offered(".headers o") == ["on", "off"])
        #expect(offered(".pager of") == ["off"])
        #expect(offered(".maxwidth a") == ["auto"])
        #expect(offered(".schema me") == ["meetings"])
        #expect(offered(".timer o") == ["on", "off"])
        #expect(offered(".help f") == ["filters", "fields"])
        #expect(offered(".maxrows ") == [])
        #expect(offered(".import a") == ["acled"])
    }

    @Test(arguments: [".read ", ".output ", ".once ", "  .read ../scr", ".import acled data/", ".check "])
    func filePathsAfterReadOutputOnce(line: String) {
        let completion = engine.complete(line: line, cursor: line.utf8.count)
        #expect(completion.wantsFilePath)
        #expect(completion.candidates == [])
    }

    @Test func aDotInsideAStatementIsNoCommand() {
        // The second line continues an open bracket, so `.` cannot start a dot command there.
        let completion = engine.complete(line: "incidents where (\n.re", cursor: 21)
        #expect(!completion.wantsFilePath)
        #expect(completion.candidates == [])
    }

    // MARK: Names

    @Test func partyNamesAfterMembersOf() {
        let completion = engine.complete(line: "members of Kre", cursor: 14)
        #expect(completion.wordStart == 11)
        #expect(completion.candidates == ["Kremlin"])
    }

    @Test func namesWithSpacesComeQuoted() {
        #expect(offered("meetings in Ab") == ["\"Abu Dhabi\""])
        #expect(offered("claims said by Dm") == ["\"Dmitry Peskov\""])
        #expect(offered("meetings involving U.S") == ["\"U.S.\"", "\"U.S. official\""])
    }

    @Test func anOpenQuoteStartsTheWordAndQuotesEveryName() {
        let completion = engine.complete(line: "meetings in \"Abu", cursor: 16)
        #expect(completion.wordStart == 12)
        #expect(completion.candidates == ["\"Abu Dhabi\""])
        #expect(offered("meetings in 'ab") == ["'Abu Dhabi'"])
        #expect(offered("members of \"Krem") == ["\"Kremlin\""])
        // Keywords are words, never strings.
        #expect(offered("incidents | \"s") == [])
    }

    @Test func matchingIgnoresCase() {
        #expect(offered("members of kre") == ["Kremlin"])
        #expect(offered("incidents | SE") == ["select"])
    }

    @Test func partyNamesAndAliasesAfterPartyFilters() {
        #expect(offered("meetings involving Zel") == ["Zelenskiy", "Zelensky", "Zelenskyy"])
        #expect(offered("meetings with Russia and Ukr") == ["Ukraine", "\"Ukrainian emergency services\"", "\"Ukrainian government\""])
        #expect(offered("meetings with Russia, Ukr") == offered("meetings with Russia and Ukr"))
        #expect(offered("claims said by Pes") == ["Peskov"])
        #expect(offered("meetings reported by Reu") == ["Reuters"])
        #expect(offered("claims sourced by Ush") == ["Ushakov"])
    }

    @Test func withinOffersPartiesAndPlaces() {
        #expect(offered("parties within Kre") == ["Kremlin"])
        #expect(offered("places within Dn") == ["Dnipropetrovsk", "\"Dnipropetrovsk region\"", "Dnipropetrovska"])
    }

    @Test func placeNamesAfterIn() {
        #expect(offered("incidents in Zap") == ["Zaporizhia", "Zaporizhzhia", "\"Zaporizhzhia NPP\"",
                                                "\"Zaporizhzhia nuclear power plant\"", "\"Zaporizhzhia region\"",
                                                "Zaporizhzhya", "Zaporozhye"])
        #expect(offered("incidents in admin1 Cri") == ["Crimea"])
        #expect(offered("incidents where deaths > 0 in Cri") == ["Crimea"])
    }

    @Test func placePathsOfferPlacesInsideTheStepBefore() {
        #expect(offered("incidents in Ukraine/Cr") == ["Ukraine/Crimea"])
        #expect(offered("meetings in \"United Arab Emirates\"/") == [])  // a quoted step is not looked into
        #expect(offered("meetings in UAE/") == ["UAE/\"Abu Dhabi\"", "UAE/\"UAE capital\""])
    }

    // MARK: What one TAB inserts

    @Test func quotedAndPlainCandidatesShareTheNamesBeginning() {
        #expect(CompletionInsertion.text(for: ["\"Abu Dhabi\"", "Abuja"], typed: "Abu") == "Abu")
        #expect(CompletionInsertion.text(for: ["\"Abu Dhabi\"", "Abuja"], typed: "Ab") == "Abu")
        #expect(CompletionInsertion.text(for: ["\"Abu Dhabi\"", "Abuja"], typed: "ab") == "Abu")
        #expect(CompletionInsertion.text(for: ["\"Abu Dhabi\""], typed: "Abu") == "\"Abu Dhabi\"")
    }

    @Test func aSharedSpaceOpensAQuote() {
        #expect(CompletionInsertion.text(for: ["\"Abu Dhabi\"", "\"Abu Musa\""], typed: "Abu") == "\"Abu ")
        #expect(CompletionInsertion.text(for: ["\"Abu Dhabi\"", "\"Abuja\""], typed: "\"Ab") == "\"Abu")
    }

    @Test func aPathKeepsWhatIsTypedAfterItsSlash() {
        #expect(CompletionInsertion.text(for: ["Ukraine/Kharkiv", "Ukraine/\"Kherson Oblast\""], typed: "Ukraine/Kh") == "Ukraine/Kh")
        #expect(CompletionInsertion.text(for: ["Ukraine/Kharkiv", "Ukraine/\"Kherson Oblast\""], typed: "Ukraine/K") == "Ukraine/Kh")
        // Nothing shared past what is typed: what is typed stays.
        #expect(CompletionInsertion.text(for: ["Kyiv", "kyiv_talks"], typed: "Ky") == "Kyiv")
        #expect(CompletionInsertion.text(for: ["select", "sort by", "sum"], typed: "s") == "s")
    }

    @Test func afterAnImportQuotedAndPlainPlacesMixInsideAPlace() throws {
        let session = Session(output: StringSink(), errors: StringSink())
        try session.loadSample()
        session.run(SourceText(name: "test", text: """
        add place Kharkiv level admin1 within Ukraine
        add place "Kherson Oblast" level admin1 within Ukraine
        add place Abuja level location within Ukraine

        """))
        let engine = CompletionEngine(graph: session.graph)
        #expect(engine.candidates(line: "incidents in Ukraine/Kh", cursor: 23) == ["Ukraine/Kharkiv", "Ukraine/\"Kherson Oblast\""])
        #expect(engine.candidates(line: "meetings in Abu", cursor: 15) == ["\"Abu Dhabi\"", "Abuja"])
    }

    // MARK: Values of closed fields

    @Test func valuesOfAClosedFieldAfterAComparison() {
        #expect(offered("meetings where status = ") == ["possible", "proposed", "scheduled", "held", "declined", "cancelled"])
        #expect(offered("meetings where status = pr") == ["proposed"])
        #expect(offered("meetings where status != d") == ["declined"])
        #expect(offered("meetings where kind = s") == ["summit"])
        #expect(offered("places where level = ad") == ["admin1", "admin2", "admin3"])
        #expect(offered("parties where kind = st") == ["state"])
        #expect(offered("incidents where time_precision = ") == ["day", "week", "month"])
        #expect(offered("incidents where deaths > 0 and kind = sh") == ["shelling"])
        #expect(offered("meetings | where status = he") == ["held"])
        // An open field still offers fields and names.
        #expect(offered("incidents where actor = Rus").starts(with: ["Russia", "russia_guarantees_safety"]))
    }

    @Test func eventNamesAfterTimeFilters() {
        #expect(offered("incidents same day as moscow") == ["moscow_invitation"])
        #expect(offered("meetings after abu") == ["abu_dhabi_talks"])
        #expect(offered("meetings before decl") == ["declined_invitation"])
        #expect(offered("incidents same ") == ["day"])
        #expect(offered("incidents same day ") == ["as"])
    }

    @Test func rolesAfterInvolvingAs() {
        #expect(offered("meetings involving Putin as ") == ["actor", "target", "associate", "side", "host", "guest",
                                                             "inviter", "invitee", "mediator", "participant"])
        #expect(offered("meetings involving Putin as host or in") == ["inviter", "invitee"])
    }

    @Test func afterAFilterComeFiltersAndNames() {
        #expect(offered("incidents in Ukraine wit") == ["within", "with"])
        #expect(offered("incidents rep") == ["reported by", "report"])
        #expect(offered("incidents reported ") == ["by"])
    }

    // MARK: Stages and fields

    @Test func stagesAfterPipe() {
        #expect(offered("incidents | ") == CompletionTests.stages)
        #expect(offered("incidents | s") == ["select", "sort by", "sum"])
        #expect(offered("incidents where deaths > 0 | p") == ["pair with"])
    }

    @Test func fieldsOfTheHeadKind() {
        #expect(offered("parties | select ") == CompletionTests.partyFields)
        #expect(offered("members of Kremlin | select ") == CompletionTests.partyFields)
        #expect(offered("parties | select name, k") == ["kind"])
        #expect(offered("meetings | sort by st") == ["status"])
        #expect(offered("meetings | sort st") == ["status"])
        #expect(offered("meetings | sort ") == ["by"] + Schema.fields(of: .meetings).map(\.name))
        #expect(offered("incidents | group by ye") == ["year"])
        #expect(offered("incidents | group by kind, ye") == ["year"])
        #expect(offered("incidents | distinct kind, ac") == ["actor", "actor_associates"])
        #expect(offered("incidents | select target_") == ["target_associates"])
        #expect(offered("incidents | select inter") == ["inter1", "inter2", "interaction"])
        #expect(offered("incidents where is") == ["iso"])
        #expect(offered("incidents | sum de") == ["deaths"])
        #expect(offered("incidents | count, ") == ["count", "sum", "avg", "min", "max", "unknown"])
        #expect(offered("incidents | count, max inj") == ["injuries"])
    }

    @Test func wordsAfterAField() {
        #expect(offered("incidents | sort by deaths ") == ["asc", "desc"])
        #expect(offered("incidents | group by month fi") == ["filled"])
        #expect(offered("incidents | group by country, week ") == ["filled"])
        #expect(offered("incidents | group by kind ") == [])
        #expect(offered("incidents | group by month filled ") == offered("incidents | sort by deaths desc "))
        #expect(offered("incidents | select name ") == ["as"])
        #expect(offered("incidents | select name as n") == [])
        #expect(offered("incidents | select deaths + inj") == ["injuries"])
        #expect(offered("incidents | select round(de") == ["deaths"])
        #expect(offered("incidents | select round(deaths / 2) ") == ["as"])
        #expect(offered("incidents | limit ") == [])
    }

    @Test func whereExpressions() {
        #expect(offered("incidents where de") == ["deaths"])
        #expect(offered("incidents where deaths > 0 and inj") == ["injuries"])
        #expect(offered("incidents where not inj") == ["injuries"])
        #expect(offered("incidents where (deaths > 0 or inj") == ["injuries"])
        #expect(offered("incidents where deaths ") == ["contains", "in", "is"])
        #expect(offered("incidents where deaths is ") == ["not", "unknown"])
        #expect(offered("incidents where kind in (str") == [])
        #expect(offered("incidents | where deaths > 0 ") == ["and", "or"])
        #expect(offered("incidents where deaths > 0 a") == ["and", "after", "\"Abu Dhabi\"", "abu_dhabi_talks", "article",
                                                          "\"Autonomous Republic of Crimea\""])
        #expect(offered("parties where name = \"Dm") == ["\"Dmitry Peskov\""])
        #expect(offered("incidents where place = Cri") == ["Crimea", "crimea_annexation"])
    }

    @Test func pairSubqueries() {
        #expect(offered("incidents | pair with (me") == ["meetings", "members of"])
        #expect(offered("incidents | pair with (meetings where st") == ["status"])
        #expect(offered("incidents | pair with (meetings where status in (held)) ") == ["on"])
        #expect(offered("incidents | pair with (meetings) on pla") == ["place"])
        #expect(offered("incidents | pair with (meetings) on place, y") == ["year"])
    }

    // MARK: Statements over several lines

    @Test func earlierLinesGiveTheContext() {
        // Unfinished lines, then the line being typed.
        #expect(offered("parties\n| select na") == ["name"])
        #expect(offered("meetings where (\nsta") == ["status"])
        // A finished statement before a line that does not start with `|` is another statement.
        #expect(offered("parties\nincidents | select de") == ["deaths"])
        #expect(offered("parties\nme") == ["meetings", "members of", "merge", "meeting_needs_preparation"])
        #expect(offered("parties; incidents | select de") == ["deaths"])
    }

    @Test func theCursorNeedNotBeAtTheEnd() {
        #expect(engine.candidates(line: "incidents | sel | count", cursor: 15) == ["select"])
        #expect(engine.complete(line: "incidents | sel | count", cursor: 15).wordStart == 12)
    }

    @Test func addStatements() {
        #expect(offered("add ") == ["party", "place", "meeting", "incident", "claim", "relation"])
        #expect(offered("add party Lavrov kind person member of Kr") == ["Kremlin"])
        #expect(offered("add incident i1 kind strike place Zaporizhzhia re") == [])
        #expect(offered("add incident i1 kind strike place Zaporizhzhia reported by ne") == ["\"news report\""])
        #expect(offered("add incident i1 kind clash actor_associate Kr") == ["Kremlin"])
        #expect(offered("add incident i1 kind clash target_associate Zelensky, Kr") == ["Kremlin"])
        #expect(offered("add party \"Protesters (Russia)\" kind population country Ru") == ["Russia", "\"Russian Federation\""])
        #expect(offered("add meeting m1 (kind talks place Ab") == ["\"Abu Dhabi\""])
        #expect(offered("add meeting m1 participant Russia, Ukr") == ["Ukraine", "\"Ukrainian emergency services\"",
                                                                         "\"Ukrainian government\""])
    }

    @Test func corrections() {
        #expect(offered("change ") == ["party", "place", "meeting", "incident", "claim"])
        #expect(offered("retract ") == ["party", "place", "meeting", "incident", "claim", "relation", "member"])
        #expect(offered("merge ") == ["party", "place"])
        #expect(offered("change meeting mos") == ["moscow_invitation"])
        #expect(offered("change meeting moscow_invitation reported by Reu") == ["Reuters"])
        #expect(offered("change incident zaporizhzhia_strike actor Mil") == ["\"Military Forces of Russia\""])
        #expect(offered("retract incident dni") == ["dnipropetrovsk_fires"])
        #expect(offered("retract relation Russia controls Zap") == ["Zaporizhia", "Zaporizhzhia", "\"Zaporizhzhia NPP\"",
                                                                   "\"Zaporizhzhia nuclear power plant\"", "\"Zaporizhzhia region\"",
                                                                   "zaporizhzhia_strike", "Zaporizhzhya", "Zaporozhye"])
        #expect(offered("retract member Pes") == ["Peskov"])
        #expect(offered("retract member Peskov ") == ["of"])
        #expect(offered("retract member Peskov of Kre") == ["Kremlin"])
        #expect(offered("alias party Zel") == ["Zelenskiy", "Zelensky", "Zelenskyy"])
        #expect(offered("alias party Zelensky ") == ["as"])
        #expect(offered("alias party Zelensky as Z") == [])
        #expect(offered("merge place admin1 Kyi") == ["Kyiv", "\"Kyiv City\""])
        #expect(offered("merge place Kiev ") == ["into"])
        #expect(offered("merge place Kiev into Ukraine/K") == ["Ukraine/Kiev", "Ukraine/\"Kiev City\"", "Ukraine/Kyiv", "Ukraine/\"Kyiv City\""])
        #expect(offered("merge party \"V. Zelensky\" into Zel") == ["Zelenskiy", "Zelensky", "Zelenskyy"])
    }

    @Test func history() {
        #expect(offered("hi") == ["history"])
        #expect(offered("history ") == ["of", "where"])
        #expect(offered("history of mos") == ["Moscow", "moscow_invitation", "Moskva"])
        #expect(offered("history | select ") == ["id", "at", "kind", "statement", "summary"])
        #expect(offered("history where ki") == ["kind"])
    }

    @Test func textThatDoesNotLexOffersNothing() {
        #expect(offered("incidents # wh") == [])
    }

    // MARK: Quoting

    @Test(arguments: [("Kyiv", true), ("member_of", true), ("Запоріжжя", true), ("Abu Dhabi", false), ("U.S.", false),
                      ("2024x", false), ("", false)])
    func plainWords(name: String, plain: Bool) {
        #expect(CompletionEngine.isPlainWord(name) == plain)
    }

    @Test func quotingEscapesTheQuoteAndBackslashes() {
        let quote = UInt8(ascii: "\"")
        #expect(CompletionEngine.quoted("Abu Dhabi", with: quote) == "\"Abu Dhabi\"")
        #expect(CompletionEngine.quoted("say \"no\"", with: quote) == "\"say \\\"no\\\"\"")
        #expect(CompletionEngine.quoted("a\\b", with: quote) == "\"a\\\\b\"")
        #expect(CompletionEngine.quoted("People's Front", with: UInt8(ascii: "'")) == "'People\\'s Front'")
        // What the lexer reads back is the name.
        let source = SourceText(name: "", text: CompletionEngine.quoted("say \"no\" \\ 'x'", with: quote))
        #expect(Lexer.stringValue(Token(.string, 0..<source.bytes.count), in: source) == "say \"no\" \\ 'x'")
    }
}
