import ParleyGraph

/// What a field holds: what `.schema` says of it and, for the binder, what a comparison with it may be.
public enum FieldType: Sendable, Equatable {
    /// Words or free text.
    case text
    /// People: a whole number where unknown is not zero.
    case count
    /// A measure (degrees, seconds since 1970).
    case number
    /// A number that names something (ACLED's `iso` country code): compared, never summed.
    case code
    /// A calendar date, as precise as known.
    case date
    /// One value of a closed set.
    case choice(Choices)
    /// A party, or several.
    case party
    /// A place.
    case place
    /// A node of any kind, or several.
    case node
}

/// A closed set of values, and the codes each dataset writes for them.
public struct Choices: Sendable, Equatable {
    /// The values, as Parley writes them.
    public let values: [String]
    /// Per dataset, its codes for the values, in the order of `values`: ACLED writes 1, 2, 3 for day, week, month.
    public let codes: [String: [Int]]

    public init(_ values: [String], codes: [String: [Int]] = [:]) {
        self.values = values
        self.codes = codes
    }

    /// The value a dataset's code stands for.
    public func value(forCode code: Int, in dataset: String) -> String? {
        guard let codes = codes[dataset], let index = codes.firstIndex(of: code) else { return nil }
        return values[index]
    }

    /// "day, week or month (ACLED's 1, 2, 3)": the values, and each dataset's codes for them.
    public var described: String {
        let words = values.count < 2 ? values.joined() : values.dropLast().joined(separator: ", ") + " or " + values.last!
        let datasets = codes.sorted { $0.key < $1.key }.map { "\($0.key)'s \($0.value.map(String.init).joined(separator: ", "))" }
        return datasets.isEmpty ? words : "\(words) (\(datasets.joined(separator: "; ")))"
    }

}

/// How a field is read from the graph and written to it.
public enum FieldAccess: Sendable, Equatable {
    /// A word interned in the graph's strings, one per incident; -1 is unknown. Read as text, filtered
    /// and grouped by its id, set by `add`/`change` with any word, written by `.dump` as a word.
    case word(IncidentColumn)
    /// One of the field's `Choices`, stored as the first dataset's code (a byte; 0 is unknown).
    case choice(IncidentColumn, dataset: String)
    /// A whole number kept as given (`Int32`; -1 is unknown).
    case integer(IncidentColumn)
    /// Whole seconds since 1970 (`Int64`; -1 is unknown).
    case seconds(IncidentColumn)
    /// Read by code written for the field: edges between tables, paths, what a query's filters found.
    case derived
}

/// One field of one kind: everything Parley knows about it, defined once.
public struct FieldSpec: Sendable {
    /// The name queries use.
    public let name: String
    /// One line for `.schema` and completion.
    public let summary: String
    public let type: FieldType
    public let access: FieldAccess
    /// The incident columns a store loads to read it (incidents only: the other kinds are always loaded).
    public let storage: [IncidentColumn]
    /// The `add` / `change` clause that sets it, when one does.
    public let clause: String?

    public init(_ name: String, _ summary: String, type: FieldType = .text, access: FieldAccess = .derived,
                storage: [IncidentColumn] = [], clause: String? = nil) {
        self.name = name
        self.summary = summary
        self.type = type
        self.access = access
        var storage = storage
        switch access {
        case let .word(column), let .choice(column, _), let .integer(column), let .seconds(column):
            if !storage.contains(column) { storage.append(column) }
        case .derived: break
        }
        self.storage = storage
        self.clause = clause
    }

    /// The one column an incident field stored on its own is in; nil for a derived field.
    public var column: IncidentColumn? {
        switch access {
        case let .word(column), let .choice(column, _), let .integer(column), let .seconds(column): column
        case .derived: nil
        }
    }
}
