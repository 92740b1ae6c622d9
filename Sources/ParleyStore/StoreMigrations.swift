import ParleyGraph
import ParleySupport

// The store's format versions, and the steps from each to the next.
//
// A store records the version of its layout in `PRAGMA user_version` and in `store_info.schema_version`.
// This Parley writes `Store.schemaVersion`. It reads every earlier version as it is: a big column that
// version lacks reads as unknown for every row (`IncidentColumn.sinceVersion`, `fillUnknown`), and
// the catalog is decoded as that version laid it out (`GraphStorage.decodeCatalog(_:version:)`). A newer
// version is refused, untouched.
//
// Opening an older store for writing upgrades it: the whole graph is read as its version reads it, every
// step below from its version on runs, the catalog is written in this version's layout, and both version
// numbers are set, all in one SQLite transaction. If anything fails, the transaction rolls back and the
// file is as it was. A read-only open (`--readonly`, `.check FILE`, a file this user may not write) never
// upgrades.
//
// To add version N + 1:
// 1. A store of version N made by the code as it is must be among the fixtures
//    (Tests/ParleyCoreTests/Fixtures/acled-actors-vN.parley, listed in
//    `StoreMigrationTests.storesOfEachVersion`; its README says how it was made). If it is not, make it
//    and commit it before changing anything: every fixture's upgrade is tested against its answers as
//    read before the upgrade.
// 2. Bump `Store.schemaVersion` to N + 1.
// 3. A new big column: its case in `IncidentColumn` (ParleySchema), with `sinceVersion` N + 1 (and, when
//    -1, 0 or empty text is not its unknown, a case in `fillUnknown`). A change to the catalog: write it in
//    `encodeCatalog`, and read both layouts in `decodeCatalog` (`version > N`).
// 4. Append `StoreMigration(from: N, change: "…")` to `Store.migrations` below, with a line on what
//    version N + 1 added. A step that adds columns and catalog fields holding unknown needs nothing else;
//    one that must compute values for existing rows gets a field here that changes the graph it is given
//    before it is written.
// 5. Make a store of version N + 1 with the new code, the same way, and add it to the fixtures, so the
//    step after starts from a real file.

/// One step of the store's format: how a store of version `from` becomes one of version `from + 1`.
/// It runs on the whole graph as version `from` reads it, inside the upgrade's one transaction.
struct StoreMigration: Sendable {
    /// The version this step upgrades from.
    let from: Int64
    /// What version `from + 1` added, in a few words: the error names it when the step fails.
    let change: String
    /// Whether version `from + 1` stores chunks in another form, so every one is written again.
    var rewritesEveryChunk = false
    /// Whether the step leaves pages free that the file should give back (`VACUUM`) once it is upgraded.
    var compacts = false

    var to: Int64 { from + 1 }

    /// The big columns version `to` added: each is written whole, unknown for every row the store has.
    var addedColumns: [GraphStorage.Column] {
        GraphStorage.Column.allCases.filter { $0.sinceVersion == to }
    }
}

extension Store {
    /// Every step, in order, from version 1 to `Store.schemaVersion`.
    static let migrations: [StoreMigration] = [
        // Version 2: each party has a country (the catalog's parties gain one, unknown), and each associate
        // a side (`incidents.association_sides`, unknown).
        StoreMigration(from: 1, change: "parties' countries and associates' sides"),
        // Version 3: ACLED's `inter1`, `inter2`, `interaction` and `iso` for each incident
        // (`incidents.inter1_codes`, `inter2_codes`, `interaction_codes`, `iso_codes`, unknown).
        StoreMigration(from: 2, change: "ACLED's inter1, inter2, interaction and iso codes"),
        // Version 4: every chunk and the catalog in `ChunkCodec`'s forms (numbers packed, text compressed),
        // and the `chunk` table's plain hashes and zone maps: every chunk is written again.
        StoreMigration(from: 3, change: "packed and compressed chunks", rewritesEveryChunk: true),
        // Version 5: the `chunk` table's data after its index columns, so reading the index reads no chunk
        // (`Store.chunkTable`). The rows are copied as they are, and the file compacted after.
        StoreMigration(from: 4, change: "the chunk index before the chunks' data", compacts: true),
    ]

    /// The steps a store of `version` takes to this one.
    static func migrations(from version: Int64) -> [StoreMigration] {
        migrations.filter { $0.from >= version }
    }

