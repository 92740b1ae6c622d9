import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// Applies one pipeline stage (`group by` is handled with its aggregates in `evaluate`).
    mutating func apply(_ stage: Stage, to frame: Frame, notes: inout [String]) throws(ParleyError) -> Frame {
        // Pairs stay compact for the stages that need only their keys or their number.
        if case let .pairs(pairs) = frame {
            switch stage {
            case let .aggregate(aggregates) where aggregates.allSatisfy({ $0.function == .count && $0.field == nil }):
                return .table(columns: aggregates.map(\.columnName), rows: [aggregates.map { _ in .integer(Int64(pairs.count)) }])
            case let .distinct(names) where !names.isEmpty && names.allSatisfy({ pairs.keys.contains($0.text) }):
                return try distinctKeys(pairs, names.map(\.text))
            default:
                return try apply(stage, to: try frame.withoutPairs(), notes: &notes)
            }
        }
        let columns = FrameColumns(frame: frame, fields: fields)
        switch stage {
        case let .select(items):
            var readers: [(Int) -> Value] = []
            var names: [String] = []
            for item in items {
                readers.append(try column(item.field, in: columns))
                names.append(item.alias?.text ?? item.field.text)
            }
            return .table(columns: names, rows: try rows(frame.count, readers))
        case let .sort(keys):
            var readers: [(Int) -> Value] = []
            for key in keys { readers.append(try column(key.field, in: columns)) }
            // Read each key once per row, then sort positions (stable: ties keep their order).
            let values = try rows(frame.count, readers)
            let order = try Interrupt.sortedPositions(frame.count) { a, b in
                for (index, key) in keys.enumerated() {
                    let x = values[a][index]
                    let y = values[b][index]
                    if x == y { continue }
                    // Unknown sorts last in both directions (DuckDB's NULLS LAST).
                    if x.isUnknown { return false }
                    if y.isUnknown { return true }
                    return key.descending ? Value.sortsBefore(y, x) : Value.sortsBefore(x, y)
                }
                return a < b
            }
            return reorder(frame, order)
        case let .limit(count):
            return reorder(frame, Array(0..<min(count, frame.count)))
        case let .aggregate(aggregates):
            return try group(frame, by: [], aggregates: aggregates, notes: &notes)
        case .group:
            return try group(frame, by: [], aggregates: [], notes: &notes)
        case let .distinct(names):
            if names.isEmpty {
                let table = materialize(frame, notes: [], membersQuery: context.memberDepth != nil)
                var seen = Set<[Value]>()
                return .table(columns: table.columns, rows: table.rows.filter { seen.insert($0).inserted })
            }
            var readers: [(Int) -> Value] = []
            for name in names { readers.append(try column(name, in: columns)) }
            var seen = Set<[Value]>()
            let distinct = try rows(frame.count, readers).filter { seen.insert($0).inserted }
            return .table(columns: names.map(\.text), rows: distinct)
        case let .filter(expr):
            return try apply(.where(expr), to: frame, notes: &notes)
        case let .pair(other, keys):
            return try pair(frame, with: other, on: keys, notes: &notes)
        }
    }

    func column(_ name: Name, in columns: FrameColumns) throws(ParleyError) -> (Int) -> Value {
        if let reader = columns.reader(name.text) { return reader }
        throw ParleyError(EvalProblem.unknownField(name.text), at: resolver.span(name.range),
                          hint: NameSuggester.closest(to: name.text, among: columns.names).map { "did you mean `\($0)`?" }
                            ?? "fields here: \(columns.names.joined(separator: ", "))")
    }

    func rows(_ count: Int, _ readers: [(Int) -> Value]) throws(ParleyError) -> [[Value]] {
        var result: [[Value]] = []
        result.reserveCapacity(count)
        for position in 0..<count {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            result.append(readers.map { $0(position) })
        }
        return result
    }

    func reorder(_ frame: Frame, _ order: [Int]) -> Frame {
        switch frame {
        case let .nodes(kind, rows): .nodes(kind, order.map { rows[$0] })
        case let .table(columns, rows): .table(columns: columns, rows: order.map { rows[$0] })
        case .pairs: preconditionFailure("pairs are spelt out before they are reordered")
        }
    }

    // MARK: Grouping and aggregates

    /// Groups rows by the keys (none: one group of everything) and computes the aggregates per group,
    /// groups in ascending key order. No aggregates means `count`.
    mutating func group(_ frame: Frame, by keys: [Name], aggregates requested: [Aggregate], notes: inout [String]) throws(ParleyError) -> Frame {
        let columns = FrameColumns(frame: frame, fields: fields)
        let aggregates = requested.isEmpty ? [Aggregate(function: .count, field: nil, alias: nil, range: 0..<0)] : requested
        if let grouped = try codedGroup(frame, by: keys, aggregates: aggregates, notes: &notes) { return grouped }
        var keyReaders: [(Int) -> Value] = []
        for key in keys { keyReaders.append(try column(key, in: columns)) }
        var valueReaders: [((Int) -> Value)?] = []
        for aggregate in aggregates {
            valueReaders.append(try aggregate.field.map { name throws(ParleyError) in try column(name, in: columns) })
        }

        var groupIndex: [[Value]: Int] = [:]
        var groupKeys: [[Value]] = []
        var accumulators: [[Accumulator]] = []
        if keys.isEmpty {
            groupIndex[[]] = 0
            groupKeys.append([])
            accumulators.append(aggregates.map { Accumulator($0.function) })
        }
        for position in 0..<frame.count {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let key = keyReaders.map { $0(position) }
            let index: Int
            if let existing = groupIndex[key] {
                index = existing
            } else {
                index = groupKeys.count
                groupIndex[key] = index
                groupKeys.append(key)
                accumulators.append(aggregates.map { Accumulator($0.function) })
            }
            for slot in aggregates.indices {
                accumulators[index][slot].add(valueReaders[slot]?(position))
            }
        }
        for (slot, aggregate) in aggregates.enumerated() where aggregate.function == .sum || aggregate.function == .avg {
            if accumulators.contains(where: { $0[slot].sawNonNumber }), let field = aggregate.field {
                throw ParleyError(EvalProblem.aggregateNeedsNumbers(function: aggregate.function.rawValue, field: field.text),
                                  at: resolver.span(field.range), hint: "count it, or group by it")
            }
        }
        let order = try Interrupt.sortedPositions(groupKeys.count) { a, b in
            for (x, y) in zip(groupKeys[a], groupKeys[b]) where x != y {
                return Value.sortsBefore(x, y)
            }
            return false
        }
        var names = keys.map(\.text)
        names += aggregates.map { $0.columnName }
        var resultRows: [[Value]] = []
        for index in order {
            resultRows.append(groupKeys[index] + accumulators[index].map { $0.result })
        }
        for (slot, aggregate) in aggregates.enumerated() where aggregate.function == .sum || aggregate.function == .avg {
            let skipped = accumulators.reduce(0) { $0 + $1[slot].unknowns }
            if skipped > 0 {
                notes.append("\(aggregate.function.rawValue) \(aggregate.field?.text ?? ""): \(skipped) unknown value\(skipped == 1 ? "" : "s") skipped")
            }
        }
        return .table(columns: names, rows: resultRows)
    }

    // MARK: Pairing

    /// Every two rows, one from each side, that agree on the keys (unknowns never agree).
    mutating func pair(_ frame: Frame, with other: Query, on keys: [Name], notes: inout [String]) throws(ParleyError) -> Frame {
        var inner = Evaluator(graph: graph, resolver: resolver)
        let right = try inner.evaluate(other, notes: &notes)
        let leftColumns = FrameColumns(frame: frame, fields: fields)
        let rightColumns = FrameColumns(frame: right, fields: inner.fields)
        var leftKeys: [(Int) -> Value] = []
        var rightKeys: [(Int) -> Value] = []
        for key in keys {
            leftKeys.append(try column(key, in: leftColumns))
            rightKeys.append(try inner.column(key, in: rightColumns))
        }
        let leftName = leftColumns.reader("name")
        let rightName = rightColumns.reader("name")
        if let paired = try codedPair(frame, right, keys: keys, inner: inner) {
            return paired
        }
        var index: [[Value]: [Int]] = [:]
        for position in 0..<right.count {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let key = rightKeys.map { $0(position) }
            if key.contains(where: \.isUnknown) { continue }
            index[key, default: []].append(position)
        }
        var result: [[Value]] = []
        for position in 0..<frame.count {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let key = leftKeys.map { $0(position) }
            guard let matches = index[key] else { continue }
            if result.count + matches.count > Evaluator.maximumPairs {
                throw ParleyError(EvalProblem.tooManyPairs(limit: Evaluator.maximumPairs.formatted),
                                  hint: "narrow either side with filters first")
            }
            let name = leftName?(position) ?? .unknown
            for match in matches {
                // One left row can pair with thousands: count the rows written, not only those read.
                if result.count % Interrupt.checkInterval == 0 { try Interrupt.check() }
                result.append(key + [name, rightName?(match) ?? .unknown])
            }
        }
        return .table(columns: keys.map(\.text) + ["name", "other"], rows: result)
    }
}

