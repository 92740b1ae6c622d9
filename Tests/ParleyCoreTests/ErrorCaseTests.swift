import Foundation
import Testing
@testable import ParleyEval
import ParleyGraph
@testable import ParleyImport
@testable import ParleySession
@testable import ParleyStore
@testable import ParleySupport
@testable import ParleySyntax

/// An error a test expects, written as the kind and text a user gets; it equals the real error when
/// the real one renders that text.
struct ExpectedText: Problem {
    var kind: ParleyError.Kind
    var message: String
}

extension ParleyError {
    init(_ kind: Kind, _ message: String, at span: SourceSpan? = nil, hint: String? = nil) {
        self.init(ExpectedText(kind: kind, message: message), at: span, hint: hint)
    }
}

/// Errors are cases; each renders the sentence users read, and code decides by the case, not the text.
@Suite struct ErrorCaseTests {
    @Test(arguments: [
        (SyntaxProblem.unterminatedString as any Problem, ParleyError.Kind.syntax, "unterminated string"),
        (SyntaxProblem.expected(what: "`)` (to close `(` at line 1, column 5)", found: "the end of the input"), .syntax,
         "expected `)` (to close `(` at line 1, column 5), found the end of the input"),
        (SyntaxProblem.nestedTooDeep(levels: 256), .limit, "statement is nested more than 256 levels deep"),
        (SyntaxProblem.doubleEquals, .syntax, "Parley has no `==`"),
        (SyntaxProblem.like("not like"), .syntax, "Parley has no `not like`"),
        (SyntaxProblem.selectStar, .syntax, "Parley has no `select *`"),
        (EvalProblem.unknownParty("Zelenski"), .semantic, "unknown party `Zelenski`"),
        (EvalProblem.unknownPlace("Kyiv", level: .admin2, within: "Poland"), .semantic, "no admin2 named `Kyiv` in Poland"),
        (EvalProblem.unknownPlace("Kyiv", level: nil, within: nil), .semantic, "unknown place `Kyiv`"),
        (EvalProblem.noPlaceInPath("Kyiv", within: "Europe/Poland"), .semantic, "no place `Kyiv` within `Europe/Poland`"),
        (EvalProblem.countryTakesCountry(place: "Kyiv Oblast", level: .admin1), .semantic,
         "`country` takes a country; `Kyiv Oblast` is an admin1"),
        (EvalProblem.stillReferredTo(kind: .parties, name: "Kremlin", count: 1, shown: "`Peskov` member_of"), .semantic,
         "party `Kremlin` is still referred to by 1 fact: `Peskov` member_of"),
        (EvalProblem.tooManyPairs(limit: "10,000,000"), .limit, "`pair` would produce more than 10,000,000 rows"),
        (EvalProblem.tooManyFilledRows(limit: "1,000,000"), .limit, "`filled` would produce more than 1,000,000 rows"),
        (EvalProblem.notATimeBucket("kind"), .semantic, "`filled` fills the buckets of a date (day, week, month, year); `kind` is not one"),
        (ImportProblem.missingColumns(["event_date", "actor1"]), .data, "not an ACLED file: no column `event_date`, `actor1`"),
        (ImportProblem.isADirectory(path: "/tmp"), .io, "cannot read `/tmp`: it is a directory"),
        (ImportProblem.wrongGDELTFieldCount(expected: 61, found: 60, layout: "GDELT 2.0 events"), .data,
         "expected 61 tab-separated fields (GDELT 2.0 events), found 60"),
        (ImportProblem.notAGDELTDate("20250230", column: "SQLDATE", format: "YYYYMMDD"), .data,
         "`20250230` is not a date (SQLDATE: expected YYYYMMDD)"),
        (ImportProblem.damagedZipEntry(path: "a.zip", entry: "a.export.CSV", reason: "its deflate data ends early"), .data,
         "`a.export.CSV` in the zip `a.zip` is damaged: its deflate data ends early"),
        (StoreProblem.damaged(path: "a.parley", damage: "chunk 0 is missing", writing: true), .data,
         "the store `a.parley` is damaged: chunk 0 is missing; nothing was changed"),
        (StoreProblem.notARegularFile(path: "/dev/null", what: "a character device"), .io,
         "cannot open the store `/dev/null`: it is not a regular file (it is a character device)"),
        (SessionProblem.usage(".save FILE"), .syntax, "usage: .save FILE"),
        (SessionProblem.otherShellsCommand("\\q"), .syntax, "`\\q` is not a statement"),
        (SessionProblem.storeDamaged(path: "a.parley", problems: 2), .data, "the store `a.parley` is damaged (2 problems)"),
        (UsageProblem.unknownOption("--jsn", suggestion: "--json"), .usage, "unknown option `--jsn` (did you mean `--json`?)"),
        (UsageProblem.unknownOption("--zzz", suggestion: nil), .usage, "unknown option `--zzz`"),
        (SupportProblem.timedOut(limit: "200 ms"), .limit, "stopped after the 200 ms `.timeout`"),
        (SupportProblem.interrupted, .interrupted, "interrupted"),
    ] as [(any Problem, ParleyError.Kind, String)])
    func aCaseRendersTheMessageUsersRead(problem: any Problem, kind: ParleyError.Kind, message: String) {
        #expect(problem.kind == kind)
        #expect(problem.message == message)
        #expect(DiagnosticRenderer.render(ParleyError(problem, hint: "h")) == "error: \(message)\nhint: h\n")
    }

