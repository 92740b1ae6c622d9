import Foundation
import Testing
@testable import ParleySupport
@testable import ParleySyntax

/// Keeps `Grammar/parley.ebnf` true: every rule is the comment above its parse function and every
/// such comment is a rule; every example in the grammar file and the README parses; printing a
/// statement and parsing it again gives the same tree.
enum GrammarFile {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var text: String {
        (try? String(contentsOf: root.appendingPathComponent("Grammar/parley.ebnf"), encoding: .utf8)) ?? ""
    }

    /// `name = … ;` lines outside comments.
    static var rules: [String] {
        var inComment = false
        var rules: [String] = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("(*") { inComment = true }
            if !inComment, line.range(of: #"^[a-zA-Z]+ +=.*;$"#, options: .regularExpression) != nil {
                rules.append(normalized(line))
            }
            if line.contains("*)") { inComment = false }
        }
        return rules
    }

    static var examples: [String] {
        text.components(separatedBy: "\n").compactMap { line in
            guard let range = line.range(of: "example: ") else { return nil }
            return String(line[range.upperBound...])
        }
    }

    static func normalized(_ rule: String) -> String {
        rule.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Doc comments of the form `/// name = … ;` in the sources.
    static var ruleComments: [String] {
        // The parser, and the session that reads the dot commands.
        let folders = ["Sources/ParleySyntax", "Sources/ParleySession"].map { root.appendingPathComponent($0) }
        var comments: [String] = []
        let files = folders.flatMap { sources in
            (FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? [])
                .map { sources.appendingPathComponent($0) }
        }
        for file in files where file.pathExtension == "swift" {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            for line in text.components(separatedBy: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("/// ") else { continue }
                let body = String(trimmed.dropFirst(4))
                if body.range(of: #"^[a-zA-Z]+ +=.*;$"#, options: .regularExpression) != nil {
                    comments.append(normalized(body))
                }
            }
        }
        return comments
    }

    /// Every statement of a text, parsed (dot commands skipped).
    static func statements(_ text: String, name: String = "example") throws(ParleyError) -> [Statement] {
        try statements(SourceText(name: name, text: text))
    }

    static func statements(_ source: SourceText) throws(ParleyError) -> [Statement] {
        var result: [Statement] = []
        var offset = 0
        let bytes = source.bytes
        while true {
            while offset < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: ";"), UInt8(ascii: "\t")].contains(bytes[offset]) {
                offset += 1
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
                continue
            }
            if offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "-"), bytes[offset + 1] == UInt8(ascii: "-") {
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
                continue
            }
            guard offset < bytes.count else { return result }
            var parser = try Parser(source, at: offset)
            let (statement, end) = try parser.parseStatementAndEnd()
            result.append(statement)
            offset = end
        }
    }

    /// What goes wrong when `statement` is printed and parsed again, or nil when the text parses to the
    /// same tree, prints the same again and holds one line.
    static func roundTripProblem(_ statement: Statement) -> String? {
        let printed = Printer.print(statement)
        let reparsed: [Statement]
        do {
            reparsed = try statements(printed, name: "printed")
        } catch {
            return "printed text does not parse: \(printed)\n\(DiagnosticRenderer.render(error))"
        }
        if reparsed != [statement] {
            return "round trip changed the tree:\n  \(printed)\n  \(statement.body)\n  \(reparsed.map(\.body))"
        }
        if Printer.print(reparsed[0]) != printed { return "printing is not stable: \(printed)" }
        if printed.utf8.contains(UInt8(ascii: "\n")) { return "printed on more than one line: \(printed)" }
        return nil
    }

    static var allExampleStatements: [String] {
        var texts = examples
        texts += (try? ReadmeExamples.examples().map(\.statement.text)) ?? []
        for name in GoldenFiles.names {
            texts += ((try? GoldenFiles.cases(in: name)) ?? []).map(\.statement)
        }
        let sample = (try? String(contentsOf: root.appendingPathComponent("Samples/article.parley"), encoding: .utf8)) ?? ""
        texts.append(sample)
        return texts
    }
}

