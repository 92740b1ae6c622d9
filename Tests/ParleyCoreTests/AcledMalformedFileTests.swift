import Foundation
import Testing
@testable import ParleyGraph
@testable import ParleyImport
@testable import ParleySession
@testable import ParleySupport

/// Malformed ACLED files: each is a located error (file, line, column) or a clean import, the same
/// whichever way the file is read, and an error leaves the graph and the store as they were.
@Suite struct AcledMalformedFileTests {
    /// A header ending in a bare `\r` right before an invalid UTF-8 byte: the `\r` ends the header
    /// however the file is read — in one read, or in small reads on the calling thread — so each way
    /// reports the header's missing columns first.
    @Test func aBareCarriageReturnBeforeInvalidUTF8EndsTheLineWhicheverWayTheFileIsRead() throws {
        let bytes = Array("event_date,actor1,notes\r".utf8) + [0xF6, 0xAA] + Array("1,2024\r\n".utf8)
        let path = try AcledImportTests.write(String(decoding: [], as: UTF8.self))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var messages: [String] = []
        for (chunk, ahead) in [(AcledImporter.defaultChunkSize, true), (6, false), (25, false)] {
            var graph = Graph()
            do throws(ParleyError) {
                _ = try AcledImporter.importFile(path, into: &graph, chunkSize: chunk, rowsPerBatch: 2, readsAhead: ahead)
                messages.append("imported")
            } catch {
                messages.append("\(error.span?.location.description ?? "-"): \(error.message)")
            }
        }
        #expect(messages == Array(repeating: "\(path):1:1: not an ACLED file: no column `event_id_cnty`", count: 3))
    }

    /// A closing quote followed by an invalid UTF-8 byte is the UTF-8 error, also when a read ends right
    /// after that byte (a sequence the check leaves for the next read): the row is not scanned past
    /// what the check has reached, so every size of read reports the same first error.
    @Test func aClosingQuoteBeforeInvalidUTF8IsTheUTF8ErrorWhateverTheSizeOfTheReads() throws {
        let row = Array("UKR1,2024-03-05,\"a \"".utf8) + [0xF0] + Array("quoted\"\" note\n".utf8)
        let bytes = Array("event_id_cnty,event_date,notes\n".utf8) + row
        let path = try AcledImportTests.write(String(decoding: [], as: UTF8.self))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var messages: Set<String> = []
        for chunk in [AcledImporter.defaultChunkSize] + Array(1...bytes.count) {
            for ahead in [true, false] {
                var graph = Graph()
                do throws(ParleyError) {
                    _ = try AcledImporter.importFile(path, into: &graph, chunkSize: chunk, rowsPerBatch: 2, readsAhead: ahead)
                    messages.insert("imported")
                } catch {
                    messages.insert("\(error.span?.location.description ?? "-"): \(error.message)")
                }
            }
        }
        #expect(messages == ["\(path):2:21: invalid UTF-8 at byte 51"])
    }

    static let header = AcledImportTests.header2023
    static let rows = AcledImportTests.rows2023

