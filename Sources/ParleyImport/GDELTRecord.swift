import ParleyGraph

/// One event of a GDELT events file: every field as the file writes it (CAMEO codes keep their
/// leading zeros: `036`), and the codebook's numbers and dates parsed.
///
/// It points into the reader's buffer: read it inside the closure `GDELTReader.read` calls, and copy
/// what must outlive the call (`texts`, `text(_:)`).
public struct GDELTRecord {
    public let layout: GDELTLayout
    /// The file, or `archive.zip/entry.CSV`, and the 1-based line.
    public let source: String
    public let line: Int
    public let globalEventID: Int64
    /// `SQLDATE`: the day the event took place, as GDELT dates it.
    public let sqlDate: CalendarDate
    /// `DATEADDED`: when GDELT added the event (a 15-minute stamp in 2.0, a day in 1.0).
    public let dateAdded: GDELTTimestamp
    public let isRootEvent: Bool
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    public let quadClass: Int
    /// The event code's Goldstein score, -10 to 10; nil when the field is empty.
    public let goldsteinScale: Double?
    public let numMentions: Int
    public let numSources: Int
    public let numArticles: Int
    public let avgTone: Double
    public let actor1Geo: GDELTGeography
    public let actor2Geo: GDELTGeography
    public let actionGeo: GDELTGeography

    let fields: UnsafeBufferPointer<UInt8>
    let starts: UnsafePointer<Int>
    let ends: UnsafePointer<Int>

    /// The bytes of `column` as in the file, or nil when this layout has no such column.
    public func bytes(_ column: GDELTColumn) -> UnsafeBufferPointer<UInt8>? {
        guard let index = layout.index(of: column) else { return nil }
        return UnsafeBufferPointer(rebasing: fields[starts[index]..<ends[index]])
    }

    /// The text of `column` as in the file ("" when empty), or nil when this layout has no such column.
    public func text(_ column: GDELTColumn) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every field's text, in file order (`layout.columns` names them).
    public var texts: [String] {
        (0..<layout.fieldCount).map { String(decoding: fields[starts[$0]..<ends[$0]], as: UTF8.self) }
    }
}

/// A GDELT `DATEADDED`: the day, and in GDELT 2.0 the time of day (UTC) of its 15-minute update.
public struct GDELTTimestamp: Sendable, Equatable {
    public let date: CalendarDate
    /// Seconds since midnight; nil in GDELT 1.0, which writes the day only.
    public let secondsOfDay: Int?
}

/// One of a GDELT event's three geographies (actor 1, actor 2, the action).
public struct GDELTGeography: Sendable, Equatable {
    /// `Geo_Type`: 0 none, 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1);
    /// nil when the field is empty.
    public let type: Int?
    /// nil when the field is empty (as it is when `type` is 0).
    public let latitude: Double?
    public let longitude: Double?
}

/// Numbers and dates of GDELT fields, parsed from their bytes without making a `String` (but for a
/// decimal with more digits than a `Double` holds exactly).
enum GDELTFieldParser {
    /// A decimal whole number with an optional sign; nil for anything else, or past Int64.
    static func int64(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if bytes.count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !overflow1 && !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// A decimal number (`-2.5`, `47.8167`, `1e-3`); nil for anything else (no `nan`, `inf` or hex).
    /// Up to 15 digits and no exponent it is one exact division (correctly rounded); otherwise the
    /// standard library parses it.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if bytes.count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var simple = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0")) }
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < bytes.count {
            // An exponent: `e`, an optional sign, digits, and nothing after.
            guard bytes[index] | 0x20 == UInt8(ascii: "e") else { return nil }
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) { index += 1 }
            guard index < bytes.count else { return nil }
            while index < bytes.count {
                guard bytes[index] &- UInt8(ascii: "0") < 10 else { return nil }
                index += 1
            }
            simple = false
        }
        if simple && digits <= 15 {
            var divisor = 1.0
            for _ in 0..<fractionDigits { divisor *= 10 }  // exact: 10^15 fits a Double's 53 bits
            let value = Double(mantissa) / divisor
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// `YYYYMMDD` as a day; nil for anything else, or a day the month does not have.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 8, let year = digits(bytes, 0, 4), let month = digits(bytes, 4, 2), let day = digits(bytes, 6, 2),
              year >= 1, (1...12).contains(month), day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length = month == 2 ? (leap ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31)
        guard day <= length else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `YYYYMMDDHHMMSS` as a day and seconds since midnight.
    static func dateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> GDELTTimestamp? {
        guard bytes.count == 14, let date = date(UnsafeBufferPointer(rebasing: bytes[0..<8])),
              let hour = digits(bytes, 8, 2), let minute = digits(bytes, 10, 2), let second = digits(bytes, 12, 2),
              hour < 24, minute < 60, second < 60 else { return nil }
        return GDELTTimestamp(date: date, secondsOfDay: hour * 3600 + minute * 60 + second)
    }

    @inline(__always)
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
        var value = 0
        for index in from..<from + count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
