import ParleyGraph

/// One cell of a result. `unknown` is its own value: never zero, never an empty string.
public enum Value: Sendable, Hashable {
    case unknown
    case integer(Int64)
    case double(Double)
    case string(String)
    case date(CalendarDate)
    case boolean(Bool)
    /// A field with several values (a meeting's participants); compares equal when any element does.
    case list([Value])

    public var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }

    /// The text a renderer prints for a known value; unknown has no text here (each format marks it its own way).
    public var text: String? {
        switch self {
        case .unknown: return nil
        case let .integer(value): return String(value)
        case let .double(value): return Value.format(value)
        case let .string(value): return value
        case let .date(value): return value.isKnown ? value.text : nil
        case let .boolean(value): return value ? "true" : "false"
        case let .list(values): return values.compactMap(\.text).joined(separator: "; ")
        }
    }

    /// Numbers print like DuckDB's: integral doubles without a fraction, others with up to 15 significant digits.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) + ".0" }
        var text = String(value)
        if text.contains("e") { return text }
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 7 {
            text = String(Double(Int64((value * 1_000_000).rounded())) / 1_000_000)
        }
        return text
    }

    /// Whether the value is a number (for right-aligning in tables and bare numbers in JSON).
    public var isNumeric: Bool {
        switch self {
        case .integer, .double: return true
        default: return false
        }
    }

    public var numericValue: Double? {
        switch self {
        case let .integer(value): return Double(value)
        case let .double(value): return value
        default: return nil
        }
    }
}

extension Value {
    /// Total order for sorting: unknown last; numbers by value; strings by UTF-8 bytes (as DuckDB); dates by period.
    public static func sortsBefore(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.unknown, _): return false
        case (_, .unknown): return true
        case let (.string(a), .string(b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        case let (.date(a), .date(b)):
            if a.isKnown != b.isKnown { return a.isKnown }
            return a < b
        case let (.boolean(a), .boolean(b)): return !a && b
        case let (.list(a), .list(b)):
            return (a.first.map { $0 } ?? .unknown).sortsBefore(b.first ?? .unknown)
        default:
            if let a = lhs.numericValue, let b = rhs.numericValue { return a < b }
            return lhs.rank < rhs.rank
        }
    }

    func sortsBefore(_ other: Value) -> Bool { Value.sortsBefore(self, other) }

    private var rank: Int {
        switch self {
        case .boolean: 0
        case .integer, .double: 1
        case .date: 2
        case .string: 3
        case .list: 4
        case .unknown: 5
        }
    }
}

/// The rows a statement produced, ready for a renderer.
public struct ResultSet: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Value]]
    /// Lines for stderr after the result: "sum skipped 2 unknown deaths".
    public var notes: [String]

    public init(columns: [String], rows: [[Value]], notes: [String] = []) {
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }
}
