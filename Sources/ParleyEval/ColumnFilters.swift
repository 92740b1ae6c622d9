import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// The common filters as tight loops over one column each — place, time span, the two sides —
    /// with no call per row. Nil sends the filter down the general path (`rowTest`).
    func columnFilter(_ filter: FilterPlan, kind: NodeKind, rows: [Int32]) throws(ParleyError) -> [Int32]? {
        switch (filter, kind) {
        case let (.inPlaces(_, inside), .incidents), let (.inPlaces(_, inside), .meetings):
            var marks = [UInt8](repeating: 0, count: inside.count + 1)
            for (place, isInside) in inside.enumerated() where isInside { marks[place + 1] = 1 }
            let places = kind == .incidents ? graph.incidents.places : graph.meetings.places
            return try marks.withUnsafeBufferPointer { marks throws(ParleyError) in
                try places.withUnsafeBufferPointer { places throws(ParleyError) in
                    try keep(rows) { row in marks[Int(places[Int(row)]) + 1] != 0 }
                }
            }
        case let (.span(start, end), _):
            guard kind == .incidents || kind == .meetings || kind == .claims else { return nil }
            let dates = TimeLinks.dates(graph, kind)
            return try dates.firstDays.withUnsafeBufferPointer { firstDays throws(ParleyError) in
                try dates.precisions.withUnsafeBufferPointer { precisions throws(ParleyError) in
                    try keep(rows) { row in
                        let precision = precisions[Int(row)]
                        let first = firstDays[Int(row)]
                        guard first >= start, precision != .unknown else { return false }
                        // Only a partial date needs its last day worked out.
                        return precision == .day ? first <= end : dates[row].lastDay <= end
                    }
                }
            }
        case let (.involving(involvement), .incidents) where involvement.sidesOnly:
            let inside = involvement.parties
            // Which parties count, as one byte each, indexed past -1 (no party) so no branch is needed.
            var marks = [UInt8](repeating: 0, count: inside.count + 1)
            for (party, isInside) in inside.enumerated() where isInside { marks[party + 1] = 1 }
            let actorMark: UInt8 = involvement.incidentRoles.contains(.actor) ? 1 : 0
            let targetMark: UInt8 = involvement.incidentRoles.contains(.target) ? 1 : 0
            return try marks.withUnsafeBufferPointer { marks throws(ParleyError) in
                try graph.incidents.actors.withUnsafeBufferPointer { actors throws(ParleyError) in
                    try graph.incidents.targets.withUnsafeBufferPointer { targets throws(ParleyError) in
                        try keep(rows) { row in
                            (marks[Int(actors[Int(row)]) + 1] & actorMark) | (marks[Int(targets[Int(row)]) + 1] & targetMark) != 0
                        }
                    }
                }
            }
        default:
            return nil
        }
    }

    /// The rows passing `test`, checking for Ctrl-C between blocks of rows. Branch-free: every row is
    /// written and the count advances only for the kept ones, so a 60/40 split costs no mispredictions.
    @inline(__always)
    func keep(_ rows: [Int32], _ test: (Int32) -> Bool) throws(ParleyError) -> [Int32] {
        var count = 0
        let kept = try [Int32](unsafeUninitializedCapacity: rows.count) { out, initialized throws(ParleyError) in
            try rows.withUnsafeBufferPointer { rows throws(ParleyError) in
                var start = 0
                while start < rows.count {
                    try Interrupt.check()
                    let end = min(rows.count, start + Interrupt.checkInterval * 16)
                    for index in start..<end {
                        let row = rows[index]
                        out[count] = row
                        count += test(row) ? 1 : 0
                    }
                    start = end
                }
            }
            initialized = count
        }
        return kept
    }
}
