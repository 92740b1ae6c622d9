import ParleyGraph
import ParleySchema
import ParleySupport

/// Fields read as integer codes straight from the graph's columns — the fast paths for filtering,
/// grouping, aggregating and pairing a million rows without building a `Value` per row.
enum CodedField {
    /// Ids into a dictionary (strings, parties, places), optionally mapped (a place → its admin1);
    /// -1 is unknown. `encode` finds the ids whose text is exactly a literal.
    case ids([Int32], map: [Int32]?, decode: (Int32) -> Value, encode: (String) -> [Int32])
    /// Counts such as deaths; -1 is unknown.
    case counts([Int32])
    /// Dates, bucketed to a precision (`month`), or as they are (`date`).
    case dates(DateColumn, bucket: CalendarDate.Precision?)
    /// The other side of each incident from the parties marked (`opponent` after `involving`).
    case opponent(actors: [Int32], targets: [Int32], involved: [Bool], decode: (Int32) -> Value)

    static let unknownCode = Int64.min

    /// The lowest code and a slot count (one spare slot, last, for unknown) when the known codes span
    /// few enough values to index an array.
    static func smallRange(_ codes: [Int64], limit: Int64 = 1 << 22) -> (low: Int64, slots: Int)? {
        var low = Int64.max
        var high = Int64.min
        for code in codes where code != unknownCode {
            if code < low { low = code }
            if code > high { high = code }
        }
        if low > high { return (0, 1) }
        guard high - low < limit else { return nil }
        return (low, Int(high - low) + 2)
    }

    /// The code of each row; `unknownCode` for unknown.
    /// - Complexity: O(rows), one tight loop per kind of field.
    func codes(_ rows: [Int32]) throws(ParleyError) -> [Int64] {
        var codes = [Int64](repeating: 0, count: rows.count)
        try codes.withUnsafeMutableBufferPointer { out throws(ParleyError) in
            switch self {
            case let .ids(values, map, _, _):
                for (position, row) in rows.enumerated() {
                    if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
                    var id = values[Int(row)]
                    if let map, id >= 0 { id = map[Int(id)] }
                    out[position] = id < 0 ? CodedField.unknownCode : Int64(id)
                }
            case let .counts(values):
                for (position, row) in rows.enumerated() {
                    let value = values[Int(row)]
                    out[position] = value < 0 ? CodedField.unknownCode : Int64(value)
                }
            case let .dates(column, bucket?) where bucket != .day:
                // Bucketing is calendar arithmetic; do it once per distinct first day.
                var bucketOfDay: [Int32: Int64] = [:]
                for (position, row) in rows.enumerated() {
                    if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
                    let precision = column.precisions[Int(row)]
                    guard precision != .unknown, precision <= bucket else {
                        out[position] = CodedField.unknownCode
                        continue
                    }
                    let day = column.firstDays[Int(row)]
                    if precision == bucket {
                        out[position] = Int64(day)
                    } else if let known = bucketOfDay[day] {
                        out[position] = known
                    } else {
                        let code = Int64(CalendarDate(firstDay: day, precision: precision).bucket(bucket).firstDay)
                        bucketOfDay[day] = code
                        out[position] = code
                    }
                }
            case let .dates(column, bucket):
                for (position, row) in rows.enumerated() {
                    if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
                    let precision = column.precisions[Int(row)]
                    if precision == .unknown {
                        out[position] = CodedField.unknownCode
                    } else if let bucket {
                        // A date coarser than the bucket has no bucket: unknown.
                        if precision > bucket {
                            out[position] = CodedField.unknownCode
                        } else {
                            let date = precision == bucket ? CalendarDate(firstDay: column.firstDays[Int(row)], precision: bucket)
                                : CalendarDate(firstDay: column.firstDays[Int(row)], precision: precision).bucket(bucket)
                            out[position] = Int64(date.firstDay)
                        }
                    } else {
                        out[position] = Int64(column.firstDays[Int(row)]) << 3 | Int64(precision.rawValue)
                    }
                }
            case let .opponent(actors, targets, involved, _):
                try Interrupt.check()
                // Arithmetic instead of branches: which side is "ours" is a coin toss per row.
                var marks = [Int64](repeating: 0, count: involved.count + 1)
                for (party, isInvolved) in involved.enumerated() where isInvolved { marks[party + 1] = 1 }
                let output = out.baseAddress!
                actors.withUnsafeBufferPointer { actors in
                    targets.withUnsafeBufferPointer { targets in
                        marks.withUnsafeBufferPointer { marks in
                            for position in 0..<rows.count {
                                let row = Int(rows[position])
                                let actor = Int64(actors[row])
                                let target = Int64(targets[row])
                                let takeTarget = marks[Int(actor) + 1]
                                let takeActor = marks[Int(target) + 1] & (1 - takeTarget)
                                let other = takeTarget * target + takeActor * actor - (1 - takeTarget - takeActor)
                                output[position] = other < 0 ? CodedField.unknownCode : other
                            }
                        }
                    }
                }
            }
        }
        return codes
    }

