/// How a result is printed: a boxed table for people, or a format other programs read.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json, jsonl, markdown, line
}