@Suite struct GrammarTests {
    @Test func everyGrammarRuleIsTheCommentAboveItsParseFunction() {
        let comments = Set(GrammarFile.ruleComments)
        let rules = GrammarFile.rules
        #expect(rules.count >= 30)
        for rule in rules {
            #expect(comments.contains(rule), "no parse function is commented with: \(rule)")
        }
    }

    @Test func everyRuleCommentInTheSourcesIsInTheGrammar() {
        let rules = Set(GrammarFile.rules)
        for comment in GrammarFile.ruleComments {
            #expect(rules.contains(comment), "a parse function's rule is not in Grammar/parley.ebnf: \(comment)")
        }
    }

    @Test func everyExampleInTheGrammarFileParses() throws {
        let examples = GrammarFile.examples
        #expect(examples.count >= 15)
        for example in examples {
            #expect(throws: Never.self, "\(example)") { _ = try GrammarFile.statements(example) }
            let statements = (try? GrammarFile.statements(example)) ?? []
            #expect(statements.count == 1, "\(example) should be one statement")
        }
    }

    @Test func everyReadmeExampleParses() throws {
        for (block, _) in try ReadmeExamples.examples() {
            do {
                _ = try GrammarFile.statements(block.text)
            } catch {
                // The tour shows some errors on purpose; those are semantic, never syntax.
                #expect(error.kind != .syntax, "README example does not parse: \(block.text)\n\(DiagnosticRenderer.render(error))")
            }
        }
    }

    @Test func printingAStatementAndParsingItAgainGivesTheSameTree() throws {
        var checked = 0
        for text in GrammarFile.allExampleStatements {
            guard let statements = try? GrammarFile.statements(text) else { continue }
            for statement in statements {
                if let problem = GrammarFile.roundTripProblem(statement) { Issue.record("\(text)\n\(problem)") }
                checked += 1
            }
        }
        #expect(checked >= 150)
    }

    /// Prints a tree, checks the exact text, and parses the text back to the same tree.
    func expectRoundTrip(_ body: Statement.Body, printed expected: String) {
        let statement = Statement(body: body, source: SourceText(name: "tree", text: ""), range: 0..<0)
        #expect(Printer.print(statement) == expected)
        #expect(GrammarFile.roundTripProblem(statement) == nil)
    }

    // Trees the generated round trips (RoundTripTests) once broke.

    @Test func aQuoteOrBackslashCarryingAnAccentIsEscaped() {
        let query = Query(head: .members(of: Name("\"\u{301}")), filters: [.mentioning(Name("\\\u{301}"))], stages: [])
        expectRoundTrip(.query(query), printed: #"members of "\"\#u{301}" mentioning "\\\#u{301}""#)
    }

    @Test func aLineBreakAfterACarriageReturnIsEscaped() {
        let query = Query(head: .kind(.incidents, range: 0..<0), filters: [.mentioning(Name("end\r\n"))], stages: [])
        expectRoundTrip(.query(query), printed: "incidents mentioning \"end\r\\n\"")
    }

    @Test func aParameterNameStartingWithAnAccentKeepsIt() {
        let accented = "\u{301}x"
        let query = Query(head: .members(of: Name(accented, isParameter: true)),
                          filters: [.during(DateLiteral(text: accented, range: 0..<0, isParameter: true)),
                                    .where(.parameter(Name(accented, isParameter: true)))],
                          stages: [])
        expectRoundTrip(.query(query), printed: "members of $\u{301}x during $\u{301}x where $\u{301}x")
    }

    @Test func aKeywordOpeningTheFieldsOfDistinctIsQuoted() {
        let query = Query(head: .kind(.incidents, range: 0..<0), filters: [],
                          stages: [.aggregate([Aggregate(function: .count, range: 0..<0)]),
                                   .distinct([Name("count"), Name("said"), Name("place")])])
        expectRoundTrip(.query(query), printed: #"incidents | count | distinct "count", said, place"#)
    }

    @Test func printerQuotesOnlyWhatItMust() throws {
        let statement = try GrammarFile.statements(#"meetings involving "United States" as mediator where status = 'held' | select name as "the name""#)[0]
        #expect(Printer.print(statement) == #"meetings involving "United States" as mediator where status = "held" | select name as "the name""#)
    }
}
