import ParleySupport

extension Store {
    /// `.check`: verifies the whole file, as it stands on disk — SQLite's pages (`PRAGMA integrity_check`),
    /// the catalog, and every chunk of every column (present, numbered, of the rows the catalog expects
    /// and the length they take, matching its hash) — and returns what is damaged, one line each; none
    /// when the store is sound.
    /// - Complexity: reads and hashes every byte of the store.
    public func check() throws(ParleyError) -> [String] {
        var problems: [String] = []
        try converting {
            try inReadTransaction {
                problems = try checkLocked()
            }
        }
        return problems
    }

    /// `.check FILE`: checks a store without opening its graph, so a store too damaged to open can still
    /// be told what is wrong with it.
    public static func check(_ path: String) throws(ParleyError) -> [String] {
        try openFile(path, readOnly: true, busyTimeoutMilliseconds: 5000).check()
    }

    private func checkLocked() throws -> [String] {
        var problems: [String] = []
        let pages = try database.prepare("PRAGMA integrity_check")
        while try pages.step() {
            if let line = pages.text(0), line != "ok" { problems.append("SQLite: \(line)") }
        }

        // The catalog says how many rows each column must have; when it cannot be read, each chunk is
        // still checked against what it says of itself.
        var counts: (incidents: Int, associations: Int)?
        let catalog = try database.prepare("SELECT chunk, rows, hash, data FROM chunk WHERE part = 'catalog' ORDER BY chunk")
        var catalogVerifier = ChunkVerifier.catalog(version: storedVersion)
        while try catalog.step() {
            try Interrupt.check()
            let chunk = Int(catalog.integer(0))
            catalog.withBlob(3) { data in
                let damages = catalogVerifier.verify(chunk: chunk, rows: Int(catalog.integer(1)), hash: catalog.integer(2), data: data)
                problems += damages.map(\.description)
                guard damages.isEmpty, chunk == 0 else { return }
                let plain = catalogVerifier.encoded ? try? ChunkCodec.withPlain(data, values: nil, context: catalogVerifier.context) { [UInt8]($0) } : [UInt8](data)
                if let plain, let decoded = try? GraphStorage.decodeCatalog(plain, version: storedVersion) {
                    counts = (decoded.incidents, decoded.associations)
                } else {
                    problems.append("the catalog cannot be read")
                }
            }
        }
        if let damage = catalogVerifier.finish() { problems.append(damage.description) }

        let chunks = try database.prepare("SELECT chunk, rows, hash, data FROM chunk WHERE part = ? ORDER BY chunk")
        // A store of an older version has none of the columns added since.
        for column in GraphStorage.Column.allCases where column.sinceVersion <= storedVersion {
            let rows = counts.map { column.isAssociation ? $0.associations : $0.incidents }
            var verifier = ChunkVerifier(column, version: storedVersion, expectedRows: rows)
            chunks.bind(1, column.part)
            while try chunks.step() {
                try Interrupt.check()
                chunks.withBlob(3) { data in
                    problems += verifier.verify(chunk: Int(chunks.integer(0)), rows: Int(chunks.integer(1)),
                                                hash: chunks.integer(2), data: data).map(\.description)
                }
            }
            chunks.reset()
            if let damage = verifier.finish() { problems.append(damage.description) }
        }

        // A chunk whose part names no column: a damaged key (its own column then misses a chunk).
        let known = (["catalog"] + GraphStorage.Column.allCases.map(\.part)).map { "'\($0)'" }.joined(separator: ", ")
        let strays = try database.prepare("SELECT part, chunk FROM chunk WHERE part NOT IN (\(known)) ORDER BY part, chunk")
        while try strays.step() {
            let part = strays.text(0).map { "`\($0)`" } ?? "no name"
            problems.append("chunk \(strays.integer(1)) of \(part) belongs to no column")
        }
        return problems
    }
}
