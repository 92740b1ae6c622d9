import ParleyEval
import ParleySupport

/// What a renderer needs to know besides the result itself.
public struct RenderOptions: Sendable {
    public var format: OutputFormat
    /// The most rows a table shows before eliding the middle (terminals only); nil shows every row.
    public var maxRows: Int?
    /// Whether tables, csv and tsv print their header line.
    public var headers: Bool
    /// How unknown prints in table, line, markdown, csv and tsv; nil for each format's own.
    public var nullText: String?
    /// The widest each text column of a table may be, by position (0 or missing: as wide as needed).
    public var columnWidths: [Int]
    /// How wide a table may be (a terminal's width); nil for as wide as it needs (pipes, files).
    public var maxWidth: Int?

    public init(format: OutputFormat = .table, maxRows: Int? = nil, headers: Bool = true, nullText: String? = nil,
                columnWidths: [Int] = [], maxWidth: Int? = nil) {
        self.format = format
        self.maxRows = maxRows
        self.headers = headers
        self.nullText = nullText
        self.columnWidths = columnWidths
        self.maxWidth = maxWidth
    }
}

/// Turns a `ResultSet` into text in the chosen format; the one entry point for printing results.
public enum Renderer {
    /// How people-facing formats print unknown: a sign that can't be mistaken for 0, "" or a name.
    static let unknownMarker = "∅"

    /// The result printed in `options.format`, ending with a newline unless empty.
    /// Throws when Ctrl-C or the `.timeout` stops a long rendering: a million rows take seconds.
    public static func render(_ result: ResultSet, options: RenderOptions) throws(ParleyError) -> String {
        switch options.format {
        case .table: return try TableRenderer.render(result, options: options)
        case .csv: return try DelimitedRenderer.render(result, style: .csv, headers: options.headers, nullText: options.nullText)
        case .tsv: return try DelimitedRenderer.render(result, style: .tsv, headers: options.headers, nullText: options.nullText)
        case .json: return try JSONRenderer.render(result, style: .array)
        case .jsonl: return try JSONRenderer.render(result, style: .lines)
        case .markdown: return try MarkdownRenderer.render(result, nullText: options.nullText ?? "")
        case .line: return try LineRenderer.render(result, nullText: options.nullText ?? unknownMarker)
        }
    }
}

extension ResultSet {
    /// The cell at `column` of `row`, unknown when a short row lacks it (renderers never trap on ragged rows).
    func cell(_ row: [Value], _ column: Int) -> Value {
        column < row.count ? row[column] : .unknown
    }
}
