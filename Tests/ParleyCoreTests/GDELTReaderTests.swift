import CZlib
import Foundation
import Testing
@testable import ParleyGraph
@testable import ParleyImport
@testable import ParleySupport

/// GDELT events files, plain and zipped: each layout's records with their exact values, and each
/// malformed file as one located error before any record is handed over.
@Suite struct GDELTReaderTests {
    /// A row's fields where the test does not set them: a meeting intent (036) from the Kremlin to Kyiv,
    /// placed in Zaporizhzhia.
    static let defaults: [GDELTColumn: String] = [
        .globalEventID: "1100000001", .sqlDate: "20250105", .monthYear: "202501", .year: "2025", .fractionDate: "2025.0110",
        .actor1Code: "RUSGOV", .actor1Name: "KREMLIN", .actor1CountryCode: "RUS", .actor1Type1Code: "GOV",
        .actor2Code: "UKRGOV", .actor2Name: "KYIV", .actor2CountryCode: "UKR", .actor2Type1Code: "GOV",
        .isRootEvent: "1", .eventCode: "036", .eventBaseCode: "036", .eventRootCode: "03", .quadClass: "1",
        .goldsteinScale: "4", .numMentions: "10", .numSources: "2", .numArticles: "8", .avgTone: "-1.25",
        .actor1GeoType: "0", .actor2GeoType: "0",
        .actionGeoType: "4", .actionGeoFullName: "Zaporizhzhya, Zaporiz'ka Oblast', Ukraine", .actionGeoCountryCode: "UP",
        .actionGeoADM1Code: "UP26", .actionGeoLat: "47.8167", .actionGeoLong: "35.1833", .actionGeoFeatureID: "-1057245",
        .dateAdded: "20250105123000", .sourceURL: "https://example.org/talks",
    ]

    static func row(_ layout: GDELTLayout = .v2, _ values: [GDELTColumn: String] = [:]) -> String {
        var fields = defaults.merging(values) { $1 }
        if layout != .v2 && values[.dateAdded] == nil { fields[.dateAdded] = "20250105" }
        return layout.columns.map { fields[$0] ?? "" }.joined(separator: "\t")
    }

    static func write(_ bytes: [UInt8], name: String = "20250105123000.export.CSV") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-gdelt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func write(lines: [String], name: String = "20250105123000.export.CSV") throws -> String {
        try write(Array(lines.map { $0 + "\n" }.joined().utf8), name: name)
    }

    /// Every record's texts, or the error as `location: message`.
    static func read(_ paths: [String], chunkSize: Int = GDELTReader.defaultChunkSize) -> (records: [[String]], outcome: String) {
        var records: [[String]] = []
        do throws(ParleyError) {
            let inputs = try GDELTReader.read(paths, chunkSize: chunkSize) { record throws(ParleyError) in records.append(record.texts) }
            return (records, inputs.map { "\($0.name): \($0.layout.fieldCount) fields, \($0.rows) rows" }.joined(separator: "; "))
        } catch {
            return (records, "\(error.span?.location.description ?? "-"): \(error.message)")
        }
    }

    /// The 1-based column of field `index` (0-based) in an ASCII row.
    static func column(ofField index: Int, in row: String) -> Int {
        row.split(separator: "\t", omittingEmptySubsequences: false).prefix(index).reduce(1) { $0 + $1.count + 1 }
    }

    @Test func eachLayoutNamesItsFieldsAsTheCodebookDoesAndFindsEachByItsPlace() {
        #expect(GDELTLayout.allCases.map(\.columns.count) == [57, 58, 61])
        #expect(GDELTLayout.v2.columns.prefix(6).map(\.name) == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code"])
        #expect(GDELTLayout.v2.columns[38...40].map(\.name) == ["Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code", "Actor1Geo_Lat"])
        #expect(GDELTLayout.v1Daily.columns[38...40].map(\.name) == ["Actor1Geo_ADM1Code", "Actor1Geo_Lat", "Actor1Geo_Long"])
        #expect(GDELTLayout.v1Daily.columns.suffix(2).map(\.name) == ["DATEADDED", "SOURCEURL"])
        #expect(GDELTLayout.v1Historical.columns.last?.name == "DATEADDED")
        for layout in GDELTLayout.allCases {
            let columns = layout.columns
            for column in GDELTColumn.allCases {
                #expect(layout.index(of: column) == columns.firstIndex(of: column), "\(layout) \(column.name)")
            }
        }
    }

