import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyGraph
import ParleySchema
import ParleySupport

/// A persistent store: one SQLite file holding the graph and its history. Every write is one SQLite
/// transaction, so a crash or `kill -9` leaves each statement either wholly saved or not at all.
///
/// The graph is kept in Parley's own columnar form (`GraphStorage`): a small catalog blob, and the
/// incidents' columns in chunks, loaded lazily — opening a store of a million incidents reads only the
/// columns the first query needs. A write rewrites the catalog and only the chunks that changed, so one
/// added fact rewrites at most one chunk of each column, never the million rows.
public final class Store {
    /// Written in the file's header (`PRAGMA application_id`): "PRLY".
    static let applicationID: Int64 = 0x5052_4C59
    /// `PRAGMA user_version`: the layout this Parley writes. It reads every earlier version as it is, and
    /// opening one for writing upgrades it to this one (`Store.migrations`).
    public static let schemaVersion: Int64 = 5

    public let path: String
    let database: SQLiteDatabase
    /// What the store holds per chunk (`part` → chunk number → rows, the hash of its stored bytes and
    /// that of its plain layout, which a write compares to tell a changed chunk without encoding it;
    /// nil for a chunk an older version wrote), as last read or written.
    private var chunkIndex: [String: [Int: (rows: Int, hash: Int64, plainHash: Int64?)]] = [:]
    private var catalogPlainHash: Int64?
    /// Rows each big column must have, from the catalog.
    private var expectedRows: (incidents: Int, associations: Int) = (0, 0)
    /// The big columns loaded into the graph so far.
    private(set) var loaded: Set<GraphStorage.Column> = []
    /// Each loaded column as the store holds it (`ColumnSnapshot`): a write saves only what differs.
    private var snapshots: [GraphStorage.Column: ColumnSnapshot] = [:]
    /// Highest `change.id` saved.
    private var savedChanges: Int64 = 0
    /// SQLite's `data_version` when the graph was last read or written: a different value means another
    /// process has written since.
    private var dataVersion: Int64 = 0
    /// Set while a write transaction is open (`beginWrite` to `commit` or `rollback`, and an upgrade):
    /// reads then run inside it.
    var inWrite = false
    /// The layout of the file as it is now: older only when it was opened read-only.
    var storedVersion = Store.schemaVersion
    /// The version this store had before opening it upgraded it to this one; nil when it was not.
    public internal(set) var upgradedFrom: Int64?

    public var isReadOnly: Bool { database.isReadOnly }

    static let schema = """
    CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE change (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        statement TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    \(chunkTable("chunk"))
    \(chunkIndex)
    """

    /// The `chunk` table as this version lays it out. Since version 4 it holds the hash of a chunk's plain
    /// layout, and the smallest and largest value of a chunk of whole numbers (its zone map; null for text
    /// and the catalog). Since version 5 the data comes last: SQLite reads a row's columns in order, through
    /// every overflow page of a blob before the columns after it, so reading the index (everything but the
    /// data) then reads a few pages instead of the whole file; `chunkIndex` holds those columns, so it
    /// reads no page of the table at all.
    static func chunkTable(_ name: String) -> String {
        """
        CREATE TABLE \(name) (
            part TEXT NOT NULL,
            chunk INTEGER NOT NULL,
            rows INTEGER NOT NULL,
            hash INTEGER NOT NULL,
            plain_hash INTEGER,
            low INTEGER,
            high INTEGER,
            data BLOB NOT NULL,
            PRIMARY KEY (part, chunk)
        );
        """
    }

    /// Every column of the `chunk` table but the data, in a few pages of their own (since version 5).
    static let chunkIndex = "CREATE INDEX chunk_index ON chunk (part, chunk, rows, hash, plain_hash, low, high);"

    // MARK: Opening

