import ParleyGraph
import ParleySupport

/// Loads an ACLED CSV export into the graph: each row an incident; actors, associated actors and
/// sources parties; region > country > admin1 > admin2 > admin3 > location nested places, joined to
/// places already in the graph where they truly agree (see `PlaceJoiner`), and parties by name or alias.
///
/// Columns are found by header name, so the older and newer layouts both load. The caller gets
/// all or nothing: on any error the graph it passed in is untouched (see `Session`).
public struct AcledImporter {
    public struct Summary: Sendable, Equatable {
        /// Rows whose `event_id_cnty` the graph did not have.
        public var added = 0
        /// Rows the graph had, replaced because the file's `timestamp` is newer.
        public var updated = 0
        /// Rows the graph had with the same or a newer `timestamp`, left as they were.
        public var unchanged = 0
        public var partiesAdded = 0
        public var placesAdded = 0
        /// The columns the importer reads that the file lacks, in the file's usual order, each with what
        /// its absence means for the incidents (see `ImportReport`).
        public var missingColumns: [MissingColumn] = []
        /// Places that were in the graph before the import and that its rows joined.
        public var placesJoined = 0
        /// Up to `joinedPlacesListed` of them, as `Zaporizhia → Zaporizhzhia (admin1)` (the row's name, then
        /// the place's): those joined under another name first, then the most precise.
        public var joinedPlaces: [String] = []

        /// What the import changed in a graph begun from the sample as it was (see `KyivCitySplit`).
        public var sampleSplit: String?

        /// How many joined places the summary lists by name.
        public static let joinedPlacesListed = 5
        /// Associates of rows left as they were, given the side an older import did not keep: rows the
        /// graph had changed, so a store must save more than the appended rows.
        public var associatesGivenSides = 0
        /// Rows left as they were that took `inter1`, `inter2`, `interaction` or `iso` from the file
        /// because the graph had none (a store of an earlier version): a store saves those rows too.
        public var rowsGivenCodes = 0

        /// Codes kept as given (`inter1`, `iso`…) that some rows write in a form Parley does not read:
        /// unknown in those rows, and said in a note.
        public var unreadValues: [UnreadValues] = []

        /// Every row of the file.
        public var incidents: Int { added + updated + unchanged }
    }

    /// A column some rows of which hold a value Parley cannot read as the code it expects.
    public struct UnreadValues: Sendable, Equatable {
        /// The header name.
        public var name: String
        /// What the column holds, phrased to follow "is not": "one of ACLED's actor types (1 to 8 or their words)".
        public var expected: String
        /// How many rows, and the first such value.
        public var rows: Int
        public var first: String
    }

    /// A column the file lacks, and what that means for every incident it holds.
    public struct MissingColumn: Sendable, Equatable {
        /// The header name, as in ACLED's export.
        public var name: String
        /// "deaths are unknown": read on with "for these 9,000 incidents".
        public var consequence: String
    }

    /// The columns the importer reads; only the first two must be there.
    enum Column: Int, CaseIterable {
        case eventID, eventDate, actor1, country, timePrecision, disorderType, eventType, subEventType
        case assocActor1, actor2, assocActor2, civilianTargeting, region, admin1, admin2, admin3, location
        case latitude, longitude, geoPrecision, source, sourceScale, notes, fatalities, tags, timestamp
        case inter1, inter2, interaction, iso

        /// The header name in ACLED's export.
        var header: String {
            switch self {
            case .eventID: "event_id_cnty"
            case .eventDate: "event_date"
            case .actor1: "actor1"
            case .country: "country"
            case .timePrecision: "time_precision"
            case .disorderType: "disorder_type"
            case .eventType: "event_type"
            case .subEventType: "sub_event_type"
            case .assocActor1: "assoc_actor_1"
            case .actor2: "actor2"
            case .assocActor2: "assoc_actor_2"
            case .civilianTargeting: "civilian_targeting"
            case .region: "region"
            case .admin1: "admin1"
            case .admin2: "admin2"
            case .admin3: "admin3"
            case .location: "location"
            case .latitude: "latitude"
            case .longitude: "longitude"
            case .geoPrecision: "geo_precision"
            case .source: "source"
            case .sourceScale: "source_scale"
            case .notes: "notes"
            case .fatalities: "fatalities"
            case .tags: "tags"
            case .timestamp: "timestamp"
            case .inter1: "inter1"
            case .inter2: "inter2"
            case .interaction: "interaction"
            case .iso: "iso"
            }
        }

