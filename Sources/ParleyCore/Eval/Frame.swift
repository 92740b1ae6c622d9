/// What flows between a query's steps: rows of one kind (ids into its table), or a table of values
/// once a stage has computed new columns.
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
        }
    }

    /// The names a user may use here, for suggestions.
    var names: [String] {
        switch frame {
        case let .nodes(kind, _): FieldCatalog.fields(of: kind).map(\.name)
        case let .table(columns, _): columns
        }
    }
}
