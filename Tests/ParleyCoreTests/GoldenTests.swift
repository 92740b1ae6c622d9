import Foundation
import Testing
@testable import ParleyGraph
@testable import ParleySession
@testable import ParleySupport

/// Golden tests as plain files (jq's `tests/jq.test`, DuckDB's sqllogictest): in `Golden/*.test`, each
/// case is a statement (one or more lines, dot commands allowed), a line `----`, then the exact output —
/// results and any notes or errors — up to the next line `====` or the end of the file. Lines starting
/// with `#` before a statement are comments. Each file runs in order on a fresh session over the sample.
/// Run with PARLEY_BLESS=1 to rewrite the expected outputs from what Parley prints (then read the diff).
struct GoldenCase: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var comments: [String]
    var statement: String
    var expected: String

    var testDescription: String { "\(file):\(line) \(statement.split(separator: "\n").first ?? "")" }
}

enum GoldenFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".test") }.sorted()
    }

    static func cases(in name: String) throws -> [GoldenCase] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        var cases: [GoldenCase] = []
        var comments: [String] = []
        var statement: [String] = []
        var expected: [String] = []
        var inExpected = false
        var startLine = 0
        func finish() {
            if !statement.isEmpty || !expected.isEmpty {
                cases.append(GoldenCase(file: name, line: startLine, comments: comments, statement: statement.joined(separator: "\n"),
                                        expected: expected.isEmpty ? "" : expected.joined(separator: "\n") + "\n"))
            }
            comments = []
            statement = []
            expected = []
            inExpected = false
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            if inExpected {
                if line == "====" { finish() } else { expected.append(line) }
            } else if line == "----" {
                inExpected = true
            } else if statement.isEmpty && line.hasPrefix("#") {
                comments.append(line)
            } else if statement.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty {
                continue
            } else {
                if statement.isEmpty { startLine = index + 1 }
                statement.append(line)
            }
        }
        // A trailing newline at the end of the file is not part of the last output.
        while expected.last == "" { expected.removeLast() }
        finish()
        return cases
    }

    /// Runs a case's statement on the session and returns what a user would see: stdout, then stderr.
    static func run(_ statement: String, on session: Session, output: StringSink, errors: StringSink) -> String {
        let outputBefore = output.text.count
        let errorsBefore = errors.text.count
        session.run(SourceText(name: "query", text: statement))
        return String(output.text.dropFirst(outputBefore)) + String(errors.text.dropFirst(errorsBefore))
    }
}

@Suite struct GoldenTests {
    @Test(arguments: GoldenFiles.names)
    func goldenFile(_ name: String) throws {
        let cases = try GoldenFiles.cases(in: name)
        #expect(!cases.isEmpty, "\(name) holds no cases")
        let output = StringSink()
        let errors = StringSink()
        let session = Session(output: output, errors: errors)
        // `add` notes dates after today: the files run on a fixed day, not the machine's.
        session.today = { CalendarDate(year: 2025, month: 6, day: 1).firstDay }
        try session.loadSample()
        var blessed: [String] = []
        for golden in cases {
            let actual = GoldenFiles.run(golden.statement, on: session, output: output, errors: errors)
            blessed.append(golden.comments.map { $0 + "\n" }.joined() + golden.statement + "\n----\n" + actual + "====")
            #expect(actual == golden.expected, "\(name):\(golden.line): \(golden.statement)")
        }
        if ProcessInfo.processInfo.environment["PARLEY_BLESS"] == "1" {
            let text = blessed.joined(separator: "\n\n") + "\n"
            try text.write(to: GoldenFiles.directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}