extension Evaluator {
    /// `pair` when both sides are rows of a kind and every key has codes: the join runs on integers,
    /// and only the rows it produces are turned into values.
    private func codedPair(_ left: Frame, _ right: Frame, keys: [Name], inner: Evaluator) throws(ParleyError) -> Frame? {
        guard case let .nodes(leftKind, leftRows) = left, case let .nodes(rightKind, rightRows) = right,
              !keys.isEmpty, keys.count <= 2 else { return nil }
        var leftFields: [CodedField] = []
        var rightFields: [CodedField] = []
        for key in keys {
            guard let l = fields.coded(leftKind, key.text), let r = inner.fields.coded(rightKind, key.text) else { return nil }
            leftFields.append(l)
            rightFields.append(r)
        }
        let leftCodes = try leftFields.map { field throws(ParleyError) in try field.codes(leftRows) }
        let rightCodes = try rightFields.map { field throws(ParleyError) in try field.codes(rightRows) }
        func key(_ codes: [[Int64]], _ position: Int) -> CodePair? {
            let first = codes[0][position]
            let second = codes.count > 1 ? codes[1][position] : 0
            if first == CodedField.unknownCode || second == CodedField.unknownCode { return nil }
            return CodePair(first: first, second: second)
        }
        // Each key's right-hand rows as a chain through `next` (no array per key).
        var first = CodePairTable(capacity: rightRows.count)
        var next = [Int](repeating: -1, count: rightRows.count)
        for position in (0..<rightRows.count).reversed() {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            guard let key = key(rightCodes, position) else { continue }
            if let head = first.insert(key, Int32(position)) {
                next[position] = Int(head)
                first.update(key, Int32(position))
            }
        }
        // How many right rows each chain holds from each position on, to count pairs without listing them.
        var chainLength = [Int](repeating: 0, count: rightRows.count)
        for position in (0..<rightRows.count).reversed() where key(rightCodes, position) != nil {
            chainLength[position] = 1 + (next[position] >= 0 ? chainLength[next[position]] : 0)
        }
        var matchedLeft: [Int32] = []
        var matchedKeys: [CodePair] = []
        var heads: [Int32] = []
        var total = 0
        for position in 0..<leftRows.count {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            guard let key = key(leftCodes, position), let head = first.value(for: key) else { continue }
            total += chainLength[Int(head)]
            if total > Evaluator.maximumPairs {
                throw ParleyError(EvalProblem.tooManyPairs(limit: Evaluator.maximumPairs.formatted),
                                  hint: "narrow either side with filters first")
            }
            matchedLeft.append(leftRows[position])
            matchedKeys.append(key)
            heads.append(head)
        }
        let leftNames = fields.reader(leftKind, "name")!
        let rightNames = inner.fields.reader(rightKind, "name")!
        return .pairs(PairedRows(keys: keys.map(\.text), keyFields: leftFields, matchedLeft: matchedLeft, matchedKeys: matchedKeys,
                                 heads: heads, next: next.map { Int32($0) }, rightRows: rightRows, count: total,
                                 leftName: leftNames, rightName: rightNames))
    }