    @Test(arguments: [("20240229", true), ("20230229", false), ("19000229", false), ("20000229", true), ("20250431", false),
                      ("20251301", false), ("20250100", false), ("2025010", false), ("2025-1-05", false), ("19790101", true)])
    func aDateIsEightDigitsOfADayTheMonthHas(text: String, valid: Bool) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { GDELTFieldParser.date($0) != nil } == valid)
    }

    @Test(arguments: [("-1.25", -1.25), ("47.8167", 47.8167), ("0", 0), ("-0.11641443538999001", -0.11641443538999001),
                      ("1e-3", 0.001), ("+2.5", 2.5), ("123456789012345.5", 123456789012345.5)])
    func aNumberParsesAsTheStandardLibraryWould(text: String, value: Double) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { GDELTFieldParser.double($0) } == value)
        #expect(Double(text) == value)
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "nan", "inf", "0x10", "1e", "1,5", " 1"])
    func notANumberIsNone(text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { GDELTFieldParser.double($0) } == nil)
    }

    @Test func aGDELT2FileGivesEachFieldAsItsTextAndTheCodebooksNumbersAndDates() throws {
        let second = GDELTReaderTests.row(.v2, [.globalEventID: "1100000002", .goldsteinScale: "", .eventCode: "0831",
                                                 .actionGeoLat: "", .actionGeoLong: "", .actionGeoType: "1", .avgTone: "-0.11641443538999001",
                                                 .dateAdded: "20250106000000", .isRootEvent: "0", .quadClass: "2"])
        let path = try GDELTReaderTests.write(lines: [GDELTReaderTests.row(), second])
        var records: [GDELTRecord.Values] = []
        let inputs = try GDELTReader.read([path]) { record throws(ParleyError) in records.append(record.values) }
        #expect(inputs == [GDELTReader.Input(name: path, layout: .v2, rows: 2)])
        #expect(records.count == 2)
        let first = records[0]
        #expect(first.texts.count == 61)
        #expect(first.texts[26] == "036")
        #expect(first.texts[GDELTLayout.v2.index(of: .actionGeoADM1Code)!] == "UP26")
        #expect(first.texts[GDELTLayout.v2.index(of: .actionGeoADM2Code)!] == "")
        #expect(first.globalEventID == 1_100_000_001)
        #expect(first.sqlDate == CalendarDate(year: 2025, month: 1, day: 5))
        #expect(first.dateAdded == GDELTTimestamp(date: CalendarDate(year: 2025, month: 1, day: 5), secondsOfDay: 12 * 3600 + 30 * 60))
        #expect(first.isRootEvent && first.quadClass == 1)
        #expect(first.goldsteinScale == 4 && first.avgTone == -1.25)
        #expect(first.numMentions == 10 && first.numSources == 2 && first.numArticles == 8)
        #expect(first.actor1Geo == GDELTGeography(type: 0, latitude: nil, longitude: nil))
        #expect(first.actionGeo == GDELTGeography(type: 4, latitude: 47.8167, longitude: 35.1833))
        let other = records[1]
        #expect(other.texts[GDELTLayout.v2.index(of: .eventCode)!] == "0831")
        #expect(other.goldsteinScale == nil)
        #expect(other.avgTone == -0.11641443538999001)
        #expect(other.actionGeo == GDELTGeography(type: 1, latitude: nil, longitude: nil))
        #expect(other.dateAdded.secondsOfDay == 0)
        #expect(!other.isRootEvent && other.quadClass == 2)
    }

    @Test(arguments: [GDELTLayout.v1Daily, .v1Historical])
    func aGDELT1FileIsToldByItsFieldCountAndDatesItsAdditionByDay(layout: GDELTLayout) throws {
        let path = try GDELTReaderTests.write(lines: [GDELTReaderTests.row(layout), GDELTReaderTests.row(layout, [.sqlDate: "20130331"])])
        var records: [GDELTRecord.Values] = []
        let inputs = try GDELTReader.read([path]) { record throws(ParleyError) in records.append(record.values) }
        #expect(inputs == [GDELTReader.Input(name: path, layout: layout, rows: 2)])
        #expect(records.map(\.texts.count) == [layout.fieldCount, layout.fieldCount])
        #expect(records[0].adm2 == nil)
        #expect(records[0].sourceURL == (layout == .v1Daily ? "https://example.org/talks" : nil))
        #expect(records[0].actionADM1 == "UP26")
        #expect(records[0].dateAdded == GDELTTimestamp(date: CalendarDate(year: 2025, month: 1, day: 5), secondsOfDay: nil))
        #expect(records[1].sqlDate == CalendarDate(year: 2013, month: 3, day: 31))
        #expect(records[0].actionGeo == GDELTGeography(type: 4, latitude: 47.8167, longitude: 35.1833))
    }

    @Test func aShortRowIsAnErrorAtItsEndNamingTheLayoutAndNoRecordIsHandedOver() throws {
        let short = GDELTReaderTests.row().split(separator: "\t", omittingEmptySubsequences: false).dropLast().joined(separator: "\t")
        let path = try GDELTReaderTests.write(lines: [GDELTReaderTests.row(), GDELTReaderTests.row(), short])
        let (records, outcome) = GDELTReaderTests.read([path])
        #expect(records.isEmpty)
        #expect(outcome == "\(path):3:\(short.count + 1): expected 61 tab-separated fields (GDELT 2.0 events), found 60")
    }

    @Test func aLongRowIsAnErrorAtItsFirstExtraField() throws {
        let row = GDELTReaderTests.row(.v1Daily)
        let long = row + "\textra\tmore"
        let path = try GDELTReaderTests.write(lines: [row, long])
        #expect(GDELTReaderTests.read([path]).outcome == "\(path):2:\(row.count + 2): expected 58 tab-separated fields (GDELT 1.0 events), found 60")
    }

    @Test func aFirstRowOfNoLayoutIsNotGDELT() throws {
        let path = try GDELTReaderTests.write(lines: ["event_id_cnty,event_date", GDELTReaderTests.row()])
        #expect(GDELTReaderTests.read([path]).outcome
            == "\(path):1:25: expected 57, 58 or 61 tab-separated fields (GDELT 1.0 or 2.0 events), found 1")
    }

    @Test func aBadDateIsAnErrorNamingTheColumn() throws {
        let path = try GDELTReaderTests.write(lines: [GDELTReaderTests.row(), GDELTReaderTests.row(.v2, [.sqlDate: "20250230"])])
        #expect(GDELTReaderTests.read([path]).outcome == "\(path):2:12: `20250230` is not a date (SQLDATE: expected YYYYMMDD)")
        let added = GDELTReaderTests.row(.v2, [.dateAdded: "20250105"])
        let second = try GDELTReaderTests.write(lines: [added])
        #expect(GDELTReaderTests.read([second]).outcome
            == "\(second):1:\(GDELTReaderTests.column(ofField: 59, in: added)): `20250105` is not a date (DATEADDED: expected YYYYMMDDHHMMSS)")
    }

    @Test func aBadNumberIsAnErrorNamingTheColumn() throws {
        let tone = GDELTReaderTests.row(.v2, [.avgTone: "-1,25"])
        let mentions = GDELTReaderTests.row(.v2, [.numMentions: "ten"])
        let latitude = GDELTReaderTests.row(.v2, [.actionGeoLat: "nan"])
        for (row, field, message) in [(tone, 34, "`-1,25` is not a number (AvgTone)"),
                                      (mentions, 31, "`ten` is not a whole number (NumMentions)"),
                                      (latitude, 56, "`nan` is not a number (ActionGeo_Lat)")] {
            let path = try GDELTReaderTests.write(lines: [row])
            #expect(GDELTReaderTests.read([path]).outcome == "\(path):1:\(GDELTReaderTests.column(ofField: field, in: row)): \(message)")
        }
    }

    @Test func invalidUTF8IsAnErrorAtItsByteWhateverTheSizeOfTheReads() throws {
        let first = Array((GDELTReaderTests.row() + "\n").utf8)
        let bad = GDELTReaderTests.row(.v2, [.actor1Name: "KREML\u{1}"])
        var second = Array((bad + "\n").utf8)
        let at = second.firstIndex(of: 1)!
        second[at] = 0xFF
        let path = try GDELTReaderTests.write(first + second)
        let expected = "\(path):2:\(at + 1): invalid UTF-8 at byte \(first.count + at)"
        for chunk in [GDELTReader.defaultChunkSize, 1, 7, 300] {
            #expect(GDELTReaderTests.read([path], chunkSize: chunk).outcome == expected)
        }
    }

    @Test func anEmptyFileADirectoryAndARowTooLongAreErrors() throws {
        let empty = try GDELTReaderTests.write([])
        #expect(GDELTReaderTests.read([empty]).outcome == "\(empty):1:1: the file is empty: a GDELT events file holds one event per line")
        let blank = try GDELTReaderTests.write(Array("\n\n".utf8))
        #expect(GDELTReaderTests.read([blank]).outcome == "\(blank):1:1: the file is empty: a GDELT events file holds one event per line")
        let folder = URL(fileURLWithPath: empty).deletingLastPathComponent().path
        #expect(GDELTReaderTests.read([folder]).outcome == "-: cannot read `\(folder)`: it is a directory")
        let long = try GDELTReaderTests.write(Array(repeating: UInt8(ascii: "a"), count: (1 << 20) + 10))
        #expect(GDELTReaderTests.read([long], chunkSize: 4096).outcome == "\(long):1:1: a row longer than 1 MiB (is this a CSV file?)")
    }

    @Test func aLaterFilesErrorComesBeforeAnyRecordOfAnEarlierFile() throws {
        let good = try GDELTReaderTests.write(lines: [GDELTReaderTests.row(), GDELTReaderTests.row()])
        let bad = try GDELTReaderTests.write(lines: [GDELTReaderTests.row(.v2, [.quadClass: "x"])])
        let (records, outcome) = GDELTReaderTests.read([good, bad])
        #expect(records.isEmpty)
        #expect(outcome.hasPrefix("\(bad):1:"))
        #expect(outcome.hasSuffix("`x` is not a whole number (QuadClass)"))
    }

    @Test func rowsReadTheSameWhateverTheSizeOfTheReads() throws {
        let lines = (0..<20).map { GDELTReaderTests.row(.v2, [.globalEventID: String(1_100_000_000 + $0)]) }
        var bytes = Array(lines.joined(separator: "\r\n").utf8)
        bytes += Array("\n\n".utf8)  // blank lines at the end
        let path = try GDELTReaderTests.write(bytes)
        let expected = GDELTReaderTests.read([path])
        #expect(expected.records.count == 20)
        #expect(expected.records.last?.last == "https://example.org/talks")
        for chunk in [1, 5, 64, 1000] {
            let read = GDELTReaderTests.read([path], chunkSize: chunk)
            #expect(read.records == expected.records)
            #expect(read.outcome == expected.outcome)
        }
    }

    // MARK: Zip

    @Test func aZipsCSVEntriesAreReadInPlaceStoredOrDeflated() throws {
        let first = (0..<50).map { GDELTReaderTests.row(.v2, [.globalEventID: String(1_100_000_000 + $0)]) }
        let second = [GDELTReaderTests.row(.v2, [.globalEventID: "1200000000", .eventCode: "043"])]
        let zip = ZipFixture.archive([
            ("20250105123000.export.CSV", Array(first.map { $0 + "\n" }.joined().utf8), true),
            ("README.txt", Array("not events".utf8), false),
            ("20250105124500.export.CSV", Array(second.map { $0 + "\n" }.joined().utf8), false),
        ])
        let path = try GDELTReaderTests.write(zip, name: "events.zip")
        for chunk in [GDELTReader.defaultChunkSize, 3, 100] {
            let (records, outcome) = GDELTReaderTests.read([path], chunkSize: chunk)
            #expect(outcome == "\(path)/20250105123000.export.CSV: 61 fields, 50 rows; \(path)/20250105124500.export.CSV: 61 fields, 1 rows")
            #expect(records.count == 51)
            #expect(records[49][0] == "1100000049")
            #expect(records[50][26] == "043")
        }
        let plain = try GDELTReaderTests.write(lines: first + second)
        #expect(GDELTReaderTests.read([path]).records == GDELTReaderTests.read([plain]).records)
    }

    @Test(arguments: [true, false])
    func aZipWithABadCRCIsAnErrorNamingTheFileAndEntry(deflated: Bool) throws {
        let bytes = Array((GDELTReaderTests.row() + "\n").utf8)
        var zip = ZipFixture.archive([("a.export.CSV", bytes, deflated)])
        // Damage the CRC-32 in the central directory (46-byte header, CRC at +16).
        let directory = zip.count - 22 - 46 - "a.export.CSV".utf8.count
        zip[directory + 16] ^= 0xFF
        let path = try GDELTReaderTests.write(zip, name: "damaged.zip")
        let crc = String(format: "%08x", ZipFixture.crc(bytes))
        let said = String(format: "%08x", ZipFixture.crc(bytes) ^ 0xFF)
        let (records, outcome) = GDELTReaderTests.read([path])
        #expect(records.isEmpty)
        #expect(outcome == "-: `a.export.CSV` in the zip `\(path)` is damaged: its CRC-32 is \(crc), the zip's directory says \(said)")
    }

    @Test func damagedBytesInAStoredEntryAreTheZipsErrorNotTheRowsWhatTheyMadeOfIt() throws {
        let bytes = Array((GDELTReaderTests.row() + "\n").utf8)
        var zip = ZipFixture.archive([("a.export.CSV", bytes, false)])
        zip[30 + "a.export.CSV".utf8.count + 5] = 0xFF  // inside the first field of the stored data
        let path = try GDELTReaderTests.write(zip, name: "damaged.zip")
        let outcome = GDELTReaderTests.read([path]).outcome
        #expect(outcome.hasPrefix("-: `a.export.CSV` in the zip `\(path)` is damaged: its CRC-32 is "))
    }

    @Test func aZip64ArchiveReadsAsAnyOther() throws {
        let rows = (0..<3).map { GDELTReaderTests.row(.v1Daily, [.globalEventID: String(500 + $0)]) }
        let bytes = Array(rows.map { $0 + "\n" }.joined().utf8)
        let path = try GDELTReaderTests.write(ZipFixture.archive([("20130401.export.CSV", bytes, true)], zip64: true), name: "z64.zip")
        let (records, outcome) = GDELTReaderTests.read([path])
        #expect(outcome == "\(path)/20130401.export.CSV: 58 fields, 3 rows")
        #expect(records.map { $0[0] } == ["500", "501", "502"])
    }

    @Test func anEntryOfAnotherCompressionMethodIsAnErrorNamingIt() throws {
        let name = "a.export.CSV"
        var zip = ZipFixture.archive([(name, Array((GDELTReaderTests.row() + "\n").utf8), false)])
        zip[zip.count - 22 - 46 - name.utf8.count + 10] = 12  // bzip2
        let path = try GDELTReaderTests.write(zip, name: "bzip2.zip")
        #expect(GDELTReaderTests.read([path]).outcome
            == "-: cannot read `a.export.CSV` in the zip `\(path)`: compression method 12 (Parley reads stored and deflate)")
    }

    @Test func aTruncatedZipOrOneWithoutCSVIsAnError() throws {
        let zip = ZipFixture.archive([("a.export.CSV", Array((GDELTReaderTests.row() + "\n").utf8), true)])
        let truncated = try GDELTReaderTests.write(Array(zip.prefix(40)), name: "truncated.zip")
        #expect(GDELTReaderTests.read([truncated]).outcome
            == "-: cannot read the zip `\(truncated)`: no end of central directory record (truncated?)")
        let none = try GDELTReaderTests.write(ZipFixture.archive([("notes.txt", Array("x".utf8), false)]), name: "none.zip")
        #expect(GDELTReaderTests.read([none]).outcome == "-: the zip `\(none)` holds no .CSV file")
    }
}

