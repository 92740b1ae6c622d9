import ParleyEval
import ParleySupport

/// What a renderer needs to know besides the result itself.
public struct RenderOptions: Sendable {
    public var format: OutputFormat
    /// The most rows a table shows before eliding the middle (terminals only); nil shows every row.
    public var maxRows: Int?

    public init(format: OutputFormat = .table, maxRows: Int? = nil) {
        self.format = format
        self.maxRows = maxRows
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
        case .table: return try TableRenderer.render(result, maxRows: options.maxRows)
        case .csv: return try DelimitedRenderer.render(result, style: .csv)
        case .tsv: return try DelimitedRenderer.render(result, style: .tsv)
        case .json: return try JSONRenderer.render(result, style: .array)
        case .jsonl: return try JSONRenderer.render(result, style: .lines)
        case .markdown: return try MarkdownRenderer.render(result)
        case .line: return try LineRenderer.render(result)
        }
    }
}

extension ResultSet {
    /// The cell at `column` of `row`, unknown when a short row lacks it (renderers never trap on ragged rows).
    func cell(_ row: [Value], _ column: Int) -> Value {
        column < row.count ? row[column] : .unknown
    }
}
