import ParleyGraph
import ParleySupport
import ParleySyntax

extension Evaluator {
    /// `where` over rows of a kind: the conjuncts that compare a coded field with a literal run as
    /// tight loops over the column; whatever is left runs through the general expression compiler.
    func codedWhere(_ expr: Expr, kind: NodeKind, rows: [Int32]) throws(ParleyError) -> [Int32]? {
        var conjuncts: [Expr] = []
        func flatten(_ expr: Expr) {
            if case let .and(left, right) = expr { flatten(left); flatten(right) } else { conjuncts.append(expr) }
        }
        flatten(expr)
        var remaining: [Expr] = []
        var kept = rows
        var usedFastPath = false
        for conjunct in conjuncts {
            if let filtered = try codedComparison(conjunct, kind: kind, rows: kept) {
                kept = filtered
                usedFastPath = true
            } else {
                remaining.append(conjunct)
            }
        }
        guard usedFastPath else { return nil }
        guard let first = remaining.first else { return kept }
        let rest = remaining.dropFirst().reduce(first) { Expr.and($0, $1) }
        let frame = Frame.nodes(kind, kept)
        let predicate = try ExpressionCompiler(columns: FrameColumns(frame: frame, fields: fields), resolver: resolver).compilePredicate(rest)
        var result: [Int32] = []
        for position in kept.indices {
            if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
            if predicate(position) { result.append(kept[position]) }
        }
        return result
    }

    /// `field OP literal` on a coded field, or nil.
    private func codedComparison(_ expr: Expr, kind: NodeKind, rows: [Int32]) throws(ParleyError) -> [Int32]? {
        if case let .isUnknown(.field(name), negated) = expr, let coded = fields.coded(kind, name.text) {
            let codes = try coded.codes(rows)
            var kept: [Int32] = []
            for position in rows.indices where (codes[position] == CodedField.unknownCode) != negated {
                kept.append(rows[position])
            }
            return kept
        }
        guard case let .compare(.field(name), op, right) = expr, let coded = fields.coded(kind, name.text) else { return nil }
        let literal: Value
        switch right {
        case let .string(text, _): literal = .string(text)
        case let .number(value, text, _): literal = Int64(text).map { .integer($0) } ?? .double(value)
        case let .date(date): literal = .date(try resolver.dateText(date))
        case let .parameter(parameter): literal = Value.parsed(try resolver.text(parameter))
        case let .field(word) where fields.reader(kind, word.text) == nil: literal = .string(word.text)
        default: return nil
        }
        var kept: [Int32] = []
        kept.reserveCapacity(rows.count / 4)
        switch (coded, literal) {
        case let (.counts(values), _):
            guard let number = literal.numericValue else { return nil }
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
            return nil
        }
        return kept
    }
}
