#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyGraph
import ParleySchema

/// How the graph is laid out in a store: a small catalog (every table but the incidents' columns and
/// their associates, which can hold millions of rows) and those big columns cut into chunks of
/// `GraphStorage.chunkRows` rows, each loaded only when a query needs it.
package enum GraphStorage {
    /// Rows per chunk: one added incident rewrites at most this many rows of each column.
    static let chunkRows = 16_384

    /// The big columns: the schema's list (`IncidentColumn`); how each is cut into chunks is below.
    package typealias Column = IncidentColumn
}

extension IncidentColumn {
        var part: String { "incidents." + rawValue }

        /// Bytes a row takes in a chunk; nil for text, whose rows vary.
        var valueWidth: Int? {
            switch layout {
            case .int32: MemoryLayout<Int32>.stride
            case .int64: MemoryLayout<Int64>.stride
            case .uint8: MemoryLayout<UInt8>.stride
            case .incidentKinds: MemoryLayout<IncidentKind>.stride
            case .precisions: MemoryLayout<CalendarDate.Precision>.stride
            case .associationSides: MemoryLayout<AssociationTable.Side>.stride
            case .text: nil
            }
        }

        /// Rows `range` of this column, in the chunk format: fixed-width values as raw bytes; text as
        /// each row's end relative to the chunk (`UInt32`), then the bytes.
        func encode(_ graph: Graph, rows range: Range<Int>) -> [UInt8] {
            var writer = ByteWriter()
            switch layout {
            case let .int32(path): writer.array(graph[keyPath: path][range])
            case let .int64(path): writer.array(graph[keyPath: path][range])
            case let .uint8(path): writer.array(graph[keyPath: path][range])
            case .incidentKinds: writer.array(graph.incidents.kinds[range])
            case .precisions: writer.array(graph.incidents.dates.precisions[range])
            case .associationSides: writer.array(graph.associations.sides[range])
            case let .text(path):
                let column = graph[keyPath: path]
                let start = range.lowerBound == 0 ? 0 : column.ends[range.lowerBound - 1]
                let end = range.isEmpty ? start : column.ends[range.upperBound - 1]
                writer.array(column.ends[range].map { UInt32($0 - start) })
                writer.array(column.bytes[start..<end])
            }
            return writer.bytes
        }

        /// Sets this column of `graph` from its chunks, which `forEachChunk` hands over in order (each
        /// valid only during the call); `expectedRows` is the catalog's count. One copy per value.
        func decode(into graph: inout Graph, expectedRows: Int,
                    forEachChunk: ((ChunkCodec.Decoded) throws -> Void) throws -> Void) throws {
            switch layout {
            case let .int32(path): graph[keyPath: path] = try GraphStorage.gather(Int32.self, expectedRows, forEachChunk)
            case let .int64(path): graph[keyPath: path] = try GraphStorage.gather(Int64.self, expectedRows, forEachChunk)
            case let .uint8(path): graph[keyPath: path] = try GraphStorage.gather(UInt8.self, expectedRows, forEachChunk)
            case .incidentKinds:
                graph.incidents.kinds = try GraphStorage.gather(IncidentKind.self, expectedRows, forEachChunk, validating: IncidentKind.allCases.count)
            case .precisions:
                graph.incidents.dates.precisions = try GraphStorage.gather(CalendarDate.Precision.self, expectedRows, forEachChunk,
                                                                           validating: CalendarDate.Precision.allCases.count)
            case .associationSides:
                graph.associations.sides = try GraphStorage.gather(AssociationTable.Side.self, expectedRows, forEachChunk,
                                                                   validating: AssociationTable.Side.allCases.count)
            case let .text(path):
                var ends: [Int] = []
                ends.reserveCapacity(expectedRows)
                var bytes: [UInt8] = []
                try forEachChunk { decoded in
                    guard case let .plain(raw) = decoded else { throw ByteReader.Damaged() }
                    var reader = ByteReader(raw)
                    let relative = try reader.array(UInt32.self)
                    let text = try reader.count()
                    guard raw.count - reader.offset == text else { throw ByteReader.Damaged() }
                    let base = bytes.count
                    var previous: UInt32 = 0
                    for end in relative {
                        guard end >= previous, Int(end) <= text else { throw ByteReader.Damaged() }
                        previous = end
                        ends.append(base + Int(end))
                    }
                    guard Int(previous) == text else { throw ByteReader.Damaged() }
                    bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[reader.offset...]))
                }
                guard ends.count == expectedRows else { throw ByteReader.Damaged() }
                graph[keyPath: path] = TextColumn(bytes: bytes, ends: ends)
            }
            guard rowCount(graph) == expectedRows else { throw ByteReader.Damaged() }
            if case let .int32(path) = layout, let bound = referenceBound(graph) {
                // Ids point into other tables; a damaged store must fail here, not crash a query later.
                let values = graph[keyPath: path]
                var low: Int32 = 0
                var high: Int32 = -1
                for value in values {
                    low = min(low, value)
                    high = max(high, value)
                }
                guard low >= -1, Int(high) < bound else { throw ByteReader.Damaged() }
            }
        }

        /// How many rows the table this column's ids point into has; nil for counts and days.
        private func referenceBound(_ graph: Graph) -> Int? {
            switch references {
            case .parties: graph.parties.count
            case .places: graph.places.count
            case .sourceSets: graph.sourceTable.sets.count
            case .strings: graph.strings.count
            case .incidents: graph.incidents.count
            case nil: nil
            }
        }

        /// Empties the column in `graph` (to be loaded again later).
        func clear(_ graph: inout Graph) {
            switch layout {
            case let .int32(path): graph[keyPath: path] = []
            case let .int64(path): graph[keyPath: path] = []
            case let .uint8(path): graph[keyPath: path] = []
            case .incidentKinds: graph.incidents.kinds = []
            case .precisions: graph.incidents.dates.precisions = []
            case .associationSides: graph.associations.sides = []
            case let .text(path): graph[keyPath: path] = TextColumn()
            }
        }
}