        /// The incident's name and date: without them there is no incident to make.
        static let required: [Column] = [.eventID, .eventDate]

        /// What the incidents go without when the file lacks the column, phrased to read on with
        /// "for these N incidents".
        var consequenceWhenMissing: String {
            switch self {
            case .eventID, .eventDate: "the file cannot be read"
            case .actor1: "there is no actor"
            case .actor2: "there is no target"
            case .assocActor1, .assocActor2: "there are no associates from `\(header)`"
            case .country: "places have no country"
            case .region: "places have no world region"
            case .admin1, .admin2, .admin3: "places have no \(header) level"
            case .location: "places stop short of the town or village (`location`)"
            case .latitude, .longitude: "places have no coordinates"
            case .subEventType: "the kind is `other` (it comes from `sub_event_type`)"
            case .timePrecision: "`time_precision` is unknown (dates read as exact days)"
            case .source: "ACLED is the only source"
            case .notes: "there are no notes"
            case .fatalities: "deaths are unknown"
            case .tags: "there are no tags"
            case .timestamp: "`timestamp` is unknown, so a later import never updates them"
            case .disorderType, .eventType, .civilianTargeting, .geoPrecision, .sourceScale, .inter1, .inter2, .interaction, .iso:
                "`\(header)` is unknown"
            }
        }
    }

    /// Where each `Column` is in the file, by `Column.rawValue`; nil when the file lacks it.
    struct ColumnPositions {
        var positions = [Int?](repeating: nil, count: Column.allCases.count)
        subscript(column: Column) -> Int? {
            get { positions[column.rawValue] }
            set { positions[column.rawValue] = newValue }
        }
    }

    private var scanner: CSVScanner
    /// The rows after the header, read ahead on another thread (or, for tests, on this one).
    private var rows: ReadAheadRows?
    private var graph: Graph
    private var columns = ColumnPositions()
    private var fieldCount = 0
    private var summary = Summary()
    private var rowsPerBatch = defaultRowsPerBatch
    private var readsAhead = true

    // Caches from a value's interned id to what it became; -2 when not yet resolved.
    private var partyForString: [Int32] = []
    private var sourceSetForString: [Int32] = []
    private var kindForString: [Int32: IncidentKind] = [:]
    /// The whole place columns of a row, joined, → place id.
    private var placeKeys = StringPool()
    private var placeForKey: [Int32] = []
    private var places: PlaceJoiner
    private var acled: Int32 = -1
    private var acledSources: Int32 = 0
    private var keyScratch: [UInt8] = []
    /// The field positions of region…location when they are consecutive in the file.
    private var placeColumnsSpan: ClosedRange<Int>?
    /// Every imported incident's `event_id_cnty` (the graph's and this file's so far), → its row.
    private var eventIDs = StringPool()
    private var rowForEventID: [Int32] = []
    /// Rows this import replaced, and their new notes (applied in one pass at the end).
    private var updatedRows: Set<Int32> = []
    private var updatedNotes: [Int32: [UInt8]] = [:]
    /// Associates an older import kept without their side, by incident: given their side when the
    /// file is imported again.
    private var unsidedAssociates: [Int32: [Int]] = [:]
    /// A row's associates of one side, reused from row to row.
    private var associateScratch: [Int32] = []

    /// Bytes the reader takes from the file at a time.
    public static let defaultChunkSize = CSVScanner.defaultChunkSize

    /// Rows the reading thread hands over at a time.
    public static let defaultRowsPerBatch = ReadAheadRows.defaultRowsPerBatch

    /// Imports the file into `graph` and returns what it added.
    /// - Parameters:
    ///   - chunkSize: bytes read at a time; tests and the fuzzer use small sizes so that rows,
    ///     quoted fields and UTF-8 sequences straddle reads.
    ///   - rowsPerBatch: rows read ahead at a time; a few make errors meet a reader that is ahead.
    ///   - readsAhead: false reads the rows on the calling thread, one batch when it is needed. Every
    ///     way of reading gives the same graph, or the same error.
    public static func importFile(_ path: String, into graph: inout Graph, chunkSize: Int = defaultChunkSize,
                                  rowsPerBatch: Int = defaultRowsPerBatch, readsAhead: Bool = true) throws(ParleyError) -> Summary {
        var importer = try AcledImporter(path: path, graph: graph, chunkSize: chunkSize)
        importer.rowsPerBatch = rowsPerBatch
        importer.readsAhead = readsAhead
        defer { importer.closeFile() }
        try importer.run()
        importer.summarizePlaces()
        graph = importer.graph
        importer.graph = Graph()
        return importer.summary
    }