    /// The value a code stands for.
    func decode(_ code: Int64) -> Value {
        if code == CodedField.unknownCode { return .unknown }
        switch self {
        case let .ids(_, _, decode, _): return decode(Int32(code))
        case .counts: return .integer(code)
        case let .dates(_, bucket):
            if let bucket { return .date(CalendarDate(firstDay: Int32(code), precision: bucket)) }
            return .date(CalendarDate(firstDay: Int32(code >> 3), precision: CalendarDate.Precision(rawValue: UInt8(code & 7))!))
        case let .opponent(_, _, _, decode): return decode(Int32(code))
        }
    }
}

/// How a field reads as codes — decided from the kind and the field alone, so a plan chooses its
/// coded loops before any column is loaded. `NodeFields.coded` gives a field exactly when this does.
enum CodedForm: Equatable {
    case ids, counts
    case dates(bucketed: Bool)
    case opponent
}

extension NodeFields {
    /// The coded form of a field, or nil when only the general path reads it. `opponent` has one only
    /// after an `involving` (`involved`).
    static func codedForm(_ kind: NodeKind, _ field: String, involved: Bool) -> CodedForm? {
        switch kind {
        case .incidents:
            switch Schema.field(kind, field)?.access {
            case .word?: return .ids
            case .integer?: return .counts
            default: break
            }
            switch field {
            case "deaths", "injuries": return .counts
            case "actor", "target": return .ids
            case "opponent": return involved ? .opponent : nil
            default: break
            }
        case .meetings:
            break
        default:
            return nil
        }
        switch field {
        case "place": return .ids
        case "date": return .dates(bucketed: false)
        case "day", "week", "month", "year": return .dates(bucketed: true)
        default: return PlaceLevel(rawValue: field) != nil ? .ids : nil
        }
    }

    /// The field as codes, when it has a fast path; nil sends the caller to the general one.
    func coded(_ kind: NodeKind, _ field: String) -> CodedField? {
        guard Self.codedForm(kind, field, involved: bindings.involvedParties != nil) != nil else { return nil }
        let graph = self.graph
        let strings: (Int32) -> Value = { id in .string(graph.strings[id]) }
        let encodeString: (String) -> [Int32] = { text in graph.strings.id(of: text).map { [$0] } ?? [] }
        let partyName: (Int32) -> Value = { id in .string(graph.strings[graph.parties.names[Int(id)]]) }
        let encodeParty: (String) -> [Int32] = { text in graph.parties(named: text).filter { graph.partyName($0) == text } }
        let placeName: (Int32) -> Value = { id in .string(graph.strings[graph.places.names[Int(id)]]) }
        let encodePlace: (String) -> [Int32] = { text in graph.places(named: text).filter { graph.placeName($0) == text } }
        let places: [Int32]
        let dates: DateColumn
        switch kind {
        case .incidents:
            let table = graph.incidents
            switch Schema.field(kind, field)?.access {
            case let .word(column)?: return .ids(column.int32s(in: graph), map: nil, decode: strings, encode: encodeString)
            case let .integer(column)?: return .counts(column.int32s(in: graph))
            default: break
            }
            switch field {
            case "deaths": return .counts(table.deaths.values)
            case "injuries": return .counts(table.injuries.values)
            case "actor": return .ids(table.actors, map: nil, decode: partyName, encode: encodeParty)
            case "target": return .ids(table.targets, map: nil, decode: partyName, encode: encodeParty)
            case "opponent":
                guard let involved = bindings.involvedParties else { return nil }
                return .opponent(actors: table.actors, targets: table.targets, involved: involved, decode: partyName)
            default:
                places = table.places
                dates = table.dates
            }
        case .meetings:
            places = graph.meetings.places
            dates = graph.meetings.dates
        default:
            return nil
        }
        switch field {
        case "place": return .ids(places, map: nil, decode: placeName, encode: encodePlace)
        case "date": return .dates(dates, bucket: nil)
        case "day": return .dates(dates, bucket: .day)
        case "week": return .dates(dates, bucket: .week)
        case "month": return .dates(dates, bucket: .month)
        case "year": return .dates(dates, bucket: .year)
        default:
            guard let level = PlaceLevel(rawValue: field) else { return nil }
            // Each place's ancestor at the level, computed once per query.
            var ancestors = [Int32](repeating: -1, count: graph.places.count)
            for place in 0..<graph.places.count { ancestors[place] = graph.ancestor(of: Int32(place), at: level) }
            return .ids(places, map: ancestors, decode: placeName, encode: encodePlace)
        }
    }
}
