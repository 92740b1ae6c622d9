import ParleyEval
import ParleySupport

/// CSV (RFC 4180) and TSV: a header line, then one line per row.
///
/// Unknown is an empty field in both. In CSV an empty known string is `""`, so the two stay apart;
/// TSV has no quoting, so there they cannot.
enum DelimitedRenderer {
    enum Style {
        case csv, tsv
    }

    /// - Parameter nullText: what unknown prints as (`.nullvalue`); nil for an empty field.
    static func render(_ result: ResultSet, style: Style, headers: Bool = true, nullText: String? = nil) throws(ParleyError) -> String {
        // With no columns there is no header and every row is empty: nothing worth printing.
        guard !result.columns.isEmpty else { return "" }
        let separator = style == .csv ? "," : "\t"
        let unknown = nullText.map { field($0, style) } ?? ""
        var out = headers ? result.columns.map { field($0, style) }.joined(separator: separator) + "\n" : ""
        for (position, row) in result.rows.enumerated() {
            try Interrupt.check(at: position)
            out += result.columns.indices.map { column in
                result.cell(row, column).text.map { field($0, style) } ?? unknown
            }.joined(separator: separator)
            out += "\n"
        }
        return out
    }

    private static func field(_ text: String, _ style: Style) -> String {
        switch style {
        case .csv: return csvField(text)
        case .tsv: return tsvField(text)
        }
    }

    private static func csvField(_ text: String) -> String {
        let bytes = text.utf8
        // Spreadsheets trim unquoted edge spaces, so those fields are quoted to keep them.
        let needsQuotes = bytes.isEmpty || bytes.first == 0x20 || bytes.last == 0x20
            || bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }

    private static func tsvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