extension GraphStorage {

    /// Fixed-width values from chunks (a count, then the raw values) copied straight into one array.
    /// - Parameter validating: for a single-byte enum, its number of cases; every byte must be below it.
    static func gather<T: BitwiseCopyable>(_ type: T.Type, _ expected: Int,
                                           _ forEachChunk: ((ChunkCodec.Decoded) throws -> Void) throws -> Void,
                                           validating cases: Int? = nil) throws -> [T] {
        try [T](unsafeUninitializedCapacity: expected) { buffer, initialized in
            try forEachChunk { decoded in
                guard case let .plain(raw) = decoded else {
                    // Packed numbers go straight into place, then single-byte enums are checked there.
                    guard case let .packed(packed) = decoded, packed.values.width == MemoryLayout<T>.stride,
                          initialized + packed.count <= expected else { throw ByteReader.Damaged() }
                    let start = UnsafeMutableRawPointer(buffer.baseAddress! + initialized)
                    packed.unpack(into: start)
                    initialized += packed.count
                    if let cases {
                        let bytes = UnsafeRawBufferPointer(start: start, count: packed.count)
                        var largest: UInt8 = 0
                        for index in bytes.indices { largest = max(largest, bytes[index]) }
                        if !bytes.isEmpty && Int(largest) >= cases { throw ByteReader.Damaged() }
                    }
                    return
                }
                var reader = ByteReader(raw)
                let count = try reader.count()
                let size = count * MemoryLayout<T>.stride
                guard raw.count - reader.offset == size, initialized + count <= expected else { throw ByteReader.Damaged() }
                let values = UnsafeRawBufferPointer(rebasing: raw[reader.offset...])
                if let cases {
                    // The largest byte, in a loop the compiler vectorises.
                    let bytes = values.bindMemory(to: UInt8.self)
                    var largest: UInt8 = 0
                    for index in bytes.indices { largest = max(largest, bytes[index]) }
                    if !bytes.isEmpty && Int(largest) >= cases { throw ByteReader.Damaged() }
                }
                if size > 0 {
                    memcpy(UnsafeMutableRawPointer(buffer.baseAddress! + initialized), values.baseAddress!, size)
                }
                initialized += count
            }
            // Chunks missing at the end leave the column short: never a column shorter than the table.
            guard initialized == expected else { throw ByteReader.Damaged() }
        }
    }

    // MARK: The catalog