extension GDELTRecord {
    /// What a test keeps of a record past the reader's closure.
    struct Values {
        let texts: [String]
        let globalEventID: Int64
        let sqlDate: CalendarDate
        let dateAdded: GDELTTimestamp
        let isRootEvent: Bool
        let quadClass: Int
        let goldsteinScale: Double?
        let numMentions: Int, numSources: Int, numArticles: Int
        let avgTone: Double
        let actor1Geo: GDELTGeography, actionGeo: GDELTGeography
        let adm2: String?, sourceURL: String?, actionADM1: String?
    }

    var values: Values {
        Values(texts: texts, globalEventID: globalEventID, sqlDate: sqlDate, dateAdded: dateAdded, isRootEvent: isRootEvent,
               quadClass: quadClass, goldsteinScale: goldsteinScale, numMentions: numMentions, numSources: numSources,
               numArticles: numArticles, avgTone: avgTone, actor1Geo: actor1Geo, actionGeo: actionGeo,
               adm2: text(.actionGeoADM2Code), sourceURL: text(.sourceURL), actionADM1: text(.actionGeoADM1Code))
    }
}

/// Writes small zip archives (stored or raw-deflated with zlib) the way `zip` does, for the reader's tests.
enum ZipFixture {
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        UInt32(truncatingIfNeeded: bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) })
    }

    static func deflated(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        _ = deflateInit2_(&stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 16)
        var input = bytes
        let written = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                _ = deflate(&stream, Z_FINISH)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        deflateEnd(&stream)
        return Array(output.prefix(written))
    }

    /// A zip of `entries`; with `zip64`, the directory writes every size and offset in its zip64 field
    /// and the end record points at a zip64 end record, as `zip -fz` does.
    static func archive(_ entries: [(name: String, bytes: [UInt8], deflate: Bool)], zip64: Bool = false) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: UInt32) -> [UInt8] { le16(Int(value & 0xFFFF)) + le16(Int(value >> 16)) }
        func le64(_ value: Int) -> [UInt8] { le32(UInt32(value & 0xFFFF_FFFF)) + le32(UInt32(value >> 32)) }
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let data = entry.deflate ? deflated(entry.bytes) : entry.bytes
            let name = Array(entry.name.utf8)
            let head = le16(20) + le16(0) + le16(entry.deflate ? 8 : 0) + le16(0) + le16(0x5A21) + le32(crc(entry.bytes))
            let offset = out.count
            out += le32(0x0403_4B50) + head + le32(UInt32(data.count)) + le32(UInt32(entry.bytes.count)) + le16(name.count) + le16(0)
                + name + data
            if zip64 {
                let extra = le16(1) + le16(24) + le64(entry.bytes.count) + le64(data.count) + le64(offset)
                directory += le32(0x0201_4B50) + le16(0x032D) + head + le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(name.count)
                    + le16(extra.count) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0xFFFF_FFFF) + name + extra
            } else {
                directory += le32(0x0201_4B50) + le16(0x031E) + head + le32(UInt32(data.count)) + le32(UInt32(entry.bytes.count))
                    + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
            }
        }
        let directoryOffset = out.count
        out += directory
        if zip64 {
            let recordOffset = out.count
            out += le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0) + le64(entries.count) + le64(entries.count)
                + le64(directory.count) + le64(directoryOffset)
            out += le32(0x0706_4B50) + le32(0) + le64(recordOffset) + le32(1)
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(0xFFFF) + le16(0xFFFF) + le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(0)
        } else {
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
                + le32(UInt32(directory.count)) + le32(UInt32(directoryOffset)) + le16(0)
        }
        return out
    }
}
