import ParleyGraph
import ParleySyntax

/// The constant values of an `in (…)` list, hashed once when the query is compiled, so that matching
/// a row is a lookup rather than a walk down the list: 20,000 names against 200,000 rows is 200,000
/// lookups, not four billion comparisons.
///
/// `contains(v)` is true exactly when `Value.compare(v, .equal, option)` is true for some listed
/// option: strings by equality, numbers by value (`3` is `3.0`), a date when it lies within a listed
/// date or year, a year written as a number when it lies within a listed date.
struct ListedValues {
    private var strings: Set<String> = []
    private var numbers: Set<Double> = []
    private var booleans: Set<Bool> = []
    /// NaN is neither less nor greater than any number, so compares equal to each (no literal makes one).
    private var hasNaN = false
    /// Listed dates, and listed whole numbers read as years, for a date on the left.
    private var datePeriods = Periods()
    private var yearPeriods = Periods()

    /// - Complexity: O(n log n) for n options (the periods are sorted).
    init(_ options: [Value]) {
        var dates: [CalendarDate] = []
        var years: [CalendarDate] = []
        for option in options {
            switch option {
            case .unknown, .list: continue  // unknown equals nothing; a list literal does not occur
            case let .string(text): strings.insert(text)
            case let .integer(value):
                numbers.insert(Double(value))
                if let year = CalendarDate.parse(String(value)) { years.append(year) }
            case let .double(value): if value.isNaN { hasNaN = true } else { numbers.insert(value) }
            case let .boolean(value): booleans.insert(value)
            case let .date(date): dates.append(date)
            }
        }
        datePeriods = Periods(dates)
        yearPeriods = Periods(years)
    }

    /// Whether the value equals a listed option; a list when any of its elements does.
    /// - Complexity: O(1) expected; O(log n) for a date.
    func contains(_ value: Value) -> Bool {
        switch value {
        case .unknown: return false
        case let .string(text): return strings.contains(text)
        case let .integer(number):
            if hasNaN || numbers.contains(Double(number)) { return true }
            guard !datePeriods.isEmpty, let year = CalendarDate.parse(String(number)) else { return false }
            return datePeriods.contains(year)
        case let .double(number):
            return hasNaN || (number.isNaN ? !numbers.isEmpty : numbers.contains(number))
        case let .boolean(flag): return booleans.contains(flag)
        case let .date(date): return datePeriods.contains(date) || yearPeriods.contains(date)
        case let .list(values): return values.contains { contains($0) }
        }
    }

    /// Periods sorted by first day, with the latest last day among each one and those before it:
    /// a date lies within one of them when, among those starting on or before its first day, the
    /// latest end is on or after its last.
    private struct Periods {
        private var firstDays: [Int32] = []
        private var latestLastDays: [Int32] = []

        init() {}

        init(_ dates: [CalendarDate]) {
            let sorted = dates.map { ($0.firstDay, $0.lastDay) }.sorted { $0.0 < $1.0 }
            firstDays = sorted.map(\.0)
            var latest = Int32.min
            latestLastDays = sorted.map { period in
                latest = max(latest, period.1)
                return latest
            }
        }

        var isEmpty: Bool { firstDays.isEmpty }

        func contains(_ date: CalendarDate) -> Bool {
            // The last period starting on or before the date's first day.
            var low = 0
            var high = firstDays.count
            while low < high {
                let middle = (low + high) / 2
                if firstDays[middle] <= date.firstDay { low = middle + 1 } else { high = middle }
            }
            return low > 0 && latestLastDays[low - 1] >= date.lastDay
        }
    }
}

extension ListedValues {
    /// A list's constant options hashed, and the positions of the options read per row (fields).
    struct Split {
        let listed: ListedValues
        let perRow: [Int]
    }

    /// The lists of one bound expression, keyed by the storage of their options: the plan's
    /// expression, and any conjunct taken from it, shares that storage, and the cache holds the
    /// options so no other array can take their address while it lives.
    final class Cache {
        private var entries: [UInt: (options: [Expr], split: Split)] = [:]

        init() {}

        func split(of options: [Expr]) -> Split? {
            entries[Self.key(options)].map(\.split)
        }

        func keep(_ split: Split, for options: [Expr]) {
            entries[Self.key(options)] = (options, split)
        }

        private static func key(_ options: [Expr]) -> UInt {
            options.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        }
    }
}