    /// Opens the store at `path`, creating it when the file does not exist, and returns it with its graph.
    /// A file that is not a Parley store, or one a newer Parley wrote, is refused and left untouched; so is
    /// a store whose catalog or incident kinds are damaged (they are read on opening).
    /// - Parameter busyTimeoutMilliseconds: how long a write waits for another process's write to finish.
    public static func open(_ path: String, readOnly: Bool = false,
                            busyTimeoutMilliseconds: Int32 = 5000) throws(ParleyError) -> (Store, Graph) {
        let store = try openFile(path, readOnly: readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        do {
            var graph = Graph()
            try store.load(into: &graph)
            return (store, graph)
        } catch let damage as Damaged {
            // The store cannot be opened, so `.check` names it.
            throw store.damaged(damage, hint: "`parley -e '.check \(path)'` lists everything damaged; restore the store from a backup")
        } catch let error as SQLiteDatabase.SQLiteError {
            throw openError(path, error)
        } catch let error as ParleyError {
            throw error
        } catch {
            throw ParleyError(StoreProblem.cannotOpenFile(path: path, reason: "\(error)"))
        }
    }

    /// Opens the store's file and checks it is a store this Parley reads (laying out a new one), without
    /// reading its graph.
    static func openFile(_ path: String, readOnly: Bool, busyTimeoutMilliseconds: Int32) throws(ParleyError) -> Store {
        let exists = try StoreFile.exists(path, readOnly: readOnly)
        let database = try connect(path, readOnly: readOnly, exists: exists, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        let store = Store(path: path, database: database)
        do {
            try store.prepareSchema(isNew: !exists)
            if !readOnly && !database.isReadOnly && store.storedVersion < Store.schemaVersion {
                try store.upgrade()
            }
        } catch let error as SQLiteDatabase.SQLiteError {
            throw openError(path, error)
        } catch let error as ParleyError {
            throw error
        } catch {
            throw ParleyError(StoreProblem.cannotOpenFile(path: path, reason: "\(error)"))
        }
        return store
    }

    /// A connection that has read the file once: a write a crash cut off is rolled back by then.
    private static func connect(_ path: String, readOnly: Bool, exists: Bool,
                                busyTimeoutMilliseconds: Int32) throws(ParleyError) -> SQLiteDatabase {
        let database = try connectOnce(path, readOnly: readOnly, exists: exists, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        guard exists else { return database }
        do {
            _ = try database.integer("PRAGMA schema_version")
            return database
        } catch where error.needsRollback {
            try StoreFile.rollBackCutOffWrite(path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            return try connectOnce(path, readOnly: readOnly, exists: exists, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            throw openError(path, error)
        }
    }

    private static func connectOnce(_ path: String, readOnly: Bool, exists: Bool,
                                    busyTimeoutMilliseconds: Int32) throws(ParleyError) -> SQLiteDatabase {
        do {
            return try SQLiteDatabase(path: path, readOnly: readOnly, create: !exists, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch let error where error.isReadOnly && !readOnly && exists {
            // A file we may read but not write: open it read-only, as sqlite3 does.
            do {
                return try SQLiteDatabase(path: path, readOnly: true, create: false, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            } catch {
                throw openError(path, error)
            }
        } catch {
            throw openError(path, error)
        }
    }

    private init(path: String, database: SQLiteDatabase) {
        self.path = path
        self.database = database
    }

    private static func openError(_ path: String, _ error: SQLiteDatabase.SQLiteError) -> ParleyError {
        if error.isNotADatabase {
            return ParleyError(StoreProblem.notADatabase(path: path))
        }
        if error.isBusy {
            return ParleyError(StoreProblem.busy(path: path))
        }
        if error.code == SQLITE_CANTOPEN {
            return ParleyError(StoreProblem.cannotOpen(path: path, reason: systemReason(path)))
        }
        return ParleyError(StoreProblem.cannotOpen(path: path, reason: error.message))
    }

    private static func systemReason(_ path: String) -> String {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var info = stat()
        if stat(directory.isEmpty ? "/" : directory, &info) != 0 { return "its folder `\(directory)` does not exist" }
        if (info.st_mode & S_IFMT) != S_IFDIR { return "`\(directory)` is not a folder" }
        return "permission denied"
    }

    /// Checks an existing file is a store this Parley reads, or lays out a new one.
    private func prepareSchema(isNew: Bool) throws {
        let application = try database.integer("PRAGMA application_id")
        let version = try database.integer("PRAGMA user_version")
        let tables = try database.integer("SELECT count(*) FROM sqlite_schema")
        if application == 0 && version == 0 && tables == 0 {
            // A new file, or an empty SQLite database: make it a store.
            guard !database.isReadOnly else {
                throw ParleyError(StoreProblem.cannotCreateReadOnly(path: path))
            }
            try database.execute("BEGIN IMMEDIATE")
            do {
                try database.execute(Store.schema)
                try database.execute("PRAGMA application_id = \(Store.applicationID)")
                try database.execute("PRAGMA user_version = \(Store.schemaVersion)")
                let info = try database.prepare("INSERT INTO store_info (key, value) VALUES (?, ?)")
                for (key, value) in [("format", "Parley store"), ("schema_version", String(Store.schemaVersion)),
                                     ("created_by", "parley \(ParleyVersion.current)")] {
                    info.bind(1, key)
                    info.bind(2, value)
                    try info.run()
                }
                try saveCatalog(Graph())
                try database.execute("COMMIT")
            } catch {
                try? database.execute("ROLLBACK")
                throw error
            }
            return
        }
        guard application == Store.applicationID else {
            throw ParleyError(StoreProblem.notAParleyStore(path: path),
                              hint: "a Parley store is a file that `parley FILE` created")
        }
        guard version <= Store.schemaVersion else {
            throw ParleyError(StoreProblem.newerVersion(path: path, version: version, readable: Store.schemaVersion),
                              hint: "open it with a newer parley")
        }
        guard version >= 1 else {
            throw ParleyError(StoreProblem.noVersion(path: path))
        }
        storedVersion = version
    }

    // MARK: Reading

    /// Replaces `graph` with the store's graph: the catalog, history and incident kinds; other big
    /// columns load on demand (`ensureLoaded`).
    package func load(into graph: inout Graph) throws {
        try inReadTransaction {
            try loadLocked(into: &graph)
        }
    }

    func loadLocked(into graph: inout Graph) throws {
        // Another process may have rewritten an older store as this version since.
        storedVersion = try database.integer("PRAGMA user_version")
        chunkIndex = [:]
        let encoded = storedVersion >= ChunkCodec.sinceVersion
        let index = try database.prepare(encoded ? "SELECT part, chunk, rows, hash, plain_hash FROM chunk"
                                                 : "SELECT part, chunk, rows, hash FROM chunk")
        while try index.step() {
            guard let part = index.text(0) else { continue }
            let plainHash = encoded && !index.isNull(4) ? index.integer(4) : nil
            chunkIndex[part, default: [:]][Int(index.integer(1))] = (Int(index.integer(2)), index.integer(3), plainHash)
        }
        let catalog = try database.prepare("SELECT chunk, rows, hash, data FROM chunk WHERE part = 'catalog' ORDER BY chunk")
        var verifier = ChunkVerifier.catalog(version: storedVersion)
        guard try catalog.step() else { throw Damaged(verifier.finish()!.description) }
        let bytes = try catalog.withBlob(3) { data in
            do {
                return try verifier.withChecked(chunk: Int(catalog.integer(0)), rows: Int(catalog.integer(1)),
                                                hash: catalog.integer(2), data: data) { decoded -> [UInt8] in
                    // The catalog is never packed: it holds no numbers of one width.
                    guard case let .plain(plain) = decoded else { throw Damaged("the catalog cannot be read") }
                    return [UInt8](plain)
                }
            } catch let damage as ChunkVerifier.Damage {
                throw Damaged(damage.description)
            }
        }
        catalogPlainHash = chunkIndex["catalog"]?[0]?.plainHash
        do {
            let decoded = try GraphStorage.decodeCatalog(bytes, version: storedVersion)
            graph = decoded.graph
            expectedRows = (decoded.incidents, decoded.associations)
        } catch {
            throw Damaged("the catalog cannot be read")
        }
        loaded = []
        snapshots = [:]
        try loadColumnsLocked([.kinds], into: &graph)
        graph.changes = try readChanges()
        savedChanges = graph.changes.last?.id ?? 0
        dataVersion = try database.integer("PRAGMA data_version")
    }

    /// What a chunk or the catalog holds is not what was written: a store never answers from it.
    struct Damaged: Error, CustomStringConvertible {
        /// What is wrong, as `.check` prints it.
        var description: String

        init(_ description: String) { self.description = description }
    }

    /// The error a user reads for `damage`; a write adds that it changed nothing.
    func damaged(_ damage: Damaged, writing: Bool = false,
                 hint: String = "`.check` lists everything damaged; restore the store from a backup") -> ParleyError {
        ParleyError(StoreProblem.damaged(path: path, damage: damage.description, writing: writing), hint: hint)
    }

    private func readChanges() throws -> [ChangeRecord] {
        let statement = try database.prepare("SELECT id, at, kind, statement, summary FROM change ORDER BY id")
        var changes: [ChangeRecord] = []
        while try statement.step() {
            changes.append(ChangeRecord(id: statement.integer(0), at: ChangeRecord.seconds(fromISO: statement.text(1) ?? ""),
                                        kind: statement.text(2) ?? "", statement: statement.text(3) ?? "",
                                        summary: statement.text(4) ?? ""))
        }
        return changes
    }

    /// Loads the big columns `columns` (all when nil) that are not loaded yet. If another process has
    /// written since the graph was read, the whole graph is read again first.
    /// - Returns: true when another process had written the store, so the graph was read again
    ///   (ids bound before may name other rows now).
    @discardableResult
    package func ensureLoaded(_ columns: Set<GraphStorage.Column>?, into graph: inout Graph) throws(ParleyError) -> Bool {
        let wanted = (columns ?? Set(GraphStorage.Column.allCases)).subtracting(loaded)
        let stale = (try? database.integer("PRAGMA data_version")) != dataVersion
        guard !wanted.isEmpty || stale else { return false }
        var reloaded = false
        try converting {
            try inReadTransaction {
                let version = try database.integer("PRAGMA data_version")
                if stale || version != dataVersion {
                    try loadLocked(into: &graph)
                    reloaded = true
                }
                let missing = (columns ?? Set(GraphStorage.Column.allCases)).subtracting(loaded)
                try loadColumnsLocked(missing, into: &graph)
            }
        }
        return reloaded
    }

    /// Loads `columns`, each chunk checked against the catalog and its hash before it is decoded.
    func loadColumnsLocked(_ columns: Set<GraphStorage.Column>, into graph: inout Graph) throws {
        guard !columns.isEmpty else { return }
        let statement = try database.prepare("SELECT chunk, rows, hash, data FROM chunk WHERE part = ? ORDER BY chunk")
        for column in GraphStorage.Column.allCases where columns.contains(column) {
            let rows = column.isAssociation ? expectedRows.associations : expectedRows.incidents
            if column.sinceVersion > storedVersion {
                // An older store has no such column: what it would hold is unknown for every row.
                column.fillUnknown(&graph, rows: rows)
                loaded.insert(column)
                snapshots[column] = column.snapshot(of: graph)
                continue
            }
            statement.bind(1, column.part)
            var verifier = ChunkVerifier(column, version: storedVersion, expectedRows: rows)
            do {
                try column.decode(into: &graph, expectedRows: rows) { body in
                    // A batch of chunks at a time, so that their compressed ones decompress across the cores.
                    var batch: [ChunkVerifier.Stored] = []
                    func flush() throws {
                        do {
                            try verifier.withChecked(batch, workers: Store.decodingWorkers, body)
                        } catch let damage as ChunkVerifier.Damage {
                            throw Damaged(damage.description)
                        }
                        batch.removeAll(keepingCapacity: true)
                    }
                    while try statement.step() {
                        batch.append(statement.withBlob(3) { data in
                            ChunkVerifier.Stored(chunk: Int(statement.integer(0)), rows: Int(statement.integer(1)),
                                                 hash: statement.integer(2), data: [UInt8](data))
                        })
                        if batch.count == Store.chunksDecodedTogether { try flush() }
                    }
                    try flush()
                    if let damage = verifier.finish() { throw Damaged(damage.description) }
                }
            } catch {
                statement.reset()
                // Half a column must not be read by a later query: it stays unloaded, and empty.
                column.clear(&graph)
                if error is SQLiteDatabase.SQLiteError || error is Damaged { throw error }
                throw Damaged("column \(column.part) cannot be read")
            }
            statement.reset()
            loaded.insert(column)
            snapshots[column] = column.snapshot(of: graph)
        }
    }

    func inReadTransaction(_ body: () throws -> Void) throws {
        if inWrite { return try body() }
        try database.execute("BEGIN")
        do {
            try body()
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    // MARK: Writing

    /// Starts a write: takes the store's write lock, brings `graph` up to date if another process wrote
    /// since, and loads every column (a write may touch any row) but those in `unread`, which the
    /// write promises not to read or change (`commit` refuses a write that changed one).
    public func beginWrite(_ graph: inout Graph, unread: Set<IncidentColumn> = []) throws(ParleyError) {
        precondition(!inWrite, "writes do not nest")
        if database.isReadOnly {
            throw ParleyError(StoreProblem.readOnly(path: path))
        }
        try converting(writing: true) {
            try database.execute("BEGIN IMMEDIATE")
            inWrite = true
            do {
                if try database.integer("PRAGMA data_version") != dataVersion {
                    try loadLocked(into: &graph)
                }
                // An upgrade rewrites every column, so it reads every one.
                let skipped = storedVersion < Store.schemaVersion ? [] : unread
                try loadColumnsLocked(Set(GraphStorage.Column.allCases).subtracting(loaded).subtracting(skipped), into: &graph)
                // Opening upgraded the store, unless another process has since put an older one in its place.
                if storedVersion < Store.schemaVersion { try migrateLocked(graph) }
            } catch {
                rollback()
                throw error
            }
        }
    }

    /// Saves what changed in `graph` and commits. `appendedOnly` promises that no existing row of the
    /// big columns changed, so only chunks from the first new row on are looked at.
    public func commit(_ graph: Graph, appendedOnly: Bool) throws(ParleyError) {
        precondition(inWrite)
        try converting {
            do {
                try saveCatalog(graph)
                try saveColumns(graph, appendedOnly: appendedOnly)
                try saveChanges(graph)
                try database.execute("COMMIT")
                inWrite = false
                dataVersion = try database.integer("PRAGMA data_version")
                expectedRows = (graph.incidents.count, graph.associations.count)
                // What the store now holds, for the next write to compare with.
                for column in loaded { snapshots[column] = column.snapshot(of: graph) }
            } catch {
                rollback()
                throw error
            }
        }
    }

    /// Gives up the write: the store is as it was before `beginWrite`.
    public func rollback() {
        guard inWrite else { return }
        try? database.execute("ROLLBACK")
        inWrite = false
        // The index in memory may describe chunks the rollback undid: read it again next time.
        dataVersion = -1
    }

    func saveCatalog(_ graph: Graph) throws {
        let plain = GraphStorage.encodeCatalog(graph)
        let plainHash = plain.withUnsafeBytes { ChunkHash.of($0) }
        guard plainHash != catalogPlainHash || chunkIndex["catalog"] == nil else { return }
        try put(part: "catalog", chunk: 0, rows: 1, plain: plain, plainHash: plainHash, values: nil)
        catalogPlainHash = plainHash
    }

    private func saveColumns(_ graph: Graph, appendedOnly: Bool) throws {
        let size = GraphStorage.chunkRows
        for column in GraphStorage.Column.allCases {
            let rows = column.rowCount(graph)
            let savedRows = column.isAssociation ? expectedRows.associations : expectedRows.incidents
            guard loaded.contains(column) else {
                // A column the write did not read: it must not have changed (no row of it, none added).
                guard column.isEmpty(in: graph), rows == savedRows else {
                    throw ParleyError(StoreProblem.writeFailed(path: path, reason: "it changed column \(column.part), which it had not read"))
                }
                continue
            }
            if let snapshot = snapshots[column], chunkIndex[column.part] != nil || rows == 0 {
                // Only the chunks whose rows differ from what the store holds.
                for chunk in column.changedChunks(in: graph, since: snapshot, rows: rows, chunkRows: size) {
                    let laidOut = layOut(column, graph, chunk: chunk, rows: rows)
                    try put(part: column.part, chunk: chunk, rows: laidOut.rows, plain: laidOut.plain, plainHash: laidOut.plainHash,
                            values: column.packedValues)
                }
            } else {
                // A column the store has no chunk of yet is written whole.
                let first = appendedOnly && chunkIndex[column.part] != nil ? min(savedRows, rows) / size : 0
                try saveChunks(of: column, graph, rows: rows, from: first)
            }
            let chunks = (rows + size - 1) / size
            if let saved = chunkIndex[column.part], saved.keys.contains(where: { $0 >= chunks }) {
                let delete = try database.prepare("DELETE FROM chunk WHERE part = ? AND chunk >= ?")
                delete.bind(1, column.part)
                delete.bind(2, Int64(chunks))
                try delete.run()
                chunkIndex[column.part] = saved.filter { $0.key < chunks }
            }
        }
    }

    /// Writes `column`'s chunks of `rows` rows from chunk `first` on, each only when it differs from the
    /// one saved.
    func saveChunks(of column: GraphStorage.Column, _ graph: Graph, rows: Int, from first: Int = 0) throws {
        let size = GraphStorage.chunkRows
        let chunks = (rows + size - 1) / size
        for chunk in first..<max(first, chunks) {
            let laidOut = layOut(column, graph, chunk: chunk, rows: rows)
            if let saved = chunkIndex[column.part]?[chunk], saved.rows == laidOut.rows, saved.plainHash == laidOut.plainHash { continue }
            try put(part: column.part, chunk: chunk, rows: laidOut.rows, plain: laidOut.plain, plainHash: laidOut.plainHash,
                    values: column.packedValues)
        }
    }

    /// Chunk `chunk` of `column` (of `rows` rows) in its plain layout, with its row count and hash.
    private func layOut(_ column: GraphStorage.Column, _ graph: Graph, chunk: Int, rows: Int) -> (rows: Int, plain: [UInt8], plainHash: Int64) {
        let size = GraphStorage.chunkRows
        let range = (chunk * size)..<min(rows, (chunk + 1) * size)
        let plain = column.encode(graph, rows: range)
        chunksLaidOut += 1
        return (range.count, plain, plain.withUnsafeBytes { ChunkHash.of($0) })
    }

    /// Forgets what the store's chunks hold, so the next save writes every one (an upgrade to a new form).
    func forgetChunks() {
        for part in chunkIndex.keys {
            chunkIndex[part] = chunkIndex[part]!.mapValues { ($0.rows, $0.hash, nil) }
        }
        catalogPlainHash = nil
    }

    /// Chunks of a column read and checked before their compressed ones are decompressed together: enough
    /// to keep the cores busy, few enough that their decompressed bytes (a chunk of notes is about 2.4 MB)
    /// add little to a load's memory.
    static let chunksDecodedTogether = 8

    /// Threads that decompress a batch's chunks: one a core.
    static let decodingWorkers = Int(max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    /// For every chunk this store writes.
    private let codecContext = ChunkCodec.Context()
    /// Chunks laid out from the graph to be compared or written, since the store was opened: what a
    /// write costs, which tests hold to what it changed.
    private(set) var chunksLaidOut = 0

    /// Prepared once: an import of a million rows writes over a thousand chunks.
    private var putStatement: SQLiteStatement?

    /// Writes a chunk in this version's form (`ChunkCodec`), with its hashes and zone map.
    private func put(part: String, chunk: Int, rows: Int, plain: [UInt8], plainHash: Int64, values: ChunkCodec.Values?) throws {
        precondition(storedVersion == Store.schemaVersion, "chunks are written only in this version's form")
        let (data, range) = ChunkCodec.encode(plain: plain, values: values, context: codecContext)
        let hash = data.withUnsafeBytes { ChunkHash.of($0) }
        let statement = try putStatement ?? database.prepare(
            "INSERT OR REPLACE INTO chunk (part, chunk, rows, hash, data, plain_hash, low, high) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        putStatement = statement
        statement.bind(1, part)
        statement.bind(2, Int64(chunk))
        statement.bind(3, Int64(rows))
        statement.bind(4, hash)
        statement.bind(5, blob: data)
        statement.bind(6, plainHash)
        if let range {
            statement.bind(7, range.low)
            statement.bind(8, range.high)
        } else {
            statement.bindNull(7)
            statement.bindNull(8)
        }
        try statement.run()
        chunkIndex[part, default: [:]][chunk] = (rows, hash, plainHash)
    }

    private func saveChanges(_ graph: Graph) throws {
        let newer = graph.changes.filter { $0.id > savedChanges }
        guard !newer.isEmpty else { return }
        let insert = try database.prepare("INSERT INTO change (id, at, kind, statement, summary) VALUES (?, ?, ?, ?, ?)")
        for change in newer {
            insert.bind(1, change.id)
            insert.bind(2, ChangeRecord.iso(change.at))
            insert.bind(3, change.kind)
            insert.bind(4, change.statement)
            insert.bind(5, change.summary)
            try insert.run()
        }
        savedChanges = newer.last!.id
    }

    /// Runs `body`, turning SQLite's errors into what a user reads.
    func converting(writing: Bool = false, _ body: () throws -> Void) throws(ParleyError) {
        do {
            try body()
        } catch let error as ParleyError {
            throw error
        } catch let damage as Damaged {
            throw damaged(damage, writing: writing)
        } catch let error as SQLiteDatabase.SQLiteError {
            throw explain(error)
        } catch {
            throw ParleyError(StoreProblem.failed(path: path, reason: "\(error)"))
        }
    }

    func explain(_ error: SQLiteDatabase.SQLiteError) -> ParleyError {
        if error.isBusy {
            return ParleyError(StoreProblem.busyWriting(path: path),
                               hint: "try again when it has finished")
        }
        if error.isFull {
            return ParleyError(StoreProblem.diskFull(path: path),
                               hint: "the store still holds everything saved before this statement")
        }
        if error.isReadOnly {
            return ParleyError(StoreProblem.readOnly(path: path))
        }
        if error.isNotADatabase {
            return damaged(Damaged(error.message))
        }
        return ParleyError(StoreProblem.writeFailed(path: path, reason: error.message))
    }
}