    /// `count` rows: the fixture's four, then copies of its plain row under new ids. Row `n` (1-based)
    /// starts on the line `lineOfRow(n)` gives: the second row's notes hold a line break.
    static func manyRows(_ count: Int) -> [String] {
        var fields = rows[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return (0..<count).map { index in
            if index < rows.count { return rows[index] }
            fields[0] = "UKR\(index + 1)"
            return fields.joined(separator: ",")
        }
    }

    static func lineOfRow(_ row: Int) -> Int { row <= 2 ? row + 1 : row + 2 }

    static func withDate(_ row: String, _ date: String) -> String {
        var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[1] = date
        return fields.joined(separator: ",")
    }

    /// The ways a file can be read: one read, small reads, batches of a few rows, and on the calling thread.
    static let readPaths: [(chunkSize: Int, rowsPerBatch: Int, readsAhead: Bool)] = [
        (AcledImporter.defaultChunkSize, AcledImporter.defaultRowsPerBatch, true),
        (7, 3, true),
        (AcledImporter.defaultChunkSize, 1, true),
        (AcledImporter.defaultChunkSize, AcledImporter.defaultRowsPerBatch, false),
        (5, 2, false),
    ]

    /// What an import comes to: its error (kind, location, message, hint), or its summary and the
    /// answers to a few queries.
    static func outcome(_ path: String, chunkSize: Int, rowsPerBatch: Int, readsAhead: Bool) -> String {
        var graph = Graph()
        let summary: AcledImporter.Summary
        do throws(ParleyError) {
            summary = try AcledImporter.importFile(path, into: &graph, chunkSize: chunkSize, rowsPerBatch: rowsPerBatch, readsAhead: readsAhead)
        } catch {
            return "error \(error.kind) \(error.span?.location.description ?? "nowhere")\n" + DiagnosticRenderer.render(error)
        }
        let output = StringSink()
        let session = Session(graph: graph, output: output, errors: output)
        session.settings.format = .csv
        session.run(SourceText(name: "q", text: """
            incidents | select name, kind, date, time_precision, place, actor, target, associates, deaths, sources, notes, tags, timestamp
            places | select name, level, path, latitude, longitude, geo_precision
            """))
        return "\(summary)\n\(output.text)"
    }

    // MARK: An error past the first batch

    /// The reader is batches ahead when the importer meets the bad value; stopping it must free
    /// what it queued (a semaphore freed while in use traps), and the error is the bad value's.
    @Test(arguments: [true, false])
    func aBadValueManyBatchesInIsALocatedErrorOnEitherThread(readsAhead: Bool) throws {
        var lines = Self.manyRows(600)
        lines[299] = Self.withDate(lines[299], "2022-02-30")
        let path = try AcledImportTests.write(([Self.header] + lines).joined(separator: "\n") + "\n")
        for _ in 0..<5 {
            var graph = Graph()
            do {
                _ = try AcledImporter.importFile(path, into: &graph, rowsPerBatch: 4, readsAhead: readsAhead)
                Issue.record("the bad date was accepted")
            } catch {
                #expect(error.message == "`2022-02-30` is not a date (expected 2024-03-05 or 5 March 2024)")
                #expect(error.span?.location.description == "\(path):\(Self.lineOfRow(300)):8")
                #expect(graph.incidents.count == 0)
            }
        }
    }

    /// A row's error names the column of the field in the file: quotes and doubled quotes before it
    /// count, and a field after a line break inside quotes is on the line it is on.
    @Test func aBadValueIsLocatedOnItsLineAndColumnInTheFile() throws {
        var fields = Self.rows[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // UKR1's notes are quoted with doubled quotes; put the bad count after them.
        let notesEnd = fields.firstIndex { $0.hasSuffix("officials.\"") }!
        fields[notesEnd + 1] = "many"
        let row = fields.joined(separator: ",")
        let multiline = Self.rows[1].replacingOccurrences(of: ",,,1710000001", with: ",lots,,1710000001")
        for (bad, word) in [(row, "many"), (multiline, "lots")] {
            // Where the word is in the file: its line, and its column on that line, in characters.
            let before = String(bad[..<bad.range(of: "," + word + ",")!.lowerBound])
            let line = 2 + before.filter { $0 == "\n" }.count
            let column = before.split(separator: "\n", omittingEmptySubsequences: false).last!.count + 2
            let path = try AcledImportTests.write(Self.header + "\n" + bad + "\n")
            var graph = Graph()
            do {
                _ = try AcledImporter.importFile(path, into: &graph)
                Issue.record("the bad count was accepted")
            } catch {
                #expect(error.span?.location.line == line)
                #expect(error.span?.location.column == column)
                let text = error.span.map { $0.source.lineText(at: $0.range.lowerBound) } ?? ""
                #expect(text.dropFirst(column - 1).hasPrefix(word))
            }
        }
    }

    // MARK: Re-importing

    /// Rows the store has, with the same timestamp, are checked like new ones: a bad date among them
    /// is the error, nothing changes and the history records no import.
    @Test func aBadRowMatchingAStoredEventIsAnErrorAndChangesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-reimport-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storePath = folder.appendingPathComponent("events.parley").path
        let good = try AcledImportTests.write(([Self.header] + Self.manyRows(40)).joined(separator: "\n") + "\n")
        let badRows = [
            Self.withDate(Self.manyRows(40)[20], "2022-02-30"),
            Self.manyRows(40)[20].replacingOccurrences(of: ",49.9935,", with: ",north,"),
        ]
        for (index, badRow) in badRows.enumerated() {
            var lines = Self.manyRows(40)
            lines[20] = badRow
            let mutant = try AcledImportTests.write(([Self.header] + lines).joined(separator: "\n") + "\n")
            let output = StringSink()
            let errors = StringSink()
            let session = Session(output: output, errors: errors)
            session.settings.format = .csv
            try session.openStore(storePath, readOnly: false)
            if index == 0 { try session.importAcled(good) }
            let changes = session.graph.changes.count
            #expect(throws: ParleyError.self) { try session.importAcled(mutant) }
            do {
                try session.importAcled(mutant)
            } catch {
                #expect(error.message == (index == 0 ? "`2022-02-30` is not a date (expected 2024-03-05 or 5 March 2024)" : "`north` is not a number (latitude)"))
                #expect(error.span?.location.line == Self.lineOfRow(21))
            }
            #expect(session.graph.changes.count == changes)
            let reopened = Session(output: output, errors: errors)
            reopened.settings.format = .csv
            try reopened.openStore(storePath, readOnly: true)
            #expect(reopened.graph.changes.map(\.kind) == ["import"])
            #expect(AcledImportTests.query(reopened, output, "incidents | count") == "count\n40\n")
        }
    }

    /// A bad coordinate in a later row of a place already read is an error too, not skipped.
    @Test func aBadCoordinateInALaterRowOfAKnownPlaceIsAnError() throws {
        var lines = Self.manyRows(10)
        lines[6] = lines[6].replacingOccurrences(of: ",36.2304,", with: ",36.2.304,")
        let path = try AcledImportTests.write(([Self.header] + lines).joined(separator: "\n") + "\n")
        var graph = Graph()
        #expect(throws: ParleyError.self) { _ = try AcledImporter.importFile(path, into: &graph) }
        do {
            _ = try AcledImporter.importFile(path, into: &graph)
        } catch {
            #expect(error.message == "`36.2.304` is not a number (longitude)")
            let column = lines[6].utf8.count - lines[6].split(separator: ",", maxSplits: 23, omittingEmptySubsequences: false).last!.utf8.count + 1
            #expect(error.span?.location.description == "\(path):\(Self.lineOfRow(7)):\(column)")
        }
    }

    // MARK: The header

    @Test func aColumnNamedTwiceIsRefusedNamingIt() throws {
        let header = Self.header.replacingOccurrences(of: ",location,", with: ",notes,")
        let path = try AcledImportTests.write(([header] + Self.rows).joined(separator: "\n") + "\n")
        let (session, _, errors) = try AcledImportTests.session(sample: false)
        session.run(SourceText(name: "q", text: ".import acled \(path)"))
        let column = header.utf8.count - header.split(separator: ",").drop { $0 != "source_scale" }.dropFirst().joined(separator: ",").utf8.count + 1
        #expect(errors.text.hasPrefix("\(path):1:\(column): error: the header names `notes` twice (fields 22 and 28)\n"))
        #expect(errors.text.hasSuffix("hint: rename or remove one of them\n"))
        #expect(session.graph.incidents.count == 0)
    }

    @Test func aMissingColumnIsReportedWithWhatItMeans() throws {
        var header = Self.header.split(separator: ",").map(String.init)
        var table = Self.rows.map { $0 }
        // Drop `fatalities` and `notes` from the header and the one row read here (no quotes in it).
        var row = Self.rows[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for name in ["fatalities", "notes"] {
            let index = header.firstIndex(of: name)!
            header.remove(at: index)
            row.remove(at: index)
        }
        table = [row.joined(separator: ",")]
        let path = try AcledImportTests.write(([header.joined(separator: ",")] + table).joined(separator: "\n") + "\n")
        let (session, output, errors) = try AcledImportTests.session(sample: false)
        session.run(SourceText(name: "q", text: ".import acled \(path)"))
        #expect(errors.text == """
            imported 1 incident from \(path) (4 new parties, 5 new places)
            note: no `notes` column: there are no notes for this incident
            note: no `fatalities` column: deaths are unknown for this incident

            """)
        #expect(AcledImportTests.query(session, output, "incidents | select name, deaths, notes") == "name,deaths,notes\nUKR3,,\n")
    }

    /// Only the incident's name and date must be there; the report says what the rest's absence means.
    @Test func onlyTheNameAndDateColumnsAreRequired() throws {
        let bare = try AcledImportTests.write("event_id_cnty,event_date\nX1,2024-03-05\nX2,5 March 2024\n")
        var graph = Graph()
        let summary = try AcledImporter.importFile(bare, into: &graph)
        #expect(summary.incidents == 2)
        #expect(summary.missingColumns.map(\.name) == AcledImporter.Column.allCases.dropFirst(2).map(\.header))
        #expect(ImportReport.notes(summary).hasPrefix("""
            note: no `actor1` column: there is no actor for these 2 incidents
            note: no `country` column: places have no country for these 2 incidents
            note: no `time_precision` column: `time_precision` is unknown (dates read as exact days) for these 2 incidents

            """))
        let noDate = try AcledImportTests.write("event_id_cnty,actor1,country\nX1,Someone,Ukraine\n")
        #expect(throws: ParleyError.self) { _ = try AcledImporter.importFile(noDate, into: &graph) }
        do {
            _ = try AcledImporter.importFile(noDate, into: &graph)
        } catch {
            #expect(error.message == "not an ACLED file: no column `event_date`")
        }
    }

    @Test func anEmptyFileIsALocatedError() throws {
        let path = try AcledImportTests.write("")
        var graph = Graph()
        #expect(throws: ParleyError.self) { _ = try AcledImporter.importFile(path, into: &graph) }
        do {
            _ = try AcledImporter.importFile(path, into: &graph)
        } catch {
            #expect(error.message == "the file is empty: an ACLED file starts with a header row")
            #expect(error.span?.location.description == "\(path):1:1")
        }
    }

    // MARK: Invalid UTF-8

    /// Invalid UTF-8 is located like any error, and an error in an earlier row comes first at any
    /// read size (the check runs a read ahead of the rows).
    @Test(arguments: [AcledImporter.defaultChunkSize, 1, 4, 64])
    func invalidUTF8IsLocatedAndErrorsComeInFileOrder(chunkSize: Int) throws {
        var lines = Self.manyRows(12)
        lines[8] = lines[8].replacingOccurrences(of: "Shelling of", with: "Shelling\u{1}of")
        var bytes = Array(([Self.header] + lines).joined(separator: "\n").utf8) + [0x0A]
        bytes[bytes.firstIndex(of: 0x01)!] = 0xFF
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-utf8-\(UUID().uuidString).csv")
        try Data(bytes).write(to: folder)
        var graph = Graph()
        do {
            _ = try AcledImporter.importFile(folder.path, into: &graph, chunkSize: chunkSize)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.problem as? ImportProblem == .invalidUTF8(offset: bytes.firstIndex(of: 0xFF)!))
            let column = lines[8].utf8.count - lines[8].split(separator: "\u{1}")[1].utf8.count
            #expect(error.span?.location.description == "\(folder.path):\(Self.lineOfRow(9)):\(column)")
        }
        // A bad date two rows earlier is the first error.
        lines[6] = Self.withDate(lines[6], "2024-02-31")
        var earlier = Array(([Self.header] + lines).joined(separator: "\n").utf8) + [0x0A]
        earlier[earlier.firstIndex(of: 0x01)!] = 0xFF
        try Data(earlier).write(to: folder)
        do {
            _ = try AcledImporter.importFile(folder.path, into: &graph, chunkSize: chunkSize)
            Issue.record("the bad date was accepted")
        } catch {
            #expect(error.message == "`2024-02-31` is not a date (expected 2024-03-05 or 5 March 2024)")
            #expect(error.span?.location.line == Self.lineOfRow(7))
        }
    }

    // MARK: Mutants

    /// Seeded mutants of a small fixture — cut short, bad dates and numbers, NULs, invalid UTF-8,
    /// header names swapped or doubled, CRLF mixed in, stray quotes and commas — each read every way:
    /// a located error or a clean import, and the same one whichever way it is read.
    @Test(arguments: 0..<8)
    func everyMutantIsALocatedErrorOrACleanImportOnEveryReadPath(seedBlock: Int) throws {
        let base = Array(("\u{FEFF}" + ([Self.header] + Self.manyRows(24)).joined(separator: "\n") + "\n").utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-mutants-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var errorsSeen = 0
        for seed in (seedBlock * 40)..<(seedBlock * 40 + 40) {
            var random = SplitMix(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
            let mutant = AcledMutator.mutate(base, &random)
            let path = folder.appendingPathComponent("mutant-\(seed).csv").path
            try Data(mutant.bytes).write(to: URL(fileURLWithPath: path))
            let outcomes = Self.readPaths.map { Self.outcome(path, chunkSize: $0.chunkSize, rowsPerBatch: $0.rowsPerBatch, readsAhead: $0.readsAhead) }
            for (index, outcome) in outcomes.enumerated().dropFirst() where outcome != outcomes[0] {
                Issue.record("mutant \(seed) (\(mutant.mutations)) read as \(Self.readPaths[index]) differs:\n\(outcomes[0])\n---- became ----\n\(outcome)")
            }
            if outcomes[0].hasPrefix("error") {
                errorsSeen += 1
                #expect(outcomes[0].hasPrefix("error data \(path):"), "mutant \(seed) (\(mutant.mutations)): \(outcomes[0])")
            }
        }
        #expect(errorsSeen > 10, "the mutations should break most files")
    }
}

/// Damages an ACLED file the ways real files get damaged, drawing from a seeded generator.
enum AcledMutator {
    struct Mutant {
        var bytes: [UInt8]
        var mutations: [String]
    }

    static func mutate(_ file: [UInt8], _ random: inout SplitMix) -> Mutant {
        var mutant = Mutant(bytes: file, mutations: [])
        for _ in 0..<Int.random(in: 1...3, using: &random) { mutateOnce(&mutant, &random) }
        return mutant
    }

    /// Where each line starts (after a line feed), the header's line first.
    private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        [0] + bytes.indices.filter { bytes[$0] == 0x0A && $0 + 1 < bytes.count }.map { $0 + 1 }
    }

    /// The byte ranges of the fields of the line starting at `start` (split on every comma: quotes
    /// are not honoured, which is a damage of its own).
    private static func fieldRanges(_ bytes: [UInt8], from start: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var fieldStart = start
        var index = start
        while index < bytes.count && bytes[index] != 0x0A {
            if bytes[index] == UInt8(ascii: ",") {
                ranges.append(fieldStart..<index)
                fieldStart = index + 1
            }
            index += 1
        }
        ranges.append(fieldStart..<index)
        return ranges
    }

    private static func replaceField(_ mutant: inout Mutant, line: Int, field: Int, with text: String, _ random: inout SplitMix) {
        let starts = lineStarts(mutant.bytes)
        guard line < starts.count else { return }
        let ranges = fieldRanges(mutant.bytes, from: starts[line])
        guard field < ranges.count else { return }
        mutant.bytes.replaceSubrange(ranges[field], with: Array(text.utf8))
    }

    private static func mutateOnce(_ mutant: inout Mutant, _ random: inout SplitMix) {
        let count = mutant.bytes.count
        guard count > 0 else { return }
        let lines = lineStarts(mutant.bytes).count
        let anyLine = Int.random(in: 1..<max(2, lines), using: &random)
        let anywhere = Int.random(in: 0..<count, using: &random)
        switch Int.random(in: 0..<12, using: &random) {
        case 0:
            mutant.bytes.removeSubrange(anywhere...)
            mutant.mutations.append("cut at \(anywhere)")
        case 1:
            let date = ["2022-02-30", "2024-13-01", "yesterday", "31 Febtember 2022", "2024-3-5", ""].randomElement(using: &random)!
            replaceField(&mutant, line: anyLine, field: 1, with: date, &random)
            mutant.mutations.append("date `\(date)` on line \(anyLine + 1)")
        case 2:
            // fatalities, latitude, longitude, geo_precision, timestamp, time_precision by position
            let field = [28, 22, 23, 24, 30, 3].randomElement(using: &random)!
            let value = ["many", "-3", "1e999", "12.5.1", "99999999999999999999", "NaN", "0x10", " 7"].randomElement(using: &random)!
            replaceField(&mutant, line: anyLine, field: field, with: value, &random)
            mutant.mutations.append("field \(field + 1) `\(value)` on line \(anyLine + 1)")
        case 3:
            mutant.bytes.insert(0, at: anywhere)
            mutant.mutations.append("NUL at \(anywhere)")
        case 4:
            let bad: [UInt8] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF]].randomElement(using: &random)!
            mutant.bytes.insert(contentsOf: bad, at: anywhere)
            mutant.mutations.append("invalid UTF-8 \(bad) at \(anywhere)")
        case 5:
            let header = fieldRanges(mutant.bytes, from: 0)
            let a = Int.random(in: 0..<header.count, using: &random)
            let b = Int.random(in: 0..<header.count, using: &random)
            let (first, second) = (min(a, b), max(a, b))
            guard first != second else { return }
            let firstName = Array(mutant.bytes[header[first]])
            let secondName = Array(mutant.bytes[header[second]])
            mutant.bytes.replaceSubrange(header[second], with: firstName)
            mutant.bytes.replaceSubrange(header[first], with: secondName)
            mutant.mutations.append("header fields \(first + 1) and \(second + 1) swapped")
        case 6:
            let header = fieldRanges(mutant.bytes, from: 0)
            let from = Int.random(in: 0..<header.count, using: &random)
            let to = Int.random(in: 0..<header.count, using: &random)
            mutant.bytes.replaceSubrange(header[to], with: Array(mutant.bytes[header[from]]))
            mutant.mutations.append("header field \(to + 1) renamed as field \(from + 1)")
        case 7:
            // Line feeds become CRLF or a lone CR, from some point on.
            let ending: [UInt8] = Bool.random(using: &random) ? [0x0D, 0x0A] : [0x0D]
            var output = Array(mutant.bytes[..<anywhere])
            for byte in mutant.bytes[anywhere...] {
                if byte == 0x0A && Int.random(in: 0..<3, using: &random) == 0 { output += ending } else { output.append(byte) }
            }
            mutant.bytes = output
            mutant.mutations.append("line ends \(ending) from \(anywhere)")
        case 8:
            mutant.bytes.insert(UInt8(ascii: "\""), at: anywhere)
            mutant.mutations.append("quote at \(anywhere)")
        case 9:
            if let comma = mutant.bytes[anywhere...].firstIndex(of: UInt8(ascii: ",")) {
                mutant.bytes.remove(at: comma)
                mutant.mutations.append("comma at \(comma) removed")
            }
        case 10:
            // A row twice: the same event id again, with another timestamp.
            let starts = lineStarts(mutant.bytes)
            guard anyLine < starts.count else { return }
            let end = anyLine + 1 < starts.count ? starts[anyLine + 1] : count
            mutant.bytes.append(contentsOf: mutant.bytes[starts[anyLine]..<end])
            mutant.mutations.append("line \(anyLine + 1) repeated at the end")
        default:
            // A field's content moved to its neighbour: the swap a bad export makes within a row.
            let field = Int.random(in: 0..<30, using: &random)
            let starts = lineStarts(mutant.bytes)
            guard anyLine < starts.count else { return }
            let ranges = fieldRanges(mutant.bytes, from: starts[anyLine])
            guard field + 1 < ranges.count else { return }
            let left = Array(mutant.bytes[ranges[field]])
            let right = Array(mutant.bytes[ranges[field + 1]])
            mutant.bytes.replaceSubrange(ranges[field + 1], with: left)
            mutant.bytes.replaceSubrange(ranges[field], with: right)
            mutant.mutations.append("fields \(field + 1) and \(field + 2) of line \(anyLine + 1) swapped")
        }
    }
}