    /// Everything but the big columns, in one blob.
    static func encodeCatalog(_ graph: Graph) -> [UInt8] {
        var w = ByteWriter()
        w.integer(graph.incidents.count)
        w.integer(graph.associations.count)
        let strings = graph.strings.storedForm
        w.array(strings.arena)
        w.array(strings.ends)

        w.integer(graph.sourceTable.chains.count)
        for chain in graph.sourceTable.chains {
            w.array(chain.map(\.party))
            w.array(chain.map(\.role.rawValue))
        }
        w.integer(graph.sourceTable.sets.count)
        for set in graph.sourceTable.sets { w.array(set) }

        w.array(graph.parties.names)
        w.array(graph.parties.kinds)
        w.array(graph.parties.notes)
        w.array(graph.parties.sources)
        w.array(graph.parties.countries)

        w.array(graph.memberships.members)
        w.array(graph.memberships.groups)
        w.array(graph.memberships.roles)
        w.array(graph.memberships.sources)

        w.array(graph.places.names)
        w.array(graph.places.levels)
        w.array(graph.places.parents)
        w.array(graph.places.latitudes)
        w.array(graph.places.longitudes)
        w.array(graph.places.geoPrecisions)
        w.array(graph.places.sources)

        w.array(graph.meetings.names)
        w.array(graph.meetings.kinds)
        w.array(graph.meetings.statuses)
        w.array(graph.meetings.places)
        w.array(graph.meetings.dates.firstDays)
        w.array(graph.meetings.dates.precisions)
        w.array(graph.meetings.when)
        w.array(graph.meetings.notes)
        w.array(graph.meetings.sources)

        w.array(graph.participations.meetings)
        w.array(graph.participations.parties)
        w.array(graph.participations.roles)

        w.array(graph.claims.names)
        w.array(graph.claims.texts)
        w.array(graph.claims.speakers)
        w.array(graph.claims.dates.firstDays)
        w.array(graph.claims.dates.precisions)
        w.array(graph.claims.when)
        w.array(graph.claims.sources)

        w.array(graph.claimSubjects.map(\.claim))
        w.array(graph.claimSubjects.map(\.node.kind.code))
        w.array(graph.claimSubjects.map(\.node.index))

        w.array(graph.relations.subjects.map(\.kind.code))
        w.array(graph.relations.subjects.map(\.index))
        w.array(graph.relations.relations)
        w.array(graph.relations.objects.map(\.kind.code))
        w.array(graph.relations.objects.map(\.index))
        w.array(graph.relations.sources)

        encode(graph.partyNames, &w)
        encode(graph.placeNames, &w)
        let events = graph.eventNames.sorted { $0.key < $1.key }
        w.strings(events.map(\.key))
        w.array(events.map(\.value.kind.code))
        w.array(events.map(\.value.index))
        encode(graph.partyAliases, &w)
        encode(graph.placeAliases, &w)
        w.array(graph.importedIncidents.map(\.lowerBound))
        w.array(graph.importedIncidents.map(\.upperBound))

        // Corrections: what is retracted, and which nodes each change is about.
        let retracted = graph.retracted.sorted { ($0.kind.code, $0.index) < ($1.kind.code, $1.index) }
        w.array(retracted.map(\.kind.code))
        w.array(retracted.map(\.index))
        for set in [graph.retractedMemberships, graph.retractedParticipations, graph.retractedAssociations, graph.retractedClaimSubjects] {
            w.array(set.sorted())
        }
        w.array(graph.changedNodes.map(\.kind.code))
        w.array(graph.changedNodes.map(\.index))
        w.array(graph.changedNodeChanges)
        return w.bytes
    }

    private static func encode(_ index: NameIndex, _ w: inout ByteWriter) {
        w.strings(index.spellings)
        let keys = index.ids.keys.sorted()
        w.strings(keys)
        for key in keys { w.array(index.ids[key]!) }
    }

    private static func encode(_ aliases: [Int32: [Int32]], _ w: inout ByteWriter) {
        let keys = aliases.keys.sorted()
        w.array(keys)
        for key in keys { w.array(aliases[key]!) }
    }