    /// Upgrades this store, opened for writing and older than this Parley, to `Store.schemaVersion`:
    /// one transaction, rolled back whole if any of it fails. Sets `upgradedFrom`.
    func upgrade() throws(ParleyError) {
        var from = storedVersion
        do {
            try database.execute("BEGIN IMMEDIATE")
        } catch {
            throw upgradeError(from: from, error)
        }
        inWrite = true
        defer { inWrite = false }
        do {
            // Another process may have upgraded it while this one waited for the lock.
            from = try database.integer("PRAGMA user_version")
            storedVersion = from
            if from < Store.schemaVersion {
                var graph = Graph()
                try loadLocked(into: &graph)
                try loadColumnsLocked(Set(GraphStorage.Column.allCases), into: &graph)
                try migrateLocked(graph)
            }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            storedVersion = from
            throw upgradeError(from: from, error)
        }
        if from < Store.schemaVersion {
            upgradedFrom = from
            // A step that wrote every chunk again left the old ones' pages free: give them back, so the
            // upgraded file is as small as a new one (a failure here loses nothing; the file stays larger).
            if Store.migrations(from: from).contains(where: { $0.rewritesEveryChunk || $0.compacts }) {
                try? database.execute("VACUUM")
            }
        }
    }

    /// A step that failed, and why.
    struct StepFailed: Error {
        var step: StoreMigration
        var error: any Error
    }

    /// Runs every step from `storedVersion` on and marks the store as this version, in the write
    /// transaction the caller holds; `graph` is the whole graph, as the store's version reads it.
    func migrateLocked(_ graph: Graph) throws {
        let original = storedVersion
        do {
            try migrateSteps(graph)
        } catch {
            storedVersion = original
            throw error
        }
    }

    private func migrateSteps(_ graph: Graph) throws {
        let steps = Store.migrations(from: storedVersion)
        if storedVersion < ChunkCodec.sinceVersion {
            // Every chunk written from here on has its plain hash and zone map.
            // (A file put back from an older one may keep them.)
            let info = try database.prepare("SELECT name FROM pragma_table_info('chunk')")
            var present = Set<String>()
            while try info.step() { if let name = info.text(0) { present.insert(name) } }
            for column in ["plain_hash", "low", "high"] where !present.contains(column) {
                try database.execute("ALTER TABLE chunk ADD COLUMN \(column) INTEGER")
            }
        }
        // Chunks are written in this version's form (the later steps' own columns included).
        storedVersion = Store.schemaVersion
        for step in steps {
            do {
                if step.rewritesEveryChunk { forgetChunks() }
                for column in step.rewritesEveryChunk ? GraphStorage.Column.allCases : step.addedColumns {
                    try saveChunks(of: column, graph, rows: column.rowCount(graph))
                }
            } catch {
                throw StepFailed(step: step, error: error)
            }
        }
        // The catalog has one writer, this version's; it is saved when its bytes differ.
        try saveCatalog(graph)
        try layOutChunkTable()
        try database.execute("PRAGMA user_version = \(Store.schemaVersion)")
        try database.execute("UPDATE store_info SET value = '\(Store.schemaVersion)' WHERE key = 'schema_version'")
        storedVersion = Store.schemaVersion
    }

    /// Gives the `chunk` table this version's column order (`Store.chunkTable`) and its index: a table of
    /// an older layout is copied row by row into a new one, once every chunk is written.
    private func layOutChunkTable() throws {
        let info = try database.prepare("SELECT name FROM pragma_table_info('chunk') ORDER BY cid")
        var present: [String] = []
        while try info.step() { if let name = info.text(0) { present.append(name) } }
        let columns = ["part", "chunk", "rows", "hash", "plain_hash", "low", "high", "data"]
        guard present != columns else { return }
        try database.execute("DROP INDEX IF EXISTS chunk_index")
        try database.execute("DROP TABLE IF EXISTS chunk_laid_out")
        try database.execute(Store.chunkTable("chunk_laid_out"))
        let names = columns.joined(separator: ", ")
        try database.execute("INSERT INTO chunk_laid_out (\(names)) SELECT \(names) FROM chunk")
        try database.execute("DROP TABLE chunk")
        try database.execute("ALTER TABLE chunk_laid_out RENAME TO chunk")
        try database.execute(Store.chunkIndex)
    }

    /// What a user reads when upgrading from `version` failed: the store is as it was.
    private func upgradeError(from version: Int64, _ error: any Error) -> ParleyError {
        var error = error
        var step: String?
        if let failed = error as? StepFailed {
            step = "the step to version \(failed.step.to): \(failed.step.change)"
            error = failed.error
        }
        func failed(_ why: StoreProblem.UpgradeFailure) -> StoreProblem {
            .upgradeFailed(path: path, from: version, to: Store.schemaVersion, step: step, why: why)
        }
        switch error {
        case let error as ParleyError:
            return error
        case let damage as Damaged:
            return ParleyError(failed(.damaged(damage.description)),
                               hint: "`parley -e '.check \(path)'` lists everything damaged; `--readonly` reads it as it is")
        case let error as SQLiteDatabase.SQLiteError where error.isBusy:
            return ParleyError(failed(.busy),
                               hint: "try again when it has finished")
        case let error as SQLiteDatabase.SQLiteError where error.isFull:
            return ParleyError(failed(.diskFull))
        case let error as SQLiteDatabase.SQLiteError:
            return ParleyError(failed(.failed(error.message)))
        default:
            return ParleyError(failed(.failed("\(error)")))
        }
    }
}
