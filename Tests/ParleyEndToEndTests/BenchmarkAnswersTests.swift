import Foundation
import Testing

/// The benchmark questions give DuckDB's answers: each `Benchmarks/questions/Bn-….parley`, run by the
/// real binary on the committed 10,000-row ACLED file (`Benchmarks/data/acled-10k.csv`), prints the
/// rows DuckDB printed for the same question in SQL (`Benchmarks/data/answers-10k/Bn.csv`, made by
/// `Benchmarks/run --make-ci-answers`). This is what CI checks without DuckDB; `Benchmarks/run` checks
/// the same at 100k–1M rows.
///
/// Compared: the rows after the header line, in order. Not compared: the header's names (Parley says
/// `opponent` where the SQL says `other`, `date`/`deaths` for `event_date`/`fatalities`), CSV quoting
/// (DuckDB quotes some fields Parley need not), and number spelling (`12` and `12.0` are equal).
@Suite struct BenchmarkAnswersTests {
    static let questions = [
        "B1-deaths-ukraine-2024", "B2-deaths-by-admin1", "B3-monthly-involving", "B4-partners",
        "B5-same-day-strike-and-clash", "B6-timeline-of-region", "B7-notes-mention",
    ]

    /// `Benchmarks/`, found from this file: Tests/ParleyEndToEndTests/ → Tests/ → the repository.
    static let benchmarks = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Benchmarks")

    @Test(arguments: questions)
    func parleyGivesDuckDBsAnswer(question: String) throws {
        let data = Self.benchmarks.appendingPathComponent("data/acled-10k.csv")
        let statement = Self.benchmarks.appendingPathComponent("questions/\(question).parley")
        let answer = Self.benchmarks.appendingPathComponent("data/answers-10k/\(question.prefix(2)).csv")
        let expected = CSVRecords.parse(try String(contentsOf: answer, encoding: .utf8))

        let result = try ParleyBinary.run(["--acled", data.path, "--format", "csv", "-f", statement.path])
        try #require(result.status == 0, "parley exited with \(result.status):\n\(result.errors)")
        let actual = CSVRecords.parse(result.output)

        try #require(!actual.isEmpty, "parley printed no header line")
        #expect(actual[0].count == expected[0].count, "header \(actual[0]) against DuckDB's \(expected[0])")
        #expect(CSVRecords.normalized(actual.dropFirst()) == CSVRecords.normalized(expected.dropFirst()))
    }

    @Test(arguments: questions)
    func eachQuestionFileOpensWithItsQuestion(question: String) throws {
        let statement = Self.benchmarks.appendingPathComponent("questions/\(question).parley")
        let text = try String(contentsOf: statement, encoding: .utf8)
        #expect(text.hasPrefix("-- \(question.prefix(2)): "))
    }

    @Test func theComparisonIgnoresQuotingAndNumberSpellingOnly() {
        let duckdb = CSVRecords.parse("other,shared\n\"Protesters (Türkiye)\",159\nWagner Group,12.0\n")
        let parley = CSVRecords.parse("opponent,shared\nProtesters (Türkiye),159\nWagner Group,12\n")
        #expect(CSVRecords.normalized(parley.dropFirst()) == CSVRecords.normalized(duckdb.dropFirst()))
        let otherCount = CSVRecords.parse("opponent,shared\nProtesters (Türkiye),159\nWagner Group,13\n")
        #expect(CSVRecords.normalized(otherCount.dropFirst()) != CSVRecords.normalized(duckdb.dropFirst()))
        let dates = CSVRecords.parse("d\n2024-03-05\n")
        #expect(CSVRecords.normalized(dates.dropFirst()) == [["2024-03-05"]])
        #expect(CSVRecords.parse("a,\"b \"\"c\"\", d\"\n") == [["a", "b \"c\", d"]])
    }
}

/// RFC 4180 CSV, enough to read DuckDB's and Parley's output: commas, quoted fields with `""` and
/// line breaks, `\n` or `\r\n` line ends.
enum CSVRecords {
    static func parse(_ text: String) -> [[String]] {
        let scalars = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" && index + 1 < scalars.count && scalars[index + 1] == "\"" {
                    field.append("\"")
                    index += 1
                } else if scalar == "\"" {
                    quoted = false
                } else {
                    field.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                record.append(String(field))
                field = String.UnicodeScalarView()
            } else if scalar == "\n" {
                record.append(String(field))
                records.append(record)
                record = []
                field = String.UnicodeScalarView()
            } else if scalar != "\r" {
                field.append(scalar)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(String(field))
            records.append(record)
        }
        return records
    }

    /// Each field as text, but a number spelled the same way whatever its source wrote (`12.0` → `12.0`,
    /// `12` → `12.0`). Dates and names are not numbers and stay as they are.
    static func normalized(_ records: ArraySlice<[String]>) -> [[String]] {
        records.map { record in
            record.map { field in
                guard field.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/) != nil,
                      let number = Double(field) else { return field }
                return "\(number)"
            }
        }
    }
}
