import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// Runs one bound stage (`group by` comes fused with its aggregates).
    func apply(_ operation: StepPlan.Operation, to frame: Frame, fields: NodeFields, notes: inout [String]) throws(ParleyError) -> Frame {
        let columns = FrameColumns(frame: frame, fields: fields)
        switch operation {
        case let .filter(filter):
            return try apply(filter, to: frame, fields: fields, notes: &notes)
        case let .select(items):
            let compiler = ExpressionCompiler(columns: columns, resolver: resolver)
            let readers = try items.map { item throws(ParleyError) in try compiler.compile(item.expression, strict: true) }
            return .table(columns: items.map(\.name), rows: try rows(frame.count, readers))
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
        case let .group(plan):
            return try group(frame, plan, fields: fields, notes: &notes)
        case .distinctRows:
            let table = materialize(frame, notes: [], showsDepth: fields.bindings.memberDepth != nil, fields: fields)
            var seen = Set<[Value]>()
            return .table(columns: table.columns, rows: table.rows.filter { seen.insert($0).inserted })
        case let .distinct(names):
            var readers: [(Int) -> Value] = []
            for name in names { readers.append(try column(name, in: columns)) }
            var seen = Set<[Value]>()
            let distinct = try rows(frame.count, readers).filter { seen.insert($0).inserted }
            return .table(columns: names.map(\.text), rows: distinct)
        case let .pair(plan):
            return try pair(frame, plan, fields: fields, notes: &notes)
        }
    }

    /// The reader of a column the binder checked is there.
    func column(_ name: Name, in columns: FrameColumns) throws(ParleyError) -> (Int) -> Value {
        try columns.reader(name, resolver: resolver)
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
        }
    }

    // MARK: Grouping and aggregates

    /// Groups rows by the keys (none: one group of everything) and computes the aggregates per group,
    /// groups in ascending key order.
    func group(_ frame: Frame, _ plan: GroupPlan, fields: NodeFields, notes: inout [String]) throws(ParleyError) -> Frame {
        let columns = FrameColumns(frame: frame, fields: fields)
        let (keys, aggregates) = (plan.keys, plan.aggregates)
        if plan.coded, case let .nodes(kind, rows) = frame {
            let grouped = try codedGroup(kind, rows, by: keys, aggregates: aggregates, fields: fields, notes: &notes)
            guard let filled = plan.filled, case let .table(columns, rows) = grouped else { return grouped }
            return .table(columns: columns, rows: try fill(rows, filled, keyCount: keys.count, aggregates: aggregates))
        }
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
        if let filled = plan.filled { resultRows = try fill(resultRows, filled, keyCount: keys.count, aggregates: aggregates) }
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
    func pair(_ frame: Frame, _ plan: PairPlan, fields: NodeFields, notes: inout [String]) throws(ParleyError) -> Frame {
        let right = try evaluate(plan.other, notes: &notes)
        let rightFields = NodeFields(graph: graph, bindings: plan.other.finalBindings)
        let keys = plan.keys
        if plan.coded, case let .nodes(leftKind, leftRows) = frame, case let .nodes(rightKind, rightRows) = right {
            let pairs = try codedPair(leftKind, leftRows, fields, rightKind, rightRows, rightFields, keys: keys)
            switch plan.then {
            case let .count(aggregates)?:
                return .table(columns: aggregates.map(\.columnName), rows: [aggregates.map { _ in .integer(Int64(pairs.count)) }])
            case let .distinctKeys(names)?:
                return try distinctKeys(pairs, names)
            case nil:
                let leftExtras = plan.leftFields.map { fields.reader(leftKind, $0)! }
                let rightExtras = plan.rightFields.map { rightFields.reader(rightKind, $0)! }
                return try pairs.table(leftFields: plan.leftFields, leftExtras, rightFields: plan.rightFields, rightExtras)
            }
        }
        let leftColumns = FrameColumns(frame: frame, fields: fields)
        let rightColumns = FrameColumns(frame: right, fields: rightFields)
        var leftKeys: [(Int) -> Value] = []
        var rightKeys: [(Int) -> Value] = []
        for key in keys {
            leftKeys.append(try column(key, in: leftColumns))
            rightKeys.append(try column(key, in: rightColumns))
        }
        let leftName = leftColumns.reader("name")
        let rightName = rightColumns.reader("name")
        let leftExtras = plan.leftFields.compactMap { leftColumns.reader($0) }
        let rightExtras = plan.rightFields.compactMap { rightColumns.reader($0) }
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
                result.append(key + [name, rightName?(match) ?? .unknown] + leftExtras.map { $0(position) } + rightExtras.map { $0(match) })
            }
        }
        return .table(columns: keys.map(\.text) + ["name", "other"] + plan.leftFields + plan.rightFields.map { "other_" + $0 }, rows: result)
    }
}

extension Evaluator {
    /// `pair` when both sides are rows of a kind and every key has codes: the join runs on integers,
    /// and only the rows it produces are turned into values.
    private func codedPair(_ leftKind: NodeKind, _ leftRows: [Int32], _ fields: NodeFields,
                           _ rightKind: NodeKind, _ rightRows: [Int32], _ rightFields: NodeFields,
                           keys: [Name]) throws(ParleyError) -> PairedRows {
        let leftFields = keys.map { fields.coded(leftKind, $0.text)! }
        let rightCoded = keys.map { rightFields.coded(rightKind, $0.text)! }
        let leftCodes = try leftFields.map { field throws(ParleyError) in try field.codes(leftRows) }
        let rightCodes = try rightCoded.map { field throws(ParleyError) in try field.codes(rightRows) }
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
        let rightNames = rightFields.reader(rightKind, "name")!
        return PairedRows(keys: keys.map(\.text), keyFields: leftFields, matchedLeft: matchedLeft, matchedKeys: matchedKeys,
                                 heads: heads, next: next.map { Int32($0) }, rightRows: rightRows, count: total,
                                 leftName: leftNames, rightName: rightNames)
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
