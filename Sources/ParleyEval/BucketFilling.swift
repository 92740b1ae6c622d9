import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// Largest number of rows `group by … filled` may produce.
    public static let maximumFilledRows = 1_000_000

    /// `group by … filled`: grouped rows (keys in ascending order, then the aggregates) with a row added
    /// for every bucket between the first and the last known bucket that a group of the other keys has
    /// no row for. Each group of the other keys that appears is filled over the same overall range; a
    /// bucket with no rows counts 0 and sums to 0 (no events is no unknown), its `avg`, `min` and `max`
    /// are unknown. Rows with an unknown bucket stay as they are.
    /// - Complexity: O((rows + added) log (rows + added)).
    func fill(_ rows: [[Value]], _ filled: FilledBucket, keyCount: Int, aggregates: [Aggregate]) throws(ParleyError) -> [[Value]] {
        let slot = filled.slot
        var first = Int32.max
        var last = Int32.min
        // The buckets each group of the other keys has, groups in order of appearance.
        var bucketsOfGroup: [[Value]: Set<Int32>] = [:]
        var groups: [[Value]] = []
        for (position, row) in rows.enumerated() {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            var others = Array(row[0..<keyCount])
            others.remove(at: slot)
            if bucketsOfGroup[others] == nil {
                bucketsOfGroup[others] = []
                groups.append(others)
            }
            switch row[slot] {
            case .unknown:
                continue
            case let .date(date) where date.precision == filled.precision:
                first = min(first, date.firstDay)
                last = max(last, date.firstDay)
                bucketsOfGroup[others]!.insert(date.firstDay)
            case let value:
                let precision = filled.precision.name
                throw ParleyError(EvalProblem.notBucketsOf(field: filled.field.text, precision: precision, found: value.text ?? ""),
                                  at: resolver.span(filled.field.range),
                                  hint: "fill a kind's own `\(precision)` field, before `select` or as `select \(precision)`")
            }
        }
        guard first <= last else { return rows }

        var buckets: [CalendarDate] = []
        var bucket = CalendarDate(firstDay: first, precision: filled.precision)
        while bucket.firstDay <= last {
            if buckets.count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            if buckets.count * groups.count > Evaluator.maximumFilledRows { throw tooManyFilledRows(filled) }
            buckets.append(bucket)
            bucket = CalendarDate(firstDay: bucket.lastDay + 1, precision: filled.precision)
        }
        let empty = aggregates.enumerated().map { column, aggregate -> Value in
            switch aggregate.function {
            case .count, .unknown: return .integer(0)
            case .sum:
                // A sum of decimals stays one: 0.0 beside 2.5.
                let decimal = rows.contains { if case .double = $0[keyCount + column] { true } else { false } }
                return decimal ? .double(0) : .integer(0)
            case .avg, .min, .max: return .unknown
            }
        }
        var result = rows
        for others in groups {
            let present = bucketsOfGroup[others]!
            for bucket in buckets where !present.contains(bucket.firstDay) {
                if result.count % Interrupt.checkInterval == 0 { try Interrupt.check() }
                if result.count >= Evaluator.maximumFilledRows { throw tooManyFilledRows(filled) }
                var keys = others
                keys.insert(.date(bucket), at: slot)
                result.append(keys + empty)
            }
        }
        let order = try Interrupt.sortedPositions(result.count) { a, b in
            for (x, y) in zip(result[a][0..<keyCount], result[b][0..<keyCount]) where x != y {
                return Value.sortsBefore(x, y)
            }
            return false
        }
        return order.map { result[$0] }
    }

    private func tooManyFilledRows(_ filled: FilledBucket) -> ParleyError {
        ParleyError(EvalProblem.tooManyFilledRows(limit: Evaluator.maximumFilledRows.formatted), at: resolver.span(filled.field.range),
                    hint: "fill a coarser bucket, or narrow the dates first")
    }
}
