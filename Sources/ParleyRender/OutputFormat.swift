/// How a result is printed: a boxed table for people, or a format other programs read.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json, jsonl, markdown, line

    /// The other shells' names for our modes (sqlite3's `box`, `column`, `tabs`; DuckDB's `duckbox`,
    /// `jsonlines`), which `.mode` takes too.
    public static let aliases: [String: OutputFormat] = [
        "box": .table, "column": .table, "duckbox": .table, "tabs": .tsv, "jsonlines": .jsonl, "ndjson": .jsonl,
    ]

    /// The mode called `name`: one of ours or another shell's name for it.
    public static func named(_ name: String) -> OutputFormat? {
        OutputFormat(rawValue: name) ?? aliases[name]
    }

    /// Every name `.mode` takes: ours, then the aliases A–Z.
    public static var allNames: [String] { allCases.map(\.rawValue) + aliases.keys.sorted() }

    /// The format a file's extension names (`x.csv`: csv), if it names one.
    package static func suggested(byExtensionOf path: String) -> OutputFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "csv": return .csv
        case "tsv", "tab": return .tsv
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        case "md", "markdown": return .markdown
        default: return nil
        }
    }
}