    /// `distinct` over some of a pair's keys, on their codes.
    private func distinctKeys(_ pairs: PairedRows, _ names: [String]) throws(ParleyError) -> Frame {
        let slots = names.map { pairs.keys.firstIndex(of: $0)! }
        var seen = CodePairTable(capacity: 1024)
        var rows: [[Value]] = []
        // Every pair of a left row shares its key, so the left rows are enough.
        for (position, code) in pairs.matchedKeys.enumerated() {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            let first = slots[0] == 0 ? code.first : code.second
            let second = slots.count > 1 ? (slots[1] == 0 ? code.first : code.second) : 0
            if seen.insert(CodePair(first: first, second: second), 0) == nil {
                rows.append(slots.map { pairs.keyFields[$0].decode($0 == 0 ? code.first : code.second) })
            }
        }
        return .table(columns: names, rows: rows)
    }

    init(graph: Graph, resolver: Resolver) {
        self.graph = graph
        self.resolver = resolver
    }
}

extension Int {
    /// 5000000 → "5,000,000".
    package var formatted: String {
        let digits = String(self)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}

extension Aggregate {
    /// `count`, `deaths` for `sum deaths`, `avg_deaths`…, or the alias.
    var columnName: String {
        if let alias { return alias.text }
        switch function {
        case .count: return "count"
        case .sum: return field?.text ?? "sum"
        default: return "\(function.rawValue)_\(field?.text ?? "")"
        }
    }
}

/// One aggregate's running state for one group. Unknowns are skipped and counted, never added as zero.
struct Accumulator {
    let function: Aggregate.Function
    var count = 0
    var unknowns = 0
    var integerSum: Int64 = 0
    var doubleSum = 0.0
    var sawDouble = false
    var sawNonNumber = false
    var extreme: Value = .unknown

    init(_ function: Aggregate.Function) { self.function = function }

    mutating func add(_ value: Value?) {
        guard let value else {
            count += 1
            return
        }
        if value.isUnknown {
            unknowns += 1
            return
        }
        count += 1
        switch function {
        case .sum, .avg:
            switch value {
            case let .integer(number):
                integerSum &+= number
                doubleSum += Double(number)
            case let .double(number):
                sawDouble = true
                doubleSum += number
            default:
                sawNonNumber = true
            }
        case .min:
            if extreme.isUnknown || Value.sortsBefore(value, extreme) { extreme = value }
        case .max:
            if extreme.isUnknown || Value.sortsBefore(extreme, value) { extreme = value }
        case .count, .unknown:
            break
        }
    }

    var result: Value {
        switch function {
        case .count: return .integer(Int64(count))
        case .unknown: return .integer(Int64(unknowns))
        case .sum:
            // A sum over only unknowns is unknown, not zero.
            guard count > 0 else { return .unknown }
            return sawDouble ? .double(doubleSum) : .integer(integerSum)
        case .avg:
            guard count > 0 else { return .unknown }
            return .double(doubleSum / Double(count))
        case .min, .max:
            return extreme
        }
    }
}
