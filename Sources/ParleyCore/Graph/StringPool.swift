/// Interned strings: each distinct string is stored once and named by a dense `Int32` id.
///
/// Columns hold ids, so comparing two names is comparing two integers.
public struct StringPool: Sendable {
    public private(set) var strings: [String] = []
    private var ids: [String: Int32] = [:]

    public init() {}

    /// The id of `string`, adding it if new.
    /// - Complexity: O(length of `string`) expected.
    public mutating func intern(_ string: String) -> Int32 {
        if let id = ids[string] { return id }
        let id = Int32(strings.count)
        strings.append(string)
        ids[string] = id
        return id
    }

    /// The id of `string` if it was ever interned.
    public func id(of string: String) -> Int32? { ids[string] }

    public subscript(id: Int32) -> String { strings[Int(id)] }
}

/// A column of optional counts (deaths, injuries): `unknown` is not zero.
public struct OptionalCountColumn: Sendable {
    public static let unknownValue: Int32 = -1
    public var values: [Int32] = []

    public subscript(row: Int32) -> Int32? {
        let value = values[Int(row)]
        return value == OptionalCountColumn.unknownValue ? nil : value
    }

    public mutating func append(_ value: Int32?) {
        values.append(value ?? OptionalCountColumn.unknownValue)
    }
}

/// A column of dates with their precision, kept as two flat arrays.
public struct DateColumn: Sendable {
    public var firstDays: [Int32] = []
    public var precisions: [CalendarDate.Precision] = []

    public subscript(row: Int32) -> CalendarDate {
        CalendarDate(firstDay: firstDays[Int(row)], precision: precisions[Int(row)])
    }

    public mutating func append(_ date: CalendarDate) {
        firstDays.append(date.firstDay)
        precisions.append(date.precision)
    }

    public mutating func set(_ row: Int32, _ date: CalendarDate) {
        firstDays[Int(row)] = date.firstDay
        precisions[Int(row)] = date.precision
    }
}
