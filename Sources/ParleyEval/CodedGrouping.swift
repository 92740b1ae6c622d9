import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// `group by` and aggregates over rows of a kind when every key and every aggregated field has
    /// integer codes (the binder checked): one pass to number the groups, one tight loop per aggregate.
    func codedGroup(_ kind: NodeKind, _ rows: [Int32], by keys: [Name], aggregates: [Aggregate], fields: NodeFields,
                    notes: inout [String]) throws(ParleyError) -> Frame {
        let keyFields = keys.map { fields.coded(kind, $0.text)! }
        // Counting every row needs no pass over them.
        if keys.isEmpty, aggregates.allSatisfy({ $0.function == .count && $0.field == nil }) {
            return .table(columns: aggregates.map(\.columnName), rows: [aggregates.map { _ in .integer(Int64(rows.count)) }])
        }
        var valueColumns: [[Int32]?] = []
        for aggregate in aggregates {
            guard let field = aggregate.field else { valueColumns.append(nil); continue }
            guard case let .counts(values)? = fields.coded(kind, field.text) else {
                preconditionFailure("the binder codes only counts")
            }
            valueColumns.append(values)
        }

        // Number the groups in order of first appearance.
        var groupOfRow = [Int32](repeating: 0, count: rows.count)
        var firstCodes: [[Int64]] = []
        switch keyFields.count {
        case 0:
            firstCodes = [[]]
        case 1 where rows.isEmpty:
            break
        case 1:
            let codes = try keyFields[0].codes(rows)
            // Codes in a small range (places, parties, days) index an array; others go through a dictionary.
            if let (low, slots) = CodedField.smallRange(codes) {
                var groupOfSlot = [Int32](repeating: -1, count: slots)
                codes.withUnsafeBufferPointer { codes in
                    for position in 0..<codes.count {
                        let code = codes[position]
                        let slot = code == CodedField.unknownCode ? slots - 1 : Int(code - low)
                        var group = groupOfSlot[slot]
                        if group < 0 {
                            group = Int32(firstCodes.count)
                            groupOfSlot[slot] = group
                            firstCodes.append([code])
                        }
                        groupOfRow[position] = group
                    }
                }
                break
            }
            var index: [Int64: Int32] = [:]
            for position in 0..<rows.count {
                let code = codes[position]
                if let group = index[code] {
                    groupOfRow[position] = group
                } else {
                    let group = Int32(firstCodes.count)
                    index[code] = group
                    firstCodes.append([code])
                    groupOfRow[position] = group
                }
            }
        default:
            let first = try keyFields[0].codes(rows)
            let second = try keyFields[1].codes(rows)
            var index: [CodePair: Int32] = [:]
            for position in 0..<rows.count {
                let pair = CodePair(first: first[position], second: second[position])
                if let group = index[pair] {
                    groupOfRow[position] = group
                } else {
                    let group = Int32(firstCodes.count)
                    index[pair] = group
                    firstCodes.append([pair.first, pair.second])
                    groupOfRow[position] = group
                }
            }
        }
        if keys.isEmpty && rows.isEmpty { firstCodes = [[]] }
        let groupCount = firstCodes.count

        // Aggregate each slot with a typed loop.
        var results: [[Value]] = Array(repeating: [], count: groupCount)
        for (slot, aggregate) in aggregates.enumerated() {
            var counts = [Int64](repeating: 0, count: groupCount)
            var sums = [Int64](repeating: 0, count: groupCount)
            var unknowns = [Int64](repeating: 0, count: groupCount)
            var minimums = [Int64](repeating: Int64.max, count: groupCount)
            var maximums = [Int64](repeating: Int64.min, count: groupCount)
            if let values = valueColumns[slot] {
                values.withUnsafeBufferPointer { values in
                    for position in 0..<rows.count {
                        let group = Int(groupOfRow[position])
                        let value = values[Int(rows[position])]
                        if value < 0 {
                            unknowns[group] += 1
                        } else {
                            counts[group] += 1
                            sums[group] &+= Int64(value)
                            if Int64(value) < minimums[group] { minimums[group] = Int64(value) }
                            if Int64(value) > maximums[group] { maximums[group] = Int64(value) }
                        }
                    }
                }
            } else {
                for position in 0..<rows.count { counts[Int(groupOfRow[position])] += 1 }
            }
            for group in 0..<groupCount {
                let known = counts[group]
                let value: Value = switch aggregate.function {
                case .count: .integer(known)
                case .unknown: .integer(unknowns[group])
                case .sum: known > 0 ? .integer(sums[group]) : .unknown
                case .avg: known > 0 ? .double(Double(sums[group]) / Double(known)) : .unknown
                case .min: known > 0 ? .integer(minimums[group]) : .unknown
                case .max: known > 0 ? .integer(maximums[group]) : .unknown
                }
                results[group].append(value)
            }
            if aggregate.function == .sum || aggregate.function == .avg {
                let skipped = unknowns.reduce(0, +)
                if skipped > 0 {
                    notes.append("\(aggregate.function.rawValue) \(aggregate.field?.text ?? ""): \(skipped) unknown value\(skipped == 1 ? "" : "s") skipped")
                }
            }
        }

        // Groups in key order, keys decoded once per group.
        let keyValues = firstCodes.map { codes in zip(keyFields, codes).map { $0.decode($1) } }
        let order = try Interrupt.sortedPositions(groupCount) { a, b in
            for (x, y) in zip(keyValues[a], keyValues[b]) where x != y {
                return Value.sortsBefore(x, y)
            }
            return false
        }
        let names = keys.map(\.text) + aggregates.map(\.columnName)
        return .table(columns: names, rows: order.map { keyValues[$0] + results[$0] })
    }
}

/// Two codes as one dictionary key.
struct CodePair: Hashable {
    var first: Int64
    var second: Int64
}
