#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyGraph
import ParleySupport

/// Reads GDELT events files — GDELT 2.0 (61 fields), 1.0 daily (58) and 1.0 before April 2013 (57),
/// plain or as `.zip` archives of `.CSV` entries — as `GDELTRecord`s.
///
/// Two passes, so nothing is half read: the first checks every row of every file (its field count
/// against the first row's layout, UTF-8, dates and numbers, a zip entry's CRC-32) and keeps nothing;
/// only when all of it is sound does the second read the files again and hand each record to the
/// caller. Memory stays one buffer per file whatever the size of the files; the cost is reading (and
/// inflating) them twice. A file that changes between the passes is read as it is then, and an error
/// the second pass meets is thrown as the first would.
public enum GDELTReader {
    /// Bytes read at a time.
    public static let defaultChunkSize = 16 << 20

    /// What one file, or one entry of a zip, held.
    public struct Input: Sendable, Equatable {
        /// The path, or `archive.zip/entry.CSV`.
        public let name: String
        public let layout: GDELTLayout
        public let rows: Int
    }

    /// Checks every file, then calls `body` with each record, in file order.
    /// - Returns: each file's (or zip entry's) layout and row count.
    /// - Throws: the first error in the files, before `body` sees any record; or what `body` throws.
    /// - Complexity: O(total bytes), twice.
    @discardableResult
    public static func read(_ paths: [String], chunkSize: Int = GDELTReader.defaultChunkSize,
                            _ body: (GDELTRecord) throws(ParleyError) -> Void) throws(ParleyError) -> [Input] {
        let inputs = try validate(paths, chunkSize: chunkSize)
        _ = try forEachInput(paths, chunkSize: chunkSize, body)
        return inputs
    }

    /// The first pass alone: every row of every file checked, nothing kept.
    public static func validate(_ paths: [String], chunkSize: Int = GDELTReader.defaultChunkSize) throws(ParleyError) -> [Input] {
        try forEachInput(paths, chunkSize: chunkSize) { _ throws(ParleyError) in }
    }

    /// Reads each file (each zip entry) in turn.
    private static func forEachInput(_ paths: [String], chunkSize: Int,
                                     _ body: (GDELTRecord) throws(ParleyError) -> Void) throws(ParleyError) -> [Input] {
        var inputs: [Input] = []
        for path in paths {
            if try ZipArchive.isZip(path: path) {
                let archive = try ZipArchive(path: path)
                defer { archive.close() }
                let entries = archive.entries.filter { $0.name.lowercased().hasSuffix(".csv") && !$0.name.hasSuffix("/") }
                guard !entries.isEmpty else { throw ParleyError(ImportProblem.noCSVInZip(path: path)) }
                for entry in entries {
                    let source = try archive.source(for: entry)
                    inputs.append(try readRows(TabRowScanner(source, chunkSize: chunkSize), body))
                }
            } else {
                inputs.append(try readRows(TabRowScanner(try FileByteSource(path: path), chunkSize: chunkSize), body))
            }
        }
        return inputs
    }

    /// Reads one file's rows. A data error in a zip entry is checked against the entry's CRC-32 first:
    /// when the bytes are damaged, that is the error, not what the damage made of a row.
    private static func readRows<Source: ByteSource>(_ scanner: TabRowScanner<Source>,
                                                     _ body: (GDELTRecord) throws(ParleyError) -> Void) throws(ParleyError) -> Input {
        var scanner = scanner
        defer { scanner.close() }
        var layout: GDELTLayout?
        var rows = 0
        do throws(ParleyError) {
            while try scanner.nextRow() {
                if layout == nil {
                    guard let first = GDELTLayout(rawValue: scanner.fieldCount) else {
                        throw scanner.error(.notGDELTEvents(found: scanner.fieldCount), field: min(scanner.fieldCount, GDELTLayout.v2.fieldCount))
                    }
                    layout = first
                }
                let record = try parse(scanner, layout: layout!)
                rows += 1
                try body(record)
            }
        } catch let rowError {
            if rowError.problem is ImportProblem { try scanner.finish() }
            throw rowError
        }
        try scanner.finish()
        guard let layout else {
            throw ParleyError(ImportProblem.emptyGDELTFile, at: SourceSpan(SourceText(name: scanner.source.name, bytes: []), 0..<0))
        }
        return Input(name: scanner.source.name, layout: layout, rows: rows)
    }

