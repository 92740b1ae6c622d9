import ParleyGraph

/// The incidents' big columns, one array each in the graph and one series of chunks each in a store,
/// by the name a chunk's `part` carries there. Every other table is small and saved whole in the
/// store's catalog.
///
/// A new column is a case here, its `layout`, its `sinceVersion` (the store version that first has
/// it) and, for ids into another table, its `references`.
public enum IncidentColumn: String, CaseIterable, Sendable {
    case names, kinds, actors, targets, places
    case dateDays = "date_days"
    case datePrecisions = "date_precisions"
    case deaths, injuries, when, notes, sources
    case eventTypes = "event_types"
    case subEventTypes = "sub_event_types"
    case disorderTypes = "disorder_types"
    case sourceScales = "source_scales"
    case civilianTargeting = "civilian_targeting"
    case tags
    case timePrecisions = "time_precisions"
    case timestamps
    /// The associates table's columns, chunked by its own rows.
    case associationIncidents = "association_incidents"
    case associationParties = "association_parties"
    /// Which side each associate is with; stores of version 1 have none (every side unknown).
    case associationSides = "association_sides"
    /// ACLED's `inter1`, `inter2`, `interaction` and `iso` codes (stores of versions 1 and 2 have none).
    case inter1Codes = "inter1_codes"
    case inter2Codes = "inter2_codes"
    case interactionCodes = "interaction_codes"
    case isoCodes = "iso_codes"

    /// Where the column's values live in the graph, and how wide each is.
    public enum Layout {
        case int32(WritableKeyPath<Graph, [Int32]>)
        case int64(WritableKeyPath<Graph, [Int64]>)
        case uint8(WritableKeyPath<Graph, [UInt8]>)
        case text(WritableKeyPath<Graph, TextColumn>)
        case incidentKinds
        case precisions
        case associationSides
    }

    public var layout: Layout {
        switch self {
        case .names: .text(\.incidents.names)
        case .kinds: .incidentKinds
        case .actors: .int32(\.incidents.actors)
        case .targets: .int32(\.incidents.targets)
        case .places: .int32(\.incidents.places)
        case .dateDays: .int32(\.incidents.dates.firstDays)
        case .datePrecisions: .precisions
        case .deaths: .int32(\.incidents.deaths.values)
        case .injuries: .int32(\.incidents.injuries.values)
        case .when: .int32(\.incidents.when)
        case .notes: .text(\.incidents.notes)
        case .sources: .int32(\.incidents.sources)
        case .eventTypes: .int32(\.incidents.eventTypes)
        case .subEventTypes: .int32(\.incidents.subEventTypes)
        case .disorderTypes: .int32(\.incidents.disorderTypes)
        case .sourceScales: .int32(\.incidents.sourceScales)
        case .civilianTargeting: .int32(\.incidents.civilianTargeting)
        case .tags: .int32(\.incidents.tags)
        case .timePrecisions: .uint8(\.incidents.timePrecisions)
        case .timestamps: .int64(\.incidents.timestamps)
        case .associationIncidents: .int32(\.associations.incidents)
        case .associationParties: .int32(\.associations.parties)
        case .associationSides: .associationSides
        case .inter1Codes: .uint8(\.incidents.inter1Codes)
        case .inter2Codes: .uint8(\.incidents.inter2Codes)
        case .interactionCodes: .int32(\.incidents.interactionCodes)
        case .isoCodes: .int32(\.incidents.isoCodes)
        }
    }

    /// The table a column of ids points into.
    public enum Reference: Sendable {
        case parties, places, sourceSets, strings, incidents
    }

    /// What this column's ids point into; nil for counts, codes and days.
    public var references: Reference? {
        switch self {
        case .actors, .targets, .associationParties: .parties
        case .places: .places
        case .sources: .sourceSets
        case .when, .eventTypes, .subEventTypes, .disorderTypes, .sourceScales, .civilianTargeting, .tags: .strings
        case .associationIncidents: .incidents
        default: nil
        }
    }

    /// The first store version that has this column: an older store's rows hold unknown in it, and the
    /// step to this version (`Store.migrations`) writes it so.
    public var sinceVersion: Int64 {
        switch self {
        case .associationSides: 2
        case .inter1Codes, .inter2Codes, .interactionCodes, .isoCodes: 3
        default: 1
        }
    }

    public var isAssociation: Bool { self == .associationIncidents || self == .associationParties || self == .associationSides }

    /// Rows this column has in `graph`.
    public func rowCount(_ graph: Graph) -> Int {
        isAssociation ? graph.associations.count : graph.incidents.count
    }

    /// Fills the column with unknown for `rows` rows: what a store older than the column holds.
    public func fillUnknown(_ graph: inout Graph, rows: Int) {
        switch layout {
        case let .int32(path): graph[keyPath: path] = Array(repeating: -1, count: rows)
        case let .int64(path): graph[keyPath: path] = Array(repeating: -1, count: rows)
        case let .uint8(path): graph[keyPath: path] = Array(repeating: 0, count: rows)
        case let .text(path): graph[keyPath: path] = TextColumn(bytes: [], ends: Array(repeating: 0, count: rows))
        case .incidentKinds: graph.incidents.kinds = Array(repeating: .other, count: rows)
        case .precisions: graph.incidents.dates.precisions = Array(repeating: .unknown, count: rows)
        case .associationSides: graph.associations.sides = Array(repeating: .unknown, count: rows)
        }
    }
}

extension IncidentColumn {
    /// The column's values in `graph`, for a column laid out as `Int32`.
    public func int32s(in graph: Graph) -> [Int32] {
        guard case let .int32(path) = layout else { preconditionFailure("\(rawValue) is not a column of Int32") }
        return graph[keyPath: path]
    }

    /// The column's values in `graph`, for a column laid out as bytes.
    public func uint8s(in graph: Graph) -> [UInt8] {
        guard case let .uint8(path) = layout else { preconditionFailure("\(rawValue) is not a column of bytes") }
        return graph[keyPath: path]
    }

    /// The column's values in `graph`, for a column laid out as `Int64`.
    public func int64s(in graph: Graph) -> [Int64] {
        guard case let .int64(path) = layout else { preconditionFailure("\(rawValue) is not a column of Int64") }
        return graph[keyPath: path]
    }

    /// Sets row `row` of a column laid out as `Int32`, `Int64` or bytes.
    public func set(_ graph: inout Graph, row: Int, to value: Int64) {
        switch layout {
        case let .int32(path): graph[keyPath: path][row] = Int32(value)
        case let .int64(path): graph[keyPath: path][row] = value
        case let .uint8(path): graph[keyPath: path][row] = UInt8(value)
        default: preconditionFailure("\(rawValue) is not a column of numbers")
        }
    }
}

extension FieldSpec {
    /// For a field stored as a dataset's codes (a byte each): the value of every byte, nil where none.
    public var valuesByCode: [String?] {
        var byCode = [String?](repeating: nil, count: 256)
        guard case let .choice(choices) = type, case let .choice(_, dataset) = access, let codes = choices.codes[dataset] else { return byCode }
        for (index, code) in codes.enumerated() { byCode[code] = choices.values[index] }
        return byCode
    }
}
