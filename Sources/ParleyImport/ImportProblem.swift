import ParleySupport

/// What reading a CSV file and importing it as ACLED can report.
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
        }
    }
}