    /// Checks the current row against `layout` and parses its numbers and dates.
    private static func parse<Source>(_ row: borrowing TabRowScanner<Source>, layout: GDELTLayout) throws(ParleyError) -> GDELTRecord {
        guard row.fieldCount == layout.fieldCount else {
            // Too many: at the first field past the layout; too few: at the row's end, where the next would start.
            throw row.error(.wrongGDELTFieldCount(expected: layout.fieldCount, found: row.fieldCount, layout: layout.name),
                            field: min(row.fieldCount, layout.fieldCount))
        }
        func index(_ column: GDELTColumn) -> Int { layout.index(of: column)! }
        func whole(_ column: GDELTColumn) throws(ParleyError) -> Int64 {
            let field = row.field(index(column))
            guard let value = GDELTFieldParser.int64(field) else {
                throw row.error(.notAWholeNumber(String(decoding: field, as: UTF8.self), column: column.name), field: index(column))
            }
            return value
        }
        func count(_ column: GDELTColumn) throws(ParleyError) -> Int { Int(try whole(column)) }
        func number(_ column: GDELTColumn, optional: Bool = false) throws(ParleyError) -> Double? {
            let field = row.field(index(column))
            if optional && field.isEmpty { return nil }
            guard let value = GDELTFieldParser.double(field) else {
                throw row.error(.notANumber(String(decoding: field, as: UTF8.self), column: column.name), field: index(column))
            }
            return value
        }
        func geography(_ type: GDELTColumn, _ latitude: GDELTColumn, _ longitude: GDELTColumn) throws(ParleyError) -> GDELTGeography {
            let typeField = row.field(index(type))
            return GDELTGeography(type: typeField.isEmpty ? nil : try count(type),
                                  latitude: try number(latitude, optional: true), longitude: try number(longitude, optional: true))
        }
        let sqlDateField = row.field(index(.sqlDate))
        guard let sqlDate = GDELTFieldParser.date(sqlDateField) else {
            throw row.error(.notAGDELTDate(String(decoding: sqlDateField, as: UTF8.self), column: "SQLDATE", format: "YYYYMMDD"),
                            field: index(.sqlDate))
        }
        let addedField = row.field(index(.dateAdded))
        let dateAdded: GDELTTimestamp?
        if layout == .v2 {
            dateAdded = GDELTFieldParser.dateTime(addedField)
        } else {
            dateAdded = GDELTFieldParser.date(addedField).map { GDELTTimestamp(date: $0, secondsOfDay: nil) }
        }
        guard let dateAdded else {
            throw row.error(.notAGDELTDate(String(decoding: addedField, as: UTF8.self), column: "DATEADDED",
                                           format: layout == .v2 ? "YYYYMMDDHHMMSS" : "YYYYMMDD"), field: index(.dateAdded))
        }
        let isRoot = try whole(.isRootEvent)
        return GDELTRecord(
            layout: layout, source: row.source.name, line: row.line,
            globalEventID: try whole(.globalEventID), sqlDate: sqlDate, dateAdded: dateAdded,
            isRootEvent: isRoot != 0, quadClass: try count(.quadClass),
            goldsteinScale: try number(.goldsteinScale, optional: true),
            numMentions: try count(.numMentions), numSources: try count(.numSources), numArticles: try count(.numArticles),
            avgTone: try number(.avgTone)!,
            actor1Geo: try geography(.actor1GeoType, .actor1GeoLat, .actor1GeoLong),
            actor2Geo: try geography(.actor2GeoType, .actor2GeoLat, .actor2GeoLong),
            actionGeo: try geography(.actionGeoType, .actionGeoLat, .actionGeoLong),
            fields: row.rowBuffer, starts: row.starts, ends: row.ends)
    }
}
