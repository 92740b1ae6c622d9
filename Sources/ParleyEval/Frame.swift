import ParleyGraph
import ParleySchema
import ParleySupport
import ParleySyntax

/// What flows between a query's steps: rows of one kind (ids into its table), or a table of values
/// once a stage has computed new columns. (Pairs kept as codes stay inside their `pair` step.)
enum Frame {
    case nodes(NodeKind, [Int32])
    case table(columns: [String], rows: [[Value]])

    var count: Int {
        switch self {
        case let .nodes(_, rows): rows.count
        case let .table(_, rows): rows.count
        }
    }
}

/// Rows of a coded `pair`, kept compact: each left row that found partners, its key codes, and the
/// head of a chain through the right rows sharing them. Pairs are spelt out one by one only when a
/// later stage reads them; `count` and `distinct` over the keys never need them. Columns: the keys,
/// `name`, `other`.
struct PairedRows {
    var keys: [String]
    var keyFields: [CodedField]
    var matchedLeft: [Int32]
    var matchedKeys: [CodePair]
    var heads: [Int32]
    var next: [Int32]
    var rightRows: [Int32]
    /// How many pairs there are in all.
    var count: Int
    var leftName: RowReader
    var rightName: RowReader
    var columnNames: [String] { keys + ["name", "other"] }

    /// Every pair spelt out: the keys, the left row's name, the right row's name, then the fields of
    /// each side asked for (the right's as `other_FIELD`).
    func table(leftFields: [String] = [], _ leftExtras: [RowReader] = [], rightFields: [String] = [], _ rightExtras: [RowReader] = []) throws(ParleyError) -> Frame {
        var rows: [[Value]] = []
        rows.reserveCapacity(count)
        for (index, row) in matchedLeft.enumerated() {
            let key = matchedKeys[index]
            let keyValues = zip(keyFields, [key.first, key.second]).map { $0.decode($1) }
            let name = leftName(row)
            let left = keyValues + [name]
            let leftValues = leftExtras.map { $0(row) }
            var match = Int(heads[index])
            while match >= 0 {
                if rows.count % Interrupt.checkInterval == 0 { try Interrupt.check() }
                let other = rightRows[match]
                rows.append(left + [rightName(other)] + leftValues + rightExtras.map { $0(other) })
                match = Int(next[match])
            }
        }
        return .table(columns: columnNames + leftFields + rightFields.map { "other_" + $0 }, rows: rows)
    }
}

/// Reads columns of a frame by name, whatever its form.
struct FrameColumns {
    let frame: Frame
    let fields: NodeFields

    /// A reader for a column by row position, or nil when there is no such column.
    func reader(_ name: String) -> ((Int) -> Value)? {
        switch frame {
        case let .nodes(kind, rows):
            // No rows: nothing will be read, so the schema says whether the field is there, and no
            // reader is built (building one may read columns a store has not loaded).
            if rows.isEmpty { return Schema.field(kind, name) == nil ? nil : { _ in .unknown } }
            guard let read = fields.reader(kind, name) else { return nil }
            return { position in read(rows[position]) }
        case let .table(columns, rows):
            guard let index = columns.firstIndex(of: name) else { return nil }
            return { position in rows[position][index] }
        }
    }

    /// The reader of a column, or the located error for a name the rows do not have, with the nearest.
    func reader(_ name: Name, resolver: Resolver) throws(ParleyError) -> (Int) -> Value {
        if let reader = reader(name.text) { return reader }
        throw ParleyError(EvalProblem.unknownField(name.text), at: resolver.span(name.range),
                          hint: NameSuggester.closest(to: name.text, among: names).map { "did you mean `\($0)`?" }
                            ?? "fields here: \(names.joined(separator: ", "))")
    }

    /// The names a user may use here, for suggestions.
    var names: [String] {
        switch frame {
        case let .nodes(kind, _): Schema.fields(of: kind).map(\.name)
        case let .table(columns, _): columns
        }
    }
}
