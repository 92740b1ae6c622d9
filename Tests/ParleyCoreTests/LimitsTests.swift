import Foundation
import Testing
@testable import ParleySession
@testable import ParleySupport

/// Bad input of every kind gets a clear, located error — never a crash, a hang or a lost graph.
@Suite struct LimitsTests {
    func run(_ text: String) throws -> (output: String, errors: String, outcome: Session.Outcome) {
        let output = StringSink()
        let errors = StringSink()
        let session = Session(output: output, errors: errors)
        try session.loadSample()
        let outcome = session.run(SourceText(name: "input", text: text))
        return (output.text, errors.text, outcome)
    }

    @Test func twoHundredThousandOpenParenthesesAreAnErrorNotAStackOverflow() throws {
        let text = "incidents where " + String(repeating: "(", count: 200_000) + "deaths > 0"
        let (_, errors, outcome) = try run(text)
        #expect(errors.hasPrefix("input:1:272: error: statement is nested more than 256 levels deep\n"))
        guard case let .failed(error) = outcome else { Issue.record("expected a failure"); return }
        #expect(error.kind == .limit)
    }

    @Test func deeplyNestedNotIsAnError() throws {
        let text = "incidents where " + String(repeating: "not ", count: 100_000) + "deaths > 0"
        let (_, errors, _) = try run(text)
        #expect(errors.contains("error: statement is nested more than 256 levels deep"))
    }

    @Test func nestingWithinTheLimitWorks() throws {
        let text = "incidents where " + String(repeating: "(", count: 100) + "deaths > 0" + String(repeating: ")", count: 100) + " | count"
        let (output, errors, _) = try run(text)
        #expect(errors == "")
        #expect(output.contains("│     1 │"))
    }

    @Test func aStatementLongerThanSixteenMebibytesIsAnError() throws {
        let text = "incidents where notes = \"" + String(repeating: "a", count: 17 << 20) + "\" | count"
        let (_, errors, outcome) = try run(text)
        #expect(errors.hasPrefix("input:1:1: error: statement is longer than 16 MiB\n"))
        guard case let .failed(error) = outcome else { Issue.record("expected a failure"); return }
        #expect(error.kind == .limit)
    }

    @Test func aHugeWordIsRefusedWithoutSuggestions() throws {
        let text = String(repeating: "x", count: 1 << 20)
        let (_, errors, _) = try run(text)
        #expect(errors.hasPrefix("input:1:1: error: unknown kind `"))
        #expect(errors.count < 2_000, "the error should not echo a megabyte")
    }

    @Test(arguments: [
        ([0x70, 0x61, 0x72, 0x74, 0x69, 0x65, 0x73, 0x20, 0xFF] as [UInt8], "invalid UTF-8 at byte 8 (line 1): byte 0xFF"),
        ([0x0A, 0x0A, 0xC3, 0x28], "invalid UTF-8 at byte 2 (line 3): byte 0xC3"),
        ([0xED, 0xA0, 0x80], "invalid UTF-8 at byte 0 (line 1): byte 0xED"),
        ([0xC0, 0xAF], "invalid UTF-8 at byte 0 (line 1): byte 0xC0"),
        ([0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0xF0, 0x9F, 0x98], "invalid UTF-8 at byte 9 (line 1): byte 0xF0"),
    ])
    func invalidUTF8IsRefusedWithItsByteOffset(bytes: [UInt8], message: String) throws {
        let output = StringSink()
        let errors = StringSink()
        let session = Session(output: output, errors: errors)
        let outcome = session.run(SourceText(name: "input", bytes: bytes))
        #expect(errors.text.hasPrefix("error: \(message)\n"))
        #expect(outcome != .finished)
    }

    @Test func validUTF8PassesTheCheck() {
        let text = "Запоріжжя 東京 🇺🇦 café — \u{10FFFF}"
        #expect(UTF8Check.firstInvalidOffset(Array(text.utf8)) == nil)
    }

    @Test func anUnterminatedStringPointsAtItsOpeningQuote() throws {
        let (_, errors, _) = try run("parties\nparties where name = 'Kremlin")
        #expect(errors == """
        input:2:22: error: unterminated string
          parties where name = 'Kremlin
                               ^
        hint: close it with '

        """)
    }

    @Test func anErrorInTheMiddleOfAScriptKeepsWhatCameBefore() throws {
        let output = StringSink()
        let errors = StringSink()
        let session = Session(output: output, errors: errors)
        try session.loadSample()
        session.run(SourceText(name: "s", text: "add party Tester kind person\nadd party Broken kind nonsense\nparties | count"))
        #expect(errors.text.hasPrefix("s:2:23: error: `nonsense` is not a kind of party\n"))
        #expect(output.text == "", "the script stops at the first error")
        session.run(SourceText(name: "s", text: "parties where name = Tester | select name, kind"))
        #expect(output.text.contains("│ Tester │ person │"))
        #expect(session.graph.parties(named: "Broken").isEmpty)
    }

    @Test func pairStopsBeforeItsResultExplodes() throws {
        var script = ""
        for index in 0..<2_300 { script += "add incident i\(index) kind strike place Moscow date 2024-01-01\n" }
        let (_, errors, outcome) = try run(script + "incidents | pair with (incidents) on place, day | count")
        #expect(errors.contains("error: `pair` would produce more than 5,000,000 rows"))
        guard case let .failed(error) = outcome else { Issue.record("expected a failure"); return }
        #expect(error.kind == .limit)
    }

    @Test func aSessionWithoutFileAccessRefusesEveryDotCommandThatOpensAFile() throws {
        let path = "/tmp/parley-no-file-access-\(getpid()).txt"
        for command in [".output \(path)", ".once \(path)", ".read \(path)", ".import acled \(path)"] {
            let output = StringSink()
            let errors = StringSink()
            let session = Session(output: output, errors: errors)
            session.settings.allowsFileAccess = false
            let outcome = session.run(SourceText(name: "input", text: ".mode csv\n\(command)\nparties | count"))
            let name = command.split(separator: " ")[0]
            #expect(errors.text == """
            input:2:1: error: `\(name)` is turned off: this session does not open files
              \(command)
              ^\(String(repeating: "~", count: name.count - 1))

            """)
            #expect(outcome != .finished)
            #expect(access(path, F_OK) != 0, "\(command) created the file")
        }
    }

    @Test func aScriptThatReadsItselfStops() throws {
        let path = "/tmp/parley-self-read-\(getpid()).parley"
        let file = try FileSink(path: path)
        file.write(".read \(path)\n")
        let (_, errors, _) = try run(".read \(path)")
        #expect(errors.contains("error: `.read` nested more than 32 deep (does a script read itself?)"))
    }
}
