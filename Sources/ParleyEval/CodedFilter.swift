import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// `where` over rows of a kind: the conjuncts the binder found coded run as tight loops over
    /// their columns; whatever is left runs through the general expression compiler.
    func codedWhere(_ plan: WherePlan, kind: NodeKind, rows: [Int32], fields: NodeFields) throws(ParleyError) -> [Int32] {
        var kept = rows
        for comparison in plan.coded {
            kept = try codedComparison(comparison, kind: kind, rows: kept, fields: fields)
        }
        guard let rest = plan.rest else { return kept }
        let frame = Frame.nodes(kind, kept)
        let predicate = try ExpressionCompiler(columns: FrameColumns(frame: frame, fields: fields), resolver: resolver, lists: plan.lists)
            .compilePredicate(rest)
        var result: [Int32] = []
        for position in kept.indices {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            if predicate(position) { result.append(kept[position]) }
        }
        return result
    }

    /// One coded conjunct as a loop over its column.
    private func codedComparison(_ comparison: CodedComparison, kind: NodeKind, rows: [Int32], fields: NodeFields) throws(ParleyError) -> [Int32] {
        let op: Comparison
        let literal: Value
        let coded: CodedField
        switch comparison {
        case let .isUnknown(name, negated):
            let codes = try fields.coded(kind, name)!.codes(rows)
            var kept: [Int32] = []
            for position in rows.indices where (codes[position] == CodedField.unknownCode) != negated {
                kept.append(rows[position])
            }
            return kept
        case let .compare(name, comparisonOp, value):
            (op, literal, coded) = (comparisonOp, value, fields.coded(kind, name)!)
        }
        var kept: [Int32] = []
        kept.reserveCapacity(rows.count / 4)
        switch (coded, literal) {
        case let (.counts(values), _):
            let number = literal.numericValue!
            kept = try values.withUnsafeBufferPointer { values throws(ParleyError) in
                try keep(rows) { row in
                    let value = values[Int(row)]
                    return value >= 0 && op.holds(less: Double(value) < number, greater: Double(value) > number)
                }
            }
        case let (.ids(values, map, _, encode), .string(text)) where op == .equal || op == .notEqual:
            // The wanted ids as marks: ids are dense, so a lookup is one load.
            let ids = encode(text)
            var wanted = [Bool](repeating: false, count: Int(ids.max() ?? 0) + 1)
            for id in ids { wanted[Int(id)] = true }
            let equal = op == .equal
            kept = try values.withUnsafeBufferPointer { values throws(ParleyError) in
                try wanted.withUnsafeBufferPointer { wanted throws(ParleyError) in
                    try keep(rows) { row in
                        var id = values[Int(row)]
                        if let map, id >= 0 { id = map[Int(id)] }
                        guard id >= 0 else { return false }
                        return (Int(id) < wanted.count && wanted[Int(id)]) == equal
                    }
                }
            }
        case let (.dates(column, nil), .date(period)):
            for (position, row) in rows.enumerated() {
                if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
                let date = column[row]
                guard date.isKnown else { continue }
                if case .boolean(true) = Value.compare(.date(date), op, .date(period)) { kept.append(row) }
            }
        default:
            preconditionFailure("the binder codes only a count against a number, ids against a word, a date against a date")
        }
        return kept
    }
}