    @Test func anOpenStringIsTheUnterminatedStringCaseAndAsksForMoreInput() {
        var lexer = Lexer(SourceText(name: "input", text: "parties named \"Kyiv"))
        var problem: SyntaxProblem?
        do {
            while try lexer.next().kind != .endOfInput {}
        } catch {
            problem = error.problem as? SyntaxProblem
        }
        #expect(problem == .unterminatedString)
        #expect(Lexer.needsMoreInput("parties named \"Kyiv"))
        #expect(Lexer.needsMoreInput("parties named 'Kyiv"))
    }

    @Test func anotherLexingErrorAsksForNoMoreInput() {
        var lexer = Lexer(SourceText(name: "input", text: "parties ` named"))
        var problem: SyntaxProblem?
        do {
            while try lexer.next().kind != .endOfInput {}
        } catch {
            problem = error.problem as? SyntaxProblem
        }
        #expect(problem == .unexpectedCharacter("`"))
        #expect(!Lexer.needsMoreInput("parties ` named"))
    }

    @Test func aStatementFailsWithTheCaseOfItsLayer() throws {
        let session = Session(output: StringSink(), errors: StringSink())
        try session.loadSample()
        let cases: [(String, (ParleyError) -> Bool)] = [
            ("incidents |", { if case .expected(_, "the end of the input")? = $0.problem as? SyntaxProblem { true } else { false } }),
            ("incidents involving Zelenski", { $0.problem as? EvalProblem == .unknownParty("Zelenski") }),
            (".mode fancy", { $0.problem as? SessionProblem == .unknownOutputMode("fancy") }),
            (".tables x", { $0.problem as? SessionProblem == .takesNoArguments(command: "tables") }),
        ]
        for (text, matches) in cases {
            guard case let .failed(error) = session.run(SourceText(name: "input", text: text)) else {
                Issue.record("`\(text)` did not fail")
                continue
            }
            #expect(matches(error), "`\(text)`: \(error.problem)")
        }
    }

    @Test func theCommandLineFailsWithUsageCases() {
        #expect(throws: ParleyError(UsageProblem.contradictoryFlags("--empty", "--sample"))) {
            try CommandLineOptions.parse(["--empty", "--sample"])
        }
        #expect(throws: ParleyError(UsageProblem.readOnlyNeedsStore)) { try CommandLineOptions.parse(["--readonly"]) }
    }

    @Test func aCopyAtAnotherSpanKeepsItsCaseAndHint() {
        let source = SourceText(name: "input", text: ".read x")
        let error = ParleyError(SupportProblem.cannotRead(path: "x", reason: "No such file or directory"), hint: "h")
        let moved = error.at(SourceSpan(source, 0..<5))
        #expect(moved.problem as? SupportProblem == .cannotRead(path: "x", reason: "No such file or directory"))
        #expect(moved.hint == "h")
        #expect(moved.span == SourceSpan(source, 0..<5))
    }

    /// The parser ends a bare name at a clause's first word, so it must know every clause any kind takes.
    @Test func everyClauseOfEveryKindEndsABareName() {
        let keys = [NodeKind.parties, .places, .meetings, .incidents, .claims].flatMap(FactWriter.clauseKeys)
            + Array(Parser.sourceKeys) + ["role"]
        let unknown = keys.map { String($0.split(separator: " ")[0]) }.filter { !Parser.clauseWords.contains($0) }
        #expect(unknown.isEmpty, "not in Parser.clauseWords: \(unknown)")
    }

    /// Code decides by the case: no source file compares or searches an error's message.
    @Test func noSourceFileMatchesOnErrorText() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let matching = try NSRegularExpression(pattern:
            #"\.message\)?\s*(==|!=|~=)|(==|!=|~=)\s*\S*\.message\b|\.message\??\.(hasPrefix|hasSuffix|contains|starts|firstRange|range|split)\b|switch\s+\S*\.message\b|case\s+"[^"]*"\s*=\s*\S*\.message\b"#)
        var scanned = 0
        var found: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            scanned += 1
            let text = try String(contentsOf: file, encoding: .utf8)
            guard text.contains(".message") else { continue }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(line)
                // ParleyError's own equality compares what users read, as it must.
                if line.contains("lhs.message == rhs.message") { continue }
                if matching.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
                    found.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(scanned > 50)
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        // The scan itself finds what it is for.
        let sample = #"return error.message == "unterminated string""#
        #expect(matching.firstMatch(in: sample, range: NSRange(sample.startIndex..., in: sample)) != nil)
    }
}
