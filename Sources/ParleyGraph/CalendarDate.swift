/// A date as analysts have it: a day, an ISO week, a month or a year — or unknown.
///
/// Stored as the first day of its period (days since 1970-01-01) and the precision; the period's last
/// day follows from the two. Comparisons treat a partial date as the whole period it covers.
public struct CalendarDate: Sendable, Hashable, Comparable {
    public enum Precision: UInt8, Sendable, Comparable, CaseIterable, BitwiseCopyable {
        case day, week, month, year, unknown

        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }

        public var name: String {
            switch self {
            case .day: "day"
            case .week: "week"
            case .month: "month"
            case .year: "year"
            case .unknown: "unknown"
            }
        }
    }

    /// Days since 1970-01-01 of the period's first day (0 when unknown).
    public var firstDay: Int32
    public var precision: Precision

    public static let unknown = CalendarDate(firstDay: 0, precision: .unknown)

    public init(firstDay: Int32, precision: Precision) {
        self.firstDay = firstDay
        self.precision = precision
    }

    public init(year: Int, month: Int, day: Int) {
        self.init(firstDay: Int32(CalendarDate.days(year: year, month: month, day: day)), precision: .day)
    }

    public var isKnown: Bool { precision != .unknown }

    /// The last day of the period (inclusive).
    public var lastDay: Int32 {
        switch precision {
        case .day, .unknown: return firstDay
        case .week: return firstDay + 6
        case .month:
            let (y, m, _) = CalendarDate.civil(Int(firstDay))
            return Int32(CalendarDate.days(year: y, month: m, day: CalendarDate.daysInMonth(year: y, month: m)))
        case .year:
            let (y, _, _) = CalendarDate.civil(Int(firstDay))
            return Int32(CalendarDate.days(year: y, month: 12, day: 31))
        }
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.firstDay, lhs.precision) < (rhs.firstDay, rhs.precision)
    }

    /// Parses `2024`, `2024-03`, `2024-W09`, `2024-03-05`; nil when malformed or out of range.
    public static func parse(_ text: String) -> CalendarDate? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 4, let year = number(0..<4), year >= 1 else { return nil }
        switch bytes.count {
        case 4:
            return CalendarDate(firstDay: Int32(days(year: year, month: 1, day: 1)), precision: .year)
        case 7 where bytes[4] == UInt8(ascii: "-"):
            guard let month = number(5..<7), (1...12).contains(month) else { return nil }
            return CalendarDate(firstDay: Int32(days(year: year, month: month, day: 1)), precision: .month)
        case 8 where bytes[4] == UInt8(ascii: "-") && bytes[5] == UInt8(ascii: "W"):
            guard let week = number(6..<8), week >= 1, week <= isoWeeks(in: year) else { return nil }
            return CalendarDate(firstDay: Int32(isoWeekStart(year: year) + (week - 1) * 7), precision: .week)
        case 10 where bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-"):
            guard let month = number(5..<7), (1...12).contains(month),
                  let day = number(8..<10), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        default:
            return nil
        }
    }

    /// `2024`, `2024-03`, `2024-W09`, `2024-03-05`, or `unknown`.
    public var text: String {
        switch precision {
        case .unknown: return "unknown"
        case .day: return CalendarDate.dayText(firstDay)
        case .month: return String(CalendarDate.dayText(firstDay).prefix(7))
        case .year: return String(CalendarDate.dayText(firstDay).prefix(4))
        case .week:
            let (year, week) = CalendarDate.isoWeek(ofDay: Int(firstDay))
            return "\(CalendarDate.pad(year, 4))-W\(CalendarDate.pad(week, 2))"
        }
    }

    /// The period of the given precision holding this date's first day (a bucket for `group by`).
    public func bucket(_ precision: Precision) -> CalendarDate {
        guard isKnown, precision >= self.precision else { return isKnown ? self : .unknown }
        let (y, m, _) = CalendarDate.civil(Int(firstDay))
        switch precision {
        case .day: return CalendarDate(firstDay: firstDay, precision: .day)
        case .week:
            let weekday = CalendarDate.isoWeekday(Int(firstDay))
            return CalendarDate(firstDay: firstDay - Int32(weekday - 1), precision: .week)
        case .month: return CalendarDate(firstDay: Int32(CalendarDate.days(year: y, month: m, day: 1)), precision: .month)
        case .year: return CalendarDate(firstDay: Int32(CalendarDate.days(year: y, month: 1, day: 1)), precision: .year)
        case .unknown: return .unknown
        }
    }

    // MARK: Calendar arithmetic (proleptic Gregorian; Howard Hinnant's algorithms)

    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 1 = Monday … 7 = Sunday.
    static func isoWeekday(_ days: Int) -> Int {
        // 1970-01-01 was a Thursday (4).
        ((days % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// The Monday starting ISO week 1 of `year`.
    static func isoWeekStart(year: Int) -> Int {
        let jan4 = days(year: year, month: 1, day: 4)
        return jan4 - (isoWeekday(jan4) - 1)
    }

    static func isoWeeks(in year: Int) -> Int {
        (isoWeekStart(year: year + 1) - isoWeekStart(year: year)) / 7
    }

    static func isoWeek(ofDay day: Int) -> (year: Int, week: Int) {
        var (year, _, _) = civil(day)
        if day >= isoWeekStart(year: year + 1) { year += 1 } else if day < isoWeekStart(year: year) { year -= 1 }
        return (year, (day - isoWeekStart(year: year)) / 7 + 1)
    }

    package static func dayText(_ day: Int32) -> String {
        let (y, m, d) = civil(Int(day))
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    package static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
