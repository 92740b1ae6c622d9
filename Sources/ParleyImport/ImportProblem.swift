import ParleySupport

/// What reading a CSV file and importing it as ACLED, or reading a GDELT events file, can report.
public enum ImportProblem: Problem, Equatable {
    /// The path names a directory.
    case isADirectory(path: String)
    /// A row past the scanner's limit, in MiB: most likely not a CSV file.
    case rowTooLong(mebibytes: Int)
    /// A row with another number of fields than the header.
    case wrongFieldCount(expected: Int, found: Int)
    /// The file ends before a quoted field closes.
    case endsInsideQuotes
    /// A byte that cannot be UTF-8, at this offset in the file.
    case invalidUTF8(offset: Int)
    /// Something other than a comma or a line's end after a closing quote.
    case commaAfterQuote
    /// A `"` inside a field that does not start with one.
    case quoteInUnquotedField
    /// No header row at all.
    case emptyFile
    /// A column named twice in the header, at these fields (counted from 1).
    case duplicateColumn(String, first: Int, second: Int)
    /// Required columns the header does not name.
    case missingColumns([String])
    /// An `event_date` that is no date.
    case notADate(String)
    /// A `time_precision` that is none of 1, 2, 3.
    case notATimePrecision(String)
    /// A field of whole numbers holding something else.
    case notAWholeNumber(String, column: String)
    /// A count past what a column holds.
    case tooLarge(Int64, column: String)
    /// A field of numbers holding something else.
    case notANumber(String, column: String)
    /// A GDELT file whose first row has a field count of no GDELT events layout.
    case notGDELTEvents(found: Int)
    /// A GDELT row with another number of fields than the file's first row; `layout` names that layout.
    case wrongGDELTFieldCount(expected: Int, found: Int, layout: String)
    /// A GDELT date field that is no date in the codebook's form (`format`: `YYYYMMDD`…).
    case notAGDELTDate(String, column: String, format: String)
    /// A GDELT events file with no rows.
    case emptyGDELTFile
    /// A zip archive that cannot be read: no end record, a damaged directory, an entry past its end.
    case damagedZip(path: String, reason: String)
    /// A zip entry whose inflated bytes are damaged: a deflate error, or a CRC-32 or size that does not match.
    case damagedZipEntry(path: String, entry: String, reason: String)
    /// A zip entry stored in a way Parley does not read: encrypted, or a method other than stored or deflate.
    case unsupportedZipEntry(path: String, entry: String, reason: String)
    /// A zip archive with no `.CSV` entry.
    case noCSVInZip(path: String)

    public var kind: ParleyError.Kind {
        switch self {
        case .isADirectory: .io
        default: .data
        }
    }

    public var message: String {
        switch self {
        case .isADirectory(let path): "cannot read `\(path)`: it is a directory"
        case .rowTooLong(let mebibytes): "a row longer than \(mebibytes) MiB (is this a CSV file?)"
        case .wrongFieldCount(let expected, let found): "expected \(expected) fields, found \(found)"
        case .endsInsideQuotes: "the file ends inside a quoted field"
        case .invalidUTF8(let offset): "invalid UTF-8 at byte \(offset)"
        case .commaAfterQuote: "expected a comma after the closing quote"
        case .quoteInUnquotedField: "a quote inside an unquoted field (quote the whole field and double the quote)"
        case .emptyFile: "the file is empty: an ACLED file starts with a header row"
        case .duplicateColumn(let header, let first, let second): "the header names `\(header)` twice (fields \(first) and \(second))"
        case .missingColumns(let headers): "not an ACLED file: no column \(headers.map { "`\($0)`" }.joined(separator: ", "))"
        case .notADate(let text): "`\(text)` is not a date (expected 2024-03-05 or 5 March 2024)"
        case .notATimePrecision(let text): "`\(text)` is not a time precision (1 day, 2 week, 3 month)"
        case .notAWholeNumber(let text, let column): "`\(text)` is not a whole number (\(column))"
        case .tooLarge(let value, let column): "\(value) is too large for \(column)"
        case .notANumber(let text, let column): "`\(text)` is not a number (\(column))"
        case .notGDELTEvents(let found):
            "expected 57, 58 or 61 tab-separated fields (GDELT 1.0 or 2.0 events), found \(found)"
        case .wrongGDELTFieldCount(let expected, let found, let layout):
            "expected \(expected) tab-separated fields (\(layout)), found \(found)"
        case .notAGDELTDate(let text, let column, let format): "`\(text)` is not a date (\(column): expected \(format))"
        case .emptyGDELTFile: "the file is empty: a GDELT events file holds one event per line"
        case .damagedZip(let path, let reason): "cannot read the zip `\(path)`: \(reason)"
        case .damagedZipEntry(let path, let entry, let reason): "`\(entry)` in the zip `\(path)` is damaged: \(reason)"
        case .unsupportedZipEntry(let path, let entry, let reason): "cannot read `\(entry)` in the zip `\(path)`: \(reason)"
        case .noCSVInZip(let path): "the zip `\(path)` holds no .CSV file"
        }
    }
}
