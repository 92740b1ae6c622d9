import Foundation
import Testing
@testable import ParleyEval
@testable import ParleyGraph
@testable import ParleySession

/// `field in (…)`: long lists answer exactly, and the hashed list agrees with comparing one option
/// at a time for every kind of value.
@Suite struct ListMatchTests {
    /// 3,000 imported incidents, UKR0…UKR2999, with deaths 0–6, days in March 2024 and two actors.
    static func session() throws -> (Session, StringSink) {
        var fields = AcledImportTests.rows2023[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var lines = [AcledImportTests.header2023]
        for row in 0..<3_000 {
            fields[0] = "UKR\(row)"
            fields[1] = "2024-03-\(String(format: "%02d", 1 + row % 28))"
            fields[7] = row % 2 == 0 ? "Military Forces of Russia (2000-)" : "Military Forces of Ukraine (2019-)"
            fields[28] = String(row % 7)
            lines.append(fields.joined(separator: ","))
        }
        let path = try AcledImportTests.write(lines.joined(separator: "\n") + "\n")
        let (session, output, _) = try AcledImportTests.session(sample: false)
        try session.importAcled(path)
        return (session, output)
    }

    @Test func aLongListOfNamesAnswersExactly() throws {
        let (session, output) = try Self.session()
        // Every third incident's name, and as many names no incident has.
        let wanted = stride(from: 0, to: 3_000, by: 3).map { "UKR\($0)" }
        var random = SplitMix(seed: 7)
        let names = (wanted + (0..<1_000).map { "MISSING\($0)" }).shuffled(using: &random)
        let list = names.joined(separator: ", ")
        #expect(AcledImportTests.query(session, output, "incidents where name in (\(list)) | count") == "count\n1000\n")
        #expect(AcledImportTests.query(session, output, "incidents where name in (\(list)) | select name")
            == "name\n" + wanted.map { $0 + "\n" }.joined())
        #expect(AcledImportTests.query(session, output, "incidents where not (name in (\(list))) | count") == "count\n2000\n")
    }

    @Test func longListsOfNumbersDatesAndPartiesAnswerExactly() throws {
        let (session, output) = try Self.session()
        let deaths = ([2, 5] + (100..<5_000)).map(String.init).joined(separator: ", ")
        #expect(AcledImportTests.query(session, output, "incidents where deaths in (\(deaths)) | count") == "count\n857\n")
        let days = ["2024-03-03", "2024-03-28", "2023-12"] + (1..<3_000).map { "20\(String(format: "%02d", $0 % 100))-01-0\(1 + $0 % 9)" }
        #expect(AcledImportTests.query(session, output, "incidents where date in (\(days.joined(separator: ", "))) | count") == "count\n215\n")
        #expect(AcledImportTests.query(session, output, "incidents where date in (2023, 2024) | count") == "count\n3000\n")
        // Each name is resolved as `involving` resolves it, once, before any row is read.
        let actors = (0..<2_000).map { $0 % 2 == 0 ? "\"Military Forces of Ukraine (2019-)\"" : "\"military forces of ukraine (2019-)\"" }
        #expect(AcledImportTests.query(session, output, "incidents where actor in (\(actors.joined(separator: ", "))) | count") == "count\n1500\n")
        // A name that names no party is an error, not a count of 0.
        #expect(AcledImportTests.query(session, output, "incidents where actor in (\"Military Forces of Ukraine (2019-)\", Nobody) | count") == "")
        // A field among the options is read per row; the rest stay hashed.
        #expect(AcledImportTests.query(session, output, "incidents where actor in (target, \"Military Forces of Russia (2000-)\") | count") == "count\n1500\n")
    }

    /// The hashed list says what comparing the value with each option in turn says, for strings,
    /// integers, doubles, booleans, dates of every precision, years, lists and unknown.
    @Test func theHashedListAgreesWithComparingEachOption() {
        var random = SplitMix(seed: 2026)
        func value() -> Value {
            switch Int.random(in: 0..<8, using: &random) {
            case 0: return .string(["Kyiv", "Kiev", "3", "2024", "é", "e\u{301}"].randomElement(using: &random)!)
            case 1: return .integer([3, 2024, 2023, -1, 0, 1999].randomElement(using: &random)!)
            case 2: return .double([3.0, 2024.0, -0.0, 0.5, .nan].randomElement(using: &random)!)
            case 3: return .boolean(Bool.random(using: &random))
            case 4:
                let day = CalendarDate(year: Int.random(in: 2023...2024, using: &random), month: Int.random(in: 1...2, using: &random),
                                       day: Int.random(in: 1...31, using: &random))
                let precision = CalendarDate.Precision.allCases.randomElement(using: &random)!
                return .date(precision == .day ? day : day.bucket(precision == .unknown ? .year : precision))
            case 5: return .list([value(), value()])
            case 6: return .unknown
            default: return .integer(Int64.random(in: 2023...2024, using: &random))
            }
        }
        for _ in 0..<3_000 {
            let options = (0..<Int.random(in: 0...6, using: &random)).map { _ in value() }.filter {
                if case .list = $0 { return false } else { return true }  // the parser never makes a list option
            }
            let listed = ListedValues(options)
            let probe = value()
            let expected = options.contains { Value.compare(probe, .equal, $0) == .boolean(true) }
            #expect(listed.contains(probe) == expected, "\(probe) in \(options)")
        }
    }
}
