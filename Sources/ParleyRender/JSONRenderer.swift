import ParleyEval
import ParleySupport

/// JSON: an array with one object per line (DuckDB's `.mode json`), or JSON Lines with no array.
///
/// Numbers are bare, unknown is `null`, dates are strings, lists are arrays.
enum JSONRenderer {
    enum Style {
        /// `[{…},\n{…}]`
        case array
        /// `{…}\n{…}\n`
        case lines
    }

    static func render(_ result: ResultSet, style: Style) throws(ParleyError) -> String {
        // Keys are the same for every row: escape them once.
        let keys = result.columns.map { string($0) + ":" }
        let objects = try Interrupt.map(result.rows) { row in
            var out = "{"
            for (column, key) in keys.enumerated() {
                if column > 0 { out += "," }
                out += key
                out += value(result.cell(row, column))
            }
            return out + "}"
        }
        switch style {
        case .array: return "[" + objects.joined(separator: ",\n") + "]\n"
        case .lines: return objects.map { $0 + "\n" }.joined()
        }
    }

    private static func value(_ value: Value) -> String {
        switch value {
        case .unknown: return "null"
        case let .integer(n): return String(n)
        // JSON has no NaN or infinity; null is the honest "no number" there.
        case let .double(d): return d.isFinite ? (value.text ?? "null") : "null"
        case let .boolean(b): return b ? "true" : "false"
        case .string, .date: return value.text.map(string) ?? "null"
        case let .list(values): return "[" + values.map(self.value).joined(separator: ",") + "]"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; other text as UTF-8.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