    /// A graph holding the catalog; its big columns are empty until loaded. Returns the row counts the
    /// big columns must have.
    /// - Parameter version: the store's version; version 1 has no parties' countries (all unknown).
    static func decodeCatalog(_ bytes: [UInt8], version: Int64 = Store.schemaVersion) throws -> (graph: Graph, incidents: Int, associations: Int) {
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            var r = ByteReader(raw)
            var graph = Graph()
            let incidents = try r.count()
            let associations = try r.count()
            let arena = try r.array(UInt8.self)
            let ends = try r.array(Int.self)
            var previous = 0
            for end in ends {
                guard end >= previous, end <= arena.count else { throw ByteReader.Damaged() }
                previous = end
            }
            graph.strings = StringPool(arena: arena, ends: ends)

            let chainCount = try r.count()
            var chains: [[SourceTable.Link]] = []
            for _ in 0..<chainCount {
                let parties = try r.array(Int32.self)
                let roles = try r.array(UInt8.self)
                guard parties.count == roles.count else { throw ByteReader.Damaged() }
                var chain: [SourceTable.Link] = []
                for (party, role) in zip(parties, roles) {
                    guard let role = SourceTable.Link.Role(rawValue: role) else { throw ByteReader.Damaged() }
                    chain.append(.init(party: party, role: role))
                }
                chains.append(chain)
            }
            let setCount = try r.count()
            guard setCount >= 1 else { throw ByteReader.Damaged() }
            var sets: [[Int32]] = []
            for _ in 0..<setCount {
                let set = try r.array(Int32.self)
                guard set.allSatisfy({ $0 >= 0 && Int($0) < chains.count }) else { throw ByteReader.Damaged() }
                sets.append(set)
            }
            graph.sourceTable = SourceTable(chains: chains, sets: sets)

            graph.parties.names = try r.array(Int32.self)
            graph.parties.kinds = try r.enumArray(PartyKind.self)
            graph.parties.notes = try r.array(Int32.self)
            graph.parties.sources = try r.array(Int32.self)
            graph.parties.countries = version >= 2 ? try r.array(Int32.self) : Array(repeating: -1, count: graph.parties.names.count)

            graph.memberships.members = try r.array(Int32.self)
            graph.memberships.groups = try r.array(Int32.self)
            graph.memberships.roles = try r.array(Int32.self)
            graph.memberships.sources = try r.array(Int32.self)

            graph.places.names = try r.array(Int32.self)
            graph.places.levels = try r.enumArray(PlaceLevel.self)
            graph.places.parents = try r.array(Int32.self)
            graph.places.latitudes = try r.array(Double.self)
            graph.places.longitudes = try r.array(Double.self)
            graph.places.geoPrecisions = try r.array(Int8.self)
            graph.places.sources = try r.array(Int32.self)

            graph.meetings.names = try r.array(Int32.self)
            graph.meetings.kinds = try r.enumArray(MeetingKind.self)
            graph.meetings.statuses = try r.enumArray(MeetingStatus.self)
            graph.meetings.places = try r.array(Int32.self)
            graph.meetings.dates.firstDays = try r.array(Int32.self)
            graph.meetings.dates.precisions = try r.enumArray(CalendarDate.Precision.self)
            graph.meetings.when = try r.array(Int32.self)
            graph.meetings.notes = try r.array(Int32.self)
            graph.meetings.sources = try r.array(Int32.self)

            graph.participations.meetings = try r.array(Int32.self)
            graph.participations.parties = try r.array(Int32.self)
            graph.participations.roles = try r.enumArray(MeetingRole.self)

            graph.claims.names = try r.array(Int32.self)
            graph.claims.texts = try r.array(Int32.self)
            graph.claims.speakers = try r.array(Int32.self)
            graph.claims.dates.firstDays = try r.array(Int32.self)
            graph.claims.dates.precisions = try r.enumArray(CalendarDate.Precision.self)
            graph.claims.when = try r.array(Int32.self)
            graph.claims.sources = try r.array(Int32.self)

            let subjectClaims = try r.array(Int32.self)
            let subjectNodes = try nodes(&r)
            guard subjectClaims.count == subjectNodes.count else { throw ByteReader.Damaged() }
            graph.claimSubjects = zip(subjectClaims, subjectNodes).map { (claim: $0, node: $1) }

            graph.relations.subjects = try nodes(&r)
            graph.relations.relations = try r.array(Int32.self)
            graph.relations.objects = try nodes(&r)
            graph.relations.sources = try r.array(Int32.self)

            graph.partyNames = try nameIndex(&r)
            graph.placeNames = try nameIndex(&r)
            let eventKeys = try r.strings()
            let eventNodes = try nodes(&r)
            guard eventKeys.count == eventNodes.count else { throw ByteReader.Damaged() }
            graph.eventNames = Dictionary(zip(eventKeys, eventNodes), uniquingKeysWith: { first, _ in first })
            graph.partyAliases = try aliases(&r)
            graph.placeAliases = try aliases(&r)
            let lower = try r.array(Int32.self)
            let upper = try r.array(Int32.self)
            guard lower.count == upper.count, zip(lower, upper).allSatisfy({ $0 <= $1 }) else { throw ByteReader.Damaged() }
            graph.importedIncidents = zip(lower, upper).map { $0..<$1 }

            graph.retracted = Set(try nodes(&r))
            graph.retractedMemberships = Set(try r.array(Int32.self))
            graph.retractedParticipations = Set(try r.array(Int32.self))
            graph.retractedAssociations = Set(try r.array(Int32.self))
            graph.retractedClaimSubjects = Set(try r.array(Int32.self))
            graph.changedNodes = try nodes(&r)
            graph.changedNodeChanges = try r.array(Int64.self)
            guard graph.changedNodes.count == graph.changedNodeChanges.count else { throw ByteReader.Damaged() }
            guard r.isAtEnd else { throw ByteReader.Damaged() }
            try check(graph)
            return (graph, incidents, associations)
        }
    }

    private static func nodes(_ r: inout ByteReader) throws(ByteReader.Damaged) -> [NodeID] {
        let kinds = try r.array(UInt8.self)
        let indexes = try r.array(Int32.self)
        guard kinds.count == indexes.count else { throw ByteReader.Damaged() }
        var nodes: [NodeID] = []
        nodes.reserveCapacity(kinds.count)
        for (code, index) in zip(kinds, indexes) {
            guard let kind = NodeKind(code: code) else { throw ByteReader.Damaged() }
            nodes.append(NodeID(kind, index))
        }
        return nodes
    }

    private static func nameIndex(_ r: inout ByteReader) throws(ByteReader.Damaged) -> NameIndex {
        let spellings = try r.strings()
        let keys = try r.strings()
        var ids: [String: [Int32]] = [:]
        ids.reserveCapacity(keys.count)
        for key in keys { ids[key] = try r.array(Int32.self) }
        return NameIndex(ids: ids, spellings: spellings)
    }

    private static func aliases(_ r: inout ByteReader) throws(ByteReader.Damaged) -> [Int32: [Int32]] {
        let keys = try r.array(Int32.self)
        var aliases: [Int32: [Int32]] = [:]
        for key in keys { aliases[key] = try r.array(Int32.self) }
        return aliases
    }

    /// The small tables' columns agree in length (a damaged catalog must not crash a query later).
    private static func check(_ graph: Graph) throws(ByteReader.Damaged) {
        let p = graph.parties, m = graph.memberships, pl = graph.places, mt = graph.meetings
        let pa = graph.participations, c = graph.claims, r = graph.relations
        let consistent =
            [p.kinds.count, p.notes.count, p.sources.count, p.countries.count].allSatisfy { $0 == p.names.count }
            && p.countries.allSatisfy({ $0 >= -1 && Int($0) < pl.names.count })
            && [m.groups.count, m.roles.count, m.sources.count].allSatisfy { $0 == m.members.count }
            && [pl.levels.count, pl.parents.count, pl.latitudes.count, pl.longitudes.count, pl.geoPrecisions.count, pl.sources.count].allSatisfy { $0 == pl.names.count }
            && [mt.kinds.count, mt.statuses.count, mt.places.count, mt.dates.firstDays.count, mt.dates.precisions.count, mt.when.count, mt.notes.count, mt.sources.count].allSatisfy { $0 == mt.names.count }
            && [pa.parties.count, pa.roles.count].allSatisfy { $0 == pa.meetings.count }
            && [c.texts.count, c.speakers.count, c.dates.firstDays.count, c.dates.precisions.count, c.when.count, c.sources.count].allSatisfy { $0 == c.names.count }
            && [r.relations.count, r.objects.count, r.sources.count].allSatisfy { $0 == r.subjects.count }
        guard consistent else { throw ByteReader.Damaged() }
    }
}

extension NodeKind {
    /// A byte for the store.
    var code: UInt8 { UInt8(NodeKind.allCases.firstIndex(of: self)!) }

    init?(code: UInt8) {
        guard Int(code) < NodeKind.allCases.count else { return nil }
        self = NodeKind.allCases[Int(code)]
    }
}
