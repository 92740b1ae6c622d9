import ParleyGraph
import ParleySupport
import ParleySyntax

/// Time filters over dated kinds, as bound: before/after a date or an event, the same day as an event,
/// and windows ending at the latest dated event. A period or a range (`during`, `from … to`) runs as a
/// column loop in `columnFilter`.
struct TimeFilter {
    let graph: Graph
    let resolver: Resolver

    /// - Parameter notes: `last` says there which window it used.
    func test(_ plan: TimePlan, kind: NodeKind, notes: inout [String]) throws(ParleyError) -> (Int32) -> Bool {
        let dates = TimeLinks.dates(graph, kind)
        switch plan {
        case let .before(period):
            return { row in
                let date = dates[row]
                return date.isKnown && date.lastDay < period.firstDay
            }
        case let .after(period):
            return { row in
                let date = dates[row]
                return date.isKnown && date.firstDay > period.lastDay
            }
        case let .beforeEvent(event):
            return order(event, before: true, kind: kind, dates: dates)
        case let .afterEvent(event):
            return order(event, before: false, kind: kind, dates: dates)
        case let .sameDay(event):
            var links = TimeLinks(graph: graph)
            let target = links.dayClass(of: event)!
            let classes = links.classes(of: kind)
            return { row in classes[Int(row)] == target && NodeID(kind, row) != event }
        case let .last(count, unit, range):
            var latest: CalendarDate?
            let retracted = Set(graph.retractedRows(of: kind))
            for row in 0..<dates.firstDays.count where dates.precisions[row] != .unknown && (retracted.isEmpty || !retracted.contains(Int32(row))) {
                let date = dates[Int32(row)]
                if latest == nil || date.lastDay > latest!.lastDay { latest = date }
            }
            let window = "last \(count) \(unit)\(count == 1 ? "" : "s")"
            guard let latest else {
                notes.append("\(window): no \(kind.singular) is dated, so none is in the window")
                return { _ in false }
            }
            let end = latest.lastDay
            let start = try windowStart(end: end, count: count, unit: unit, range: range)
            // A window reaching before year 1 starts there: no date is earlier.
            let shownStart = max(start, Int32(CalendarDate.days(year: 1, month: 1, day: 1)))
            notes.append("\(window): \(CalendarDate.dayText(shownStart)) to \(CalendarDate.dayText(end)), "
                         + "ending with the latest dated \(kind.singular) (\(latest.text))")
            return within(dates, start, end)
        }
    }

    private func within(_ dates: DateColumn, _ start: Int32, _ end: Int32) -> (Int32) -> Bool {
        { row in
            let date = dates[row]
            return date.isKnown && date.firstDay >= start && date.lastDay <= end
        }
    }

    private func windowStart(end: Int32, count: Int, unit: String, range: Range<Int>) throws(ParleyError) -> Int32 {
        let singular = unit.hasSuffix("s") ? String(unit.dropLast()) : unit
        // Dates run from year 1 to 9999: a window of 10,000 years holds them all, and no longer one
        // needs computing (nor could be, in days since 1970).
        let count = min(count, 10_000 * 366)
        switch singular {
        case "day": return end - Int32(count) + 1
        case "week": return end - Int32(count * 7) + 1
        case "month", "year":
            let (y, m, d) = CalendarDate.civil(Int(end))
            let months = singular == "month" ? count : count * 12
            let total = max(0, y * 12 + (m - 1) - months)
            let year = total / 12
            let month = total % 12 + 1
            let day = min(d, CalendarDate.daysInMonth(year: year, month: month))
            return Int32(CalendarDate.days(year: year, month: month, day: day)) + 1
        default:
            throw ParleyError(EvalProblem.notATimeUnit(unit), at: resolver.span(range),
                              hint: "use days, weeks, months or years")
        }
    }

    private func order(_ event: NodeID, before: Bool, kind: NodeKind, dates: DateColumn) -> (Int32) -> Bool {
        let eventDate = TimeLinks.dates(graph, event.kind)[event.index]
        var links = TimeLinks(graph: graph)
        let stated = links.orderedClasses(relativeTo: event, earlier: before)
        let classes = links.classes(of: kind)
        return { row in
            if stated.contains(classes[Int(row)]) { return true }
            let date = dates[row]
            guard date.isKnown, eventDate.isKnown else { return false }
            return before ? date.lastDay < eventDate.firstDay : date.firstDay > eventDate.lastDay
        }
    }
}
