/// What flows between a query's steps: rows of one kind (ids into its table), or a table of values
/// once a stage has computed new columns.
enum Frame {
    case nodes(NodeKind, [Int32])
    case table(columns: [String], rows: [[Value]])
    /// What `pair` produced, kept as codes and row ids until a stage needs values.
    case pairs(PairedRows)

    var count: Int {
        switch self {
        case let .nodes(_, rows): rows.count
        case let .table(_, rows): rows.count
        case let .pairs(pairs): pairs.codes.count
        }
    }

    /// The frame with pairs turned into a table; other frames as they are.
    var withoutPairs: Frame {
        guard case let .pairs(pairs) = self else { return self }
        let columns = pairs.columnNames
        let readers = columns.map { pairs.reader($0)! }
        return .table(columns: columns, rows: (0..<pairs.codes.count).map { position in readers.map { $0(position) } })
    }
}

/// Rows of `pair`: the shared key codes, and the row of each side. Columns: the keys, `name`, `other`.
struct PairedRows {
    var keys: [String]
    var keyFields: [CodedField]
    var codes: [CodePair]
    var left: [Int32]
    var right: [Int32]
    var leftName: RowReader
    var rightName: RowReader

    var columnNames: [String] { keys + ["name", "other"] }

    func reader(_ name: String) -> ((Int) -> Value)? {
        if let index = keys.firstIndex(of: name) {
            let field = keyFields[index]
            return { position in field.decode(index == 0 ? codes[position].first : codes[position].second) }
        }
        switch name {
        case "name": return { position in leftName(left[position]) }
        case "other": return { position in rightName(right[position]) }
        default: return nil
        }
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
            guard let read = fields.reader(kind, name) else { return nil }
            return { position in read(rows[position]) }
        case let .table(columns, rows):
            guard let index = columns.firstIndex(of: name) else { return nil }
            return { position in rows[position][index] }
        case let .pairs(pairs):
            return pairs.reader(name)
        }
    }

    /// The names a user may use here, for suggestions.
    var names: [String] {
        switch frame {
        case let .nodes(kind, _): FieldCatalog.fields(of: kind).map(\.name)
        case let .table(columns, _): columns
        case let .pairs(pairs): pairs.columnNames
        }
    }
}