    private init(path: String, graph: Graph, chunkSize: Int) throws(ParleyError) {
        scanner = try CSVScanner(path: path, chunkSize: chunkSize)
        self.graph = graph
        // Before joining: ACLED's Kyiv City rows are to join the sample's Kyiv City, not the oblast.
        summary.sampleSplit = KyivCitySplit.apply(to: &self.graph)
        places = PlaceJoiner(self.graph)
    }

    private mutating func run() throws(ParleyError) {
        try readHeader()
        prepare()
        let firstRow = Int32(graph.incidents.count)
        defer { graph.importedIncidents.append(firstRow..<Int32(graph.incidents.count)) }
        let associationsBefore = graph.associations.count
        var count = 0
        rows = ReadAheadRows(scanner, width: fieldCount, rowsPerBatch: rowsPerBatch, readsAhead: readsAhead)
        while try rows!.nextRow() {
            if count % Interrupt.checkInterval == 0 { try Interrupt.check() }
            try addRow()
            count += 1
        }
        if !updatedRows.isEmpty { applyUpdates(associationsBefore: associationsBefore) }
        summary.placesAdded += AcledActorRules.apply(to: &graph, acledSources: acledSources)
    }

    /// Replaces the notes of updated rows, and drops their old associates (the new ones were appended).
    private mutating func applyUpdates(associationsBefore: Int) {
        if !updatedNotes.isEmpty {
            let old = graph.incidents.notes
            var bytes: [UInt8] = []
            bytes.reserveCapacity(old.bytes.count)
            var ends: [Int] = []
            ends.reserveCapacity(old.count)
            old.bytes.withUnsafeBufferPointer { oldBytes in
                for row in 0..<old.count {
                    if let replacement = updatedNotes[Int32(row)] {
                        bytes.append(contentsOf: replacement)
                    } else {
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: oldBytes[old.range(Int32(row))]))
                    }
                    ends.append(bytes.count)
                }
            }
            graph.incidents.notes = TextColumn(bytes: bytes, ends: ends)
        }
        var kept = AssociationTable()
        for entry in 0..<graph.associations.count {
            let incident = graph.associations.incidents[entry]
            if entry < associationsBefore && updatedRows.contains(incident) { continue }
            kept.append(incident: incident, party: graph.associations.parties[entry], side: graph.associations.sides[entry])
        }
        graph.associations = kept
    }

    private func closeFile() {
        if let rows { rows.close() } else { scanner.close() }
    }

    private mutating func readHeader() throws(ParleyError) {
        guard try scanner.nextRow() else {
            throw scanner.error(.emptyFile, at: 0)
        }
        fieldCount = scanner.fields.count
        for index in 0..<fieldCount {
            let name = String(decoding: scanner.field(index), as: UTF8.self).trimmingSpaces().lowercased()
            guard let column = Column.allCases.first(where: { $0.header == name }) else { continue }
            // Two columns of one name: whichever were read, half the file would be misread.
            if let first = columns[column] {
                throw scanner.error(.duplicateColumn(column.header, first: first + 1, second: index + 1), field: index,
                                    hint: "rename or remove one of them")
            }
            columns[column] = index
        }
        let placePositions = AcledImporter.placeColumns.map { columns[$0.0] }
        if let first = placePositions.first ?? nil,
           placePositions.enumerated().allSatisfy({ $0.element == first + $0.offset }) {
            placeColumnsSpan = first...(first + placePositions.count - 1)
        }
        summary.missingColumns = Column.allCases.filter { columns[$0] == nil }
            .map { MissingColumn(name: $0.header, consequence: $0.consequenceWhenMissing) }
        let missing = Column.required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            throw scanner.error(.missingColumns(missing.map(\.header)),
                                at: 0, hint: "ACLED's export has a header row naming event_id_cnty, event_date, actor1, country…")
        }
    }

    /// Names ACLED as a source, and indexes the incidents already imported.
    private mutating func prepare() {
        if let existing = graph.parties(named: "ACLED").first {
            acled = existing
        } else {
            acled = graph.addParty("ACLED", kind: .reference, sources: 0)
            summary.partiesAdded += 1
        }
        acledSources = graph.sourceTable.internSet([graph.sourceTable.internChain([.init(party: acled, role: .reported)])])
        graph.parties.sources[Int(acled)] = 0
        // Incidents imported before are matched by event id, so importing a newer export updates them.
        let names = graph.incidents.names
        names.bytes.withUnsafeBufferPointer { bytes in
            for range in graph.importedIncidents {
                for row in range {
                    let id = eventIDs.intern(UnsafeBufferPointer(rebasing: bytes[names.range(row)]))
                    if Int(id) == rowForEventID.count { rowForEventID.append(row) }
                }
            }
        }
        let sides = graph.associations.sides
        if sides.contains(.unknown) {
            let imported = graph.importedIncidents
            for entry in sides.indices where sides[entry] == .unknown {
                let incident = graph.associations.incidents[entry]
                if imported.contains(where: { $0.contains(incident) }) { unsidedAssociates[incident, default: []].append(entry) }
            }
        }
    }

    // MARK: Rows

    private mutating func text(_ column: Column) -> UnsafeBufferPointer<UInt8>? {
        guard let index = columns[column] else { return nil }
        let field = rows!.field(index)
        return field.isEmpty ? nil : field
    }

    private mutating func addRow() throws(ParleyError) {
        let eventID = rows!.field(columns[.eventID]!)
        let key = eventIDs.intern(eventID)
        if Int(key) < rowForEventID.count {
            let existing = rowForEventID[Int(key)]
            let timestamp = try integer(.timestamp) ?? -1
            if timestamp > graph.incidents.timestamps[Int(existing)] {
                try readRow(into: existing)
                summary.updated += 1
            } else {
                try checkUnchangedRow()
                summary.unchanged += 1
                if let entries = unsidedAssociates[existing] { giveSides(entries) }
                giveCodes(existing)
            }
            return
        }
        let row = Int32(graph.incidents.count)
        rowForEventID.append(row)
        graph.incidents.names.append(eventID)
        try readRow(into: row)
        summary.added += 1
    }

    /// A row the graph has, left as it is, keeps its values; but the codes a store of an earlier version
    /// did not keep (`inter1`, `inter2`, `interaction`, `iso`: unknown there) are taken from the file.
    private mutating func giveCodes(_ row: Int32) {
        let index = Int(row)
        var given = false
        if graph.incidents.inter1Codes[index] == 0, case let code = actorType(.inter1), code != 0 {
            graph.incidents.inter1Codes[index] = code
            given = true
        }
        if graph.incidents.inter2Codes[index] == 0, case let code = actorType(.inter2), code != 0 {
            graph.incidents.inter2Codes[index] = code
            given = true
        }
        if graph.incidents.interactionCodes[index] < 0, case let code = code(.interaction), code >= 0 {
            graph.incidents.interactionCodes[index] = code
            given = true
        }
        if graph.incidents.isoCodes[index] < 0, case let code = code(.iso), code >= 0 {
            graph.incidents.isoCodes[index] = code
            given = true
        }
        if given { summary.rowsGivenCodes += 1 }
    }

    /// A row the graph has, left as it is, read through all the same: a bad value in it is the error it
    /// would be in a new row, and the import takes none of the file.
    private mutating func checkUnchangedRow() throws(ParleyError) {
        _ = try eventDate()
        _ = try timePrecision()
        _ = try count(.fatalities)
        try checkCoordinates()
    }

    /// Checks that the row's coordinates and geo precision read as numbers. A place keeps the first
    /// row's, so later rows of the same place are not parsed for it, but a bad value there is an error too.
    private mutating func checkCoordinates() throws(ParleyError) {
        try checkDecimal(.latitude)
        try checkDecimal(.longitude)
        _ = try integer(.geoPrecision)
    }

    private mutating func checkDecimal(_ column: Column) throws(ParleyError) {
        guard let index = columns[column] else { return }
        // Most coordinates are plain decimals; anything else is read the way the place reads it.
        if !AcledImporter.isPlainDecimal(rows!.field(index)) { _ = try decimal(column) }
    }

    /// `-12.3456`: an optional minus, up to four digits, an optional point and up to 17 more digits —
    /// always a finite `Double`. Empty is unknown, which is fine too.
    static func isPlainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = bytes.first == UInt8(ascii: "-") ? 1 : 0
        let integerStart = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        let integerDigits = index - integerStart
        guard integerDigits <= 4 else { return false }
        if index == bytes.count { return integerDigits > 0 || bytes.isEmpty }
        guard integerDigits > 0, bytes[index] == UInt8(ascii: "."), bytes.count - index - 1 <= 17 else { return false }
        index += 1
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index == bytes.count
    }

    /// Reads the row's fields into incident `row`: a new row (appended) or one this import replaces.
    private mutating func readRow(into row: Int32) throws(ParleyError) {
        let isNew = Int(row) == graph.incidents.kinds.count
        if !isNew { updatedRows.insert(row) }

        // Kind and ACLED's own words.
        let subEventType = try internedOrAbsent(.subEventType)
        let kind = incidentKind(subEventType)
        let date = try eventDate()
        let precision = try timePrecision()

        // Sides and associates.
        let actor = try party(.actor1)
        let target = try party(.actor2)
        try associates(.assocActor1, row, side: .actor)
        try associates(.assocActor2, row, side: .target)

        try checkCoordinates()
        let place = try placeOfRow()
        let deaths = try count(.fatalities)
        let sources = try sourceSet()

        let eventType = try internedOrAbsent(.eventType)
        let disorderType = try internedOrAbsent(.disorderType)
        let sourceScale = try internedOrAbsent(.sourceScale)
        let civilianTargeting = try internedOrAbsent(.civilianTargeting)
        let tags = try internedOrAbsent(.tags)
        let timestamp = try integer(.timestamp) ?? -1
        let inter1 = actorType(.inter1)
        let inter2 = actorType(.inter2)
        let interaction = code(.interaction)
        let iso = code(.iso)
        guard isNew else {
            let index = Int(row)
            graph.incidents.kinds[index] = kind
            graph.incidents.actors[index] = actor
            graph.incidents.targets[index] = target
            graph.incidents.places[index] = place
            graph.incidents.dates.set(row, date)
            graph.incidents.deaths.values[index] = deaths
            updatedNotes[row] = text(.notes).map { Array($0) } ?? []
            graph.incidents.sources[index] = sources
            graph.incidents.eventTypes[index] = eventType
            graph.incidents.subEventTypes[index] = subEventType
            graph.incidents.disorderTypes[index] = disorderType
            graph.incidents.sourceScales[index] = sourceScale
            graph.incidents.civilianTargeting[index] = civilianTargeting
            graph.incidents.tags[index] = tags
            graph.incidents.timePrecisions[index] = precision
            graph.incidents.timestamps[index] = timestamp
            graph.incidents.inter1Codes[index] = inter1
            graph.incidents.inter2Codes[index] = inter2
            graph.incidents.interactionCodes[index] = interaction
            graph.incidents.isoCodes[index] = iso
            return
        }
        graph.incidents.kinds.append(kind)
        graph.incidents.actors.append(actor)
        graph.incidents.targets.append(target)
        graph.incidents.places.append(place)
        graph.incidents.dates.append(date)
        graph.incidents.deaths.values.append(deaths)
        graph.incidents.injuries.values.append(OptionalCountColumn.unknownValue)
        graph.incidents.when.append(-1)
        if let notes = text(.notes) { graph.incidents.notes.append(notes) } else { graph.incidents.notes.append(nil as String?) }
        graph.incidents.sources.append(sources)
        graph.incidents.eventTypes.append(eventType)
        graph.incidents.subEventTypes.append(subEventType)
        graph.incidents.disorderTypes.append(disorderType)
        graph.incidents.sourceScales.append(sourceScale)
        graph.incidents.civilianTargeting.append(civilianTargeting)
        graph.incidents.tags.append(tags)
        graph.incidents.timePrecisions.append(precision)
        graph.incidents.timestamps.append(timestamp)
        graph.incidents.inter1Codes.append(inter1)
        graph.incidents.inter2Codes.append(inter2)
        graph.incidents.interactionCodes.append(interaction)
        graph.incidents.isoCodes.append(iso)
    }

    private mutating func internedOrAbsent(_ column: Column) throws(ParleyError) -> Int32 {
        guard let bytes = text(column) else { return -1 }
        return graph.strings.intern(bytes)
    }

    private mutating func incidentKind(_ subEventType: Int32) -> IncidentKind {
        guard subEventType >= 0 else { return .other }
        if let known = kindForString[subEventType] { return known }
        let kind = AcledVocabulary.incidentKinds[graph.strings[subEventType]] ?? .other
        kindForString[subEventType] = kind
        return kind
    }

    /// `2024-03-05`, or the older exports' `05 March 2024` / `5-March-2024`.
    private mutating func eventDate() throws(ParleyError) -> CalendarDate {
        let index = columns[.eventDate]!
        let bytes = rows!.field(index)
        if bytes.count == 10, let date = AcledImporter.isoDay(bytes) { return date }
        let text = String(decoding: bytes, as: UTF8.self)
        if let date = AcledImporter.writtenDay(text) { return date }
        throw rows!.error(.notADate(text), field: index)
    }

    static func isoDay(_ b: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        func digit(_ i: Int) -> Int? {
            let value = Int(b[i]) - 48
            return value >= 0 && value <= 9 ? value : nil
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
              let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9) else { return nil }
        let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
        let month = m0 * 10 + m1
        let day = d0 * 10 + d1
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"]

    static func writtenDay(_ text: String) -> CalendarDate? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        guard parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]),
              let month = monthNames.firstIndex(where: { $0.hasPrefix(parts[1].lowercased()) && parts[1].count >= 3 }) else { return nil }
        // Years as the language writes them (four digits), so the day count cannot overflow.
        guard (1...9999).contains(year), day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month + 1) else { return nil }
        return CalendarDate(year: year, month: month + 1, day: day)
    }

    private mutating func timePrecision() throws(ParleyError) -> UInt8 {
        guard let index = columns[.timePrecision] else { return 0 }
        let bytes = rows!.field(index)
        if bytes.count == 1, bytes[0] >= UInt8(ascii: "1"), bytes[0] <= UInt8(ascii: "3") { return bytes[0] - UInt8(ascii: "0") }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let precision = TimePrecisionCode.parse(text) else {
            throw rows!.error(.notATimePrecision(text), field: index)
        }
        return precision
    }

    /// ACLED's actor type (`inter1`, `inter2`): its code 0 to 8 (0, no actor, is unknown), or the words
    /// newer exports write instead ("State forces", "Rebel group"…).
    private mutating func actorType(_ column: Column) -> UInt8 {
        guard let bytes = text(column) else { return 0 }
        if bytes.count == 1, bytes[0] >= UInt8(ascii: "0"), bytes[0] <= UInt8(ascii: "8") { return bytes[0] - UInt8(ascii: "0") }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let code = AcledVocabulary.actorTypes[text.lowercased()] else {
            unread(column, text, expected: "one of ACLED's actor types (1 to 8, or their words)")
            return 0
        }
        return code
    }

    /// A code kept as given (`interaction`, `iso`): a whole number below a billion, or -1 when the field is
    /// empty or holds something else (said in a note: some exports write words there).
    private mutating func code(_ column: Column) -> Int32 {
        guard let bytes = text(column) else { return -1 }
        var value: Int32 = 0
        // Nine digits at most: below 2³¹ without an overflow check per digit.
        if bytes.count <= 9 {
            for byte in bytes {
                let digit = byte &- UInt8(ascii: "0")
                if digit > 9 { return unreadCode(column, bytes) }
                value = value &* 10 &+ Int32(digit)
            }
            return value
        }
        return unreadCode(column, bytes)
    }

    private mutating func unreadCode(_ column: Column, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        unread(column, String(decoding: bytes, as: UTF8.self), expected: "a whole number below a billion")
        return -1
    }

    private mutating func unread(_ column: Column, _ text: String, expected: String) {
        if let index = summary.unreadValues.firstIndex(where: { $0.name == column.header }) {
            summary.unreadValues[index].rows += 1
        } else {
            // A hostile file's value may be long or span lines; the note needs only its start.
            let first = String(text.prefix(60).map { $0.isNewline ? " " : $0 })
            summary.unreadValues.append(UnreadValues(name: column.header, expected: expected, rows: 1, first: first))
        }
    }

    /// A whole number, or nil when the field is empty.
    private mutating func integer(_ column: Column) throws(ParleyError) -> Int64? {
        guard let index = columns[column] else { return nil }
        let bytes = rows!.field(index)
        if bytes.isEmpty { return nil }
        var value: Int64 = 0
        for byte in bytes {
            let digit = Int64(byte) - 48
            guard digit >= 0 && digit <= 9, value < Int64.max / 10 else {
                throw rows!.error(.notAWholeNumber(String(decoding: bytes, as: UTF8.self), column: column.header), field: index)
            }
            value = value * 10 + digit
        }
        return value
    }

    private mutating func count(_ column: Column) throws(ParleyError) -> Int32 {
        guard let value = try integer(column) else { return OptionalCountColumn.unknownValue }
        guard value < Int64(Int32.max) else {
            throw rows!.error(.tooLarge(value, column: column.header), field: columns[column]!)
        }
        return Int32(value)
    }

    private mutating func decimal(_ column: Column) throws(ParleyError) -> Double? {
        guard let index = columns[column] else { return nil }
        let bytes = rows!.field(index)
        if bytes.isEmpty { return nil }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else {
            throw rows!.error(.notANumber(String(decoding: bytes, as: UTF8.self), column: column.header), field: index)
        }
        return value
    }

    // MARK: Parties

    private mutating func party(_ column: Column) throws(ParleyError) -> Int32 {
        guard let bytes = text(column) else { return -1 }
        return party(named: graph.strings.intern(bytes))
    }

    private mutating func party(named nameID: Int32) -> Int32 {
        if Int(nameID) < partyForString.count, partyForString[Int(nameID)] >= 0 { return partyForString[Int(nameID)] }
        let name = graph.strings[nameID]
        let party: Int32
        if let existing = graph.parties(named: name).first {
            party = existing
        } else {
            let description = AcledVocabulary.describe(actor: name)
            party = graph.addParty(name, kind: description.kind, sources: acledSources)
            summary.partiesAdded += 1
            // A state body's state is made as it is met; units, eras and populations are settled once
            // the whole file is in (`AcledActorRules`).
            if let state = description.state {
                let statePartyID = partyNamed(state, orNew: .state)
                if statePartyID != party {
                    graph.addMembership(member: party, group: statePartyID, role: description.role, sources: acledSources)
                }
            }
        }
        if Int(nameID) >= partyForString.count {
            partyForString.append(contentsOf: repeatElement(-1, count: Int(nameID) + 1 - partyForString.count + 1024))
        }
        partyForString[Int(nameID)] = party
        return party
    }

    /// The party with this name or alias, or a new one of `kind`.
    private mutating func partyNamed(_ name: String, orNew kind: PartyKind) -> Int32 {
        if let existing = graph.parties(named: name).first { return existing }
        summary.partiesAdded += 1
        return graph.addParty(name, kind: kind, sources: acledSources)
    }

    /// `assoc_actor_1` or `_2`: several parties split on `;`, associated with side one or two.
    private mutating func associates(_ column: Column, _ row: Int32, side: AssociationTable.Side) throws(ParleyError) {
        var parties = associateScratch
        associateScratch = []
        parties.removeAll(keepingCapacity: true)
        associatedParties(column, into: &parties)
        for party in parties { graph.associations.append(incident: row, party: party, side: side) }
        associateScratch = parties
    }

    /// An unchanged row whose associates an older import kept without sides: the file's two columns
    /// give them, matched in the order that import added them (side one's, then side two's).
    private mutating func giveSides(_ entries: [Int]) {
        var first: [Int32] = []
        associatedParties(.assocActor1, into: &first)
        var parties = first
        associatedParties(.assocActor2, into: &parties)
        guard parties.count == entries.count,
              zip(entries, parties).allSatisfy({ graph.associations.parties[$0.0] == $0.1 }) else { return }
        for (position, entry) in entries.enumerated() {
            graph.associations.sides[entry] = position < first.count ? .actor : .target
        }
        summary.associatesGivenSides += entries.count
    }

    private mutating func associatedParties(_ column: Column, into parties: inout [Int32]) {
        guard let bytes = text(column) else { return }
        var start = 0
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == UInt8(ascii: ";") {
                var from = start
                var to = index
                while from < to && bytes[from] == UInt8(ascii: " ") { from += 1 }
                while to > from && bytes[to - 1] == UInt8(ascii: " ") { to -= 1 }
                if to > from {
                    let id = graph.strings.intern(UnsafeBufferPointer(rebasing: bytes[from..<to]))
                    parties.append(party(named: id))
                }
                start = index + 1
            }
            index += 1
        }
    }

    // MARK: Sources

    /// `source`: "Ukrinform; Ukrainska Pravda" → two independent sources, each relayed by ACLED.
    private mutating func sourceSet() throws(ParleyError) -> Int32 {
        guard let bytes = text(.source) else { return acledSources }
        let id = graph.strings.intern(bytes)
        if Int(id) < sourceSetForString.count, sourceSetForString[Int(id)] >= 0 { return sourceSetForString[Int(id)] }
        var chains: [Int32] = []
        for part in graph.strings[id].split(separator: ";") {
            let name = part.trimmingCharacters(inSet: " ")
            guard !name.isEmpty else { continue }
            let reporter = partyNamed(name, orNew: .media)
            chains.append(graph.sourceTable.internChain([.init(party: reporter, role: .reported), .init(party: acled, role: .reported)]))
        }
        let set = chains.isEmpty ? acledSources : graph.sourceTable.internSet(chains)
        if Int(id) >= sourceSetForString.count {
            sourceSetForString.append(contentsOf: repeatElement(-1, count: Int(id) + 1 - sourceSetForString.count + 1024))
        }
        sourceSetForString[Int(id)] = set
        return set
    }

    // MARK: Places

    private static let placeColumns: [(Column, PlaceLevel)] = [
        (.region, .region), (.country, .country), (.admin1, .admin1), (.admin2, .admin2), (.admin3, .admin3), (.location, .location),
    ]

    /// The row's innermost place, creating the chain region > … > location as needed.
    private mutating func placeOfRow() throws(ParleyError) -> Int32 {
        // One lookup for the common case: the same six columns seen before. In ACLED's layout they sit
        // side by side, so their raw bytes are one slice of the row.
        let key: Int32
        if let first = placeColumnsSpan {
            key = placeKeys.intern(rows!.span(fromField: first.lowerBound, throughField: first.upperBound))
        } else {
            keyScratch.removeAll(keepingCapacity: true)
            for (column, _) in AcledImporter.placeColumns {
                if let index = columns[column] { keyScratch.append(contentsOf: rows!.field(index)) }
                keyScratch.append(0x1F)
            }
            key = keyScratch.withUnsafeBufferPointer { placeKeys.intern($0) }
        }
        if Int(key) < placeForKey.count { return placeForKey[Int(key)] }
        var parent: Int32 = -1
        for (column, level) in AcledImporter.placeColumns {
            guard let bytes = text(column) else { continue }
            let name = String(decoding: bytes, as: UTF8.self)
            parent = child(named: name, level: level, of: parent)
        }
        if parent >= 0, graph.places.levels[Int(parent)] == .location || graph.places.latitudes[Int(parent)].isNaN {
            if let latitude = try decimal(.latitude), let longitude = try decimal(.longitude),
               abs(latitude) <= 90, abs(longitude) <= 180 {
                graph.places.latitudes[Int(parent)] = latitude
                graph.places.longitudes[Int(parent)] = longitude
            }
            if let precision = try integer(.geoPrecision) { graph.places.geoPrecisions[Int(parent)] = Int8(clamping: precision) }
        }
        placeForKey.append(parent)
        return parent
    }

    private mutating func child(named name: String, level: PlaceLevel, of parent: Int32) -> Int32 {
        places.place(named: name, level: level, in: parent, graph: &graph, sources: acledSources)
    }

    private mutating func summarizePlaces() {
        summary.placesAdded = places.added
        summary.placesJoined = places.joined.count
        // Those joined under another name first, then the most precise: what a reader would check.
        struct Listed {
            var text: String
            var renamed: Bool
            var level: PlaceLevel
            var order: Int
        }
        var listed: [Listed] = []
        for (order, join) in places.joined.enumerated() {
            let name = graph.strings[graph.places.names[Int(join.place)]]
            let level = graph.places.levels[Int(join.place)]
            let renamed = join.spelling != name
            listed.append(Listed(text: renamed ? "\(join.spelling) → \(name) (\(level.rawValue))" : "\(name) (\(level.rawValue))",
                                 renamed: renamed, level: level, order: order))
        }
        listed.sort { a, b in
            if a.renamed != b.renamed { return a.renamed }
            if a.level != b.level { return a.level > b.level }
            return a.order < b.order
        }
        summary.joinedPlaces = listed.prefix(Summary.joinedPlacesListed).map(\.text)
    }
}

extension String {
    func trimmingSpaces() -> String { trimmingCharacters(inSet: " \t\r\n") }

    func trimmingCharacters(inSet set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}

extension Substring {
    func trimmingCharacters(inSet set: String) -> String { String(self).trimmingCharacters(inSet: set) }
}
