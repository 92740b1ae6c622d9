import Dispatch

/// Checks one part's chunks, in the order the store holds them, against what they must be: numbered
/// 0, 1, 2… with none missing and none extra, each holding the rows the catalog expects, as many bytes
/// as those rows take, and bytes that match the hash recorded when the chunk was written.
///
/// SQLite checks its own pages (`PRAGMA integrity_check`), not what they hold: a chunk deleted, or
/// bytes changed inside a well-formed page, is found here or not at all.
struct ChunkVerifier {
    /// What is wrong with a chunk, as one line a user reads.
    struct Damage: Error, Equatable, CustomStringConvertible {
        enum Problem: Equatable {
            /// These chunk numbers are not in the store.
            case missing(Range<Int>)
            /// A chunk past the last one the catalog expects, which has `expected` chunks.
            case unexpected(expected: Int)
            case rows(found: Int, expected: Int)
            /// `expected` is the smallest length the rows could take when `atLeast` is set.
            case length(found: Int, expected: Int, atLeast: Bool)
            case hash
            /// Its bytes match its hash but do not decode (a chunk of a form this Parley does not write).
            case undecodable
        }

        var part: String
        var chunk: Int
        var problem: Problem

        var description: String {
            let subject = part == "catalog" ? "the catalog" : "column \(part), chunk \(chunk)"
            switch problem {
            case let .missing(chunks):
                if part == "catalog" { return "the catalog is missing" }
                if chunks.count == 1 { return "\(subject) is missing" }
                return "column \(part), chunks \(chunks.lowerBound) to \(chunks.upperBound - 1) are missing"
            case let .unexpected(expected):
                if part == "catalog" { return "the catalog has a chunk \(chunk) it should not have" }
                let which = expected == 0 ? "no chunks" : expected == 1 ? "only chunk 0" : "chunks 0 to \(expected - 1)"
                return "\(subject) is not one the catalog expects (it expects \(which))"
            case let .rows(found, expected):
                if part == "catalog" { return "the catalog says it holds \(found) rows, not \(expected)" }
                return "\(subject) holds \(found) rows where the catalog expects \(expected)"
            case let .length(found, expected, atLeast):
                return "\(subject) has the wrong length: \(found) bytes where its rows take \(atLeast ? "at least " : "")\(expected)"
            case .hash:
                return "\(subject) does not match its hash: its bytes changed after it was written"
            case .undecodable:
                return "\(subject) cannot be decoded"
            }
        }
    }

    /// How a chunk's length follows from its rows.
    enum Layout {
        /// A count, then `width` bytes a row.
        case fixed(width: Int)
        /// A count, each row's end (4 bytes), the text's length, then the text.
        case text
        /// Any length (the catalog, checked by its hash and by decoding it).
        case free
    }

    let part: String
    let layout: Layout
    /// Whether chunks are in `ChunkCodec`'s forms (store version 4 on), not their plain layout; how
    /// numbers pack when they are.
    let encoded: Bool
    let values: ChunkCodec.Values?
    /// One for all the part's chunks.
    let context = ChunkCodec.Context()
    let rowsPerChunk: Int
    /// Rows the catalog says the part has; nil when the catalog cannot be read, so only what each chunk
    /// says of itself can be checked.
    let expectedRows: Int?
    /// The chunk number that should come next.
    private(set) var next = 0

    init(part: String, layout: Layout, encoded: Bool, values: ChunkCodec.Values? = nil,
         rowsPerChunk: Int = GraphStorage.chunkRows, expectedRows: Int?) {
        self.part = part
        self.layout = layout
        self.encoded = encoded
        self.values = values
        self.rowsPerChunk = rowsPerChunk
        self.expectedRows = expectedRows
    }

    init(_ column: GraphStorage.Column, version: Int64, expectedRows: Int?) {
        let layout: Layout = column.valueWidth.map { .fixed(width: $0) } ?? .text
        self.init(part: column.part, layout: layout, encoded: version >= ChunkCodec.sinceVersion, values: column.packedValues,
                  expectedRows: expectedRows)
    }

    /// The catalog: one chunk, numbered 0, of one row.
    static func catalog(version: Int64) -> ChunkVerifier {
        ChunkVerifier(part: "catalog", layout: .free, encoded: version >= ChunkCodec.sinceVersion, rowsPerChunk: 1, expectedRows: 1)
    }

    var expectedChunks: Int? { expectedRows.map { ($0 + rowsPerChunk - 1) / rowsPerChunk } }

    /// Checks the next chunk the store holds (chunk numbers ascending), as its `chunk` table row gives
    /// it; returns what is wrong, the chunks missing before it first. Hashes only a chunk whose rows and
    /// length are right; decodes an encoded one only when it matches its hash.
    mutating func verify(chunk: Int, rows: Int, hash: Int64, data: UnsafeRawBufferPointer) -> [Damage] {
        var damages = verifyStored(chunk: chunk, rows: rows, hash: hash, data: data)
        if damages.isEmpty, encoded {
            do {
                try decodedChecked(chunk: chunk, rows: rows, data: data) { _ in }
            } catch let damage as Damage {
                damages.append(damage)
            } catch {
                damages.append(Damage(part: part, chunk: chunk, problem: .undecodable))
            }
        }
        return damages
    }

    /// Checks the next chunk as `verify` does, then hands `body` the chunk decoded as far as
    /// `ChunkCodec.Decoded` says (valid only during the call); throws the first damage found, so no
    /// damaged chunk is ever decoded into the graph.
    mutating func withChecked<R>(chunk: Int, rows: Int, hash: Int64, data: UnsafeRawBufferPointer,
                                 _ body: (ChunkCodec.Decoded) throws -> R) throws -> R {
        if let damage = verifyStored(chunk: chunk, rows: rows, hash: hash, data: data).first { throw damage }
        guard encoded else { return try body(.plain(data)) }
        return try decodedChecked(chunk: chunk, rows: rows, data: data, body)
    }

    /// One of the part's chunks as the store holds it, copied out of SQLite.
    struct Stored {
        var chunk: Int
        var rows: Int
        var hash: Int64
        var data: [UInt8]
    }

    /// Checks the part's next chunks as `withChecked(chunk:…)` does, in order, and hands each to `body`
    /// decoded, in order; throws the first damage found. The compressed ones are decompressed first,
    /// across the cores (`workers`), as the slowest part of decoding.
    mutating func withChecked(_ chunks: [Stored], workers: Int, _ body: (ChunkCodec.Decoded) throws -> Void) throws {
        for stored in chunks {
            if let damage = stored.data.withUnsafeBytes({ verifyStored(chunk: stored.chunk, rows: stored.rows, hash: stored.hash, data: $0) }).first {
                throw damage
            }
        }
        guard encoded else {
            for stored in chunks { try stored.data.withUnsafeBytes { try body(.plain($0)) } }
            return
        }
        let compressed = chunks.indices.filter { chunks[$0].data.first == ChunkCodec.Form.zstd.rawValue }
        var inner = [[UInt8]?](repeating: nil, count: chunks.count)
        if compressed.count > 1 && workers > 1 {
            let workers = min(workers, compressed.count)
            inner.withUnsafeMutableBufferPointer { buffer in
                // Each worker writes only its own chunks' slots.
                nonisolated(unsafe) let out = buffer
                // The first worker uses the part's context; only it does.
                nonisolated(unsafe) let shared = context
                let chunks = chunks
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let context = worker == 0 ? shared : ChunkCodec.Context()
                    for slot in stride(from: worker, to: compressed.count, by: workers) {
                        let index = compressed[slot]
                        out[index] = try? chunks[index].data.withUnsafeBytes { try ChunkCodec.decompressed($0, context: context) }
                    }
                }
            }
            for index in compressed where inner[index] == nil {
                throw Damage(part: part, chunk: chunks[index].chunk, problem: .undecodable)
            }
        }
        for (stored, decompressed) in zip(chunks, inner) {
            try (decompressed ?? stored.data).withUnsafeBytes { data in
                try decodedChecked(chunk: stored.chunk, rows: stored.rows, data: data, body)
            }
        }
    }

    /// An encoded chunk decoded, its rows' length checked, then handed to `body`: a chunk that does not
    /// decode is `undecodable`; what `body` throws is its own.
    private func decodedChecked<R>(chunk: Int, rows: Int, data: UnsafeRawBufferPointer,
                                   _ body: (ChunkCodec.Decoded) throws -> R) throws -> R {
        let part = part
        let layout = layout
        var decoded = false
        do {
            return try ChunkCodec.withDecoded(data, values: values, context: context) { chunkDecoded in
                decoded = true
                switch chunkDecoded {
                case let .plain(plain):
                    if let wrong = lengthProblem(rows: rows, data: plain) { throw Damage(part: part, chunk: chunk, problem: wrong) }
                case let .packed(packed):
                    guard case let .fixed(width) = layout else { throw Damage(part: part, chunk: chunk, problem: .undecodable) }
                    if packed.count != rows {
                        throw Damage(part: part, chunk: chunk, problem: .length(found: 8 + packed.count * width, expected: 8 + rows * width, atLeast: false))
                    }
                }
                return try body(chunkDecoded)
            }
        } catch let error as ByteReader.Damaged where !decoded {
            _ = error
            throw Damage(part: part, chunk: chunk, problem: .undecodable)
        }
    }

    /// The checks of the chunk as stored: numbering, rows, the plain layout's length (before version 4,
    /// when chunks are stored plain) and the hash.
    private mutating func verifyStored(chunk: Int, rows: Int, hash: Int64, data: UnsafeRawBufferPointer) -> [Damage] {
        var damages: [Damage] = []
        let end = expectedChunks.map { min($0, chunk) } ?? chunk
        if next < end { damages.append(Damage(part: part, chunk: next, problem: .missing(next..<end))) }
        next = max(next, chunk + 1)
        if let expected = expectedChunks, chunk >= expected {
            damages.append(Damage(part: part, chunk: chunk, problem: .unexpected(expected: expected)))
            return damages
        }
        if let total = expectedRows {
            let expected = min(rowsPerChunk, total - chunk * rowsPerChunk)
            if rows != expected {
                damages.append(Damage(part: part, chunk: chunk, problem: .rows(found: rows, expected: expected)))
                return damages
            }
        }
        if !encoded, let wrong = lengthProblem(rows: rows, data: data) {
            damages.append(Damage(part: part, chunk: chunk, problem: wrong))
            return damages
        }
        if ChunkHash.of(data) != hash {
            damages.append(Damage(part: part, chunk: chunk, problem: .hash))
        }
        return damages
    }

    /// The chunks missing after the last one the store holds.
    func finish() -> Damage? {
        guard let expected = expectedChunks, next < expected else { return nil }
        return Damage(part: part, chunk: next, problem: .missing(next..<expected))
    }

    private func lengthProblem(rows: Int, data: UnsafeRawBufferPointer) -> Damage.Problem? {
        // A row count no chunk could hold is left to the hash (only when the catalog cannot say what it should be).
        guard rows >= 0, rows <= Int(Int32.max) else { return nil }
        switch layout {
        case .free:
            return nil
        case let .fixed(width):
            let expected = 8 + rows * width
            return data.count == expected ? nil : .length(found: data.count, expected: expected, atLeast: false)
        case .text:
            let lengthAt = 8 + rows * 4
            guard data.count >= lengthAt + 8 else { return .length(found: data.count, expected: lengthAt + 8, atLeast: true) }
            let text = Int64(littleEndian: data.loadUnaligned(fromByteOffset: lengthAt, as: Int64.self))
            // A length no chunk could hold is wrong whatever the file's size.
            guard text >= 0, text <= Int64(Int32.max) else { return .length(found: data.count, expected: lengthAt + 8, atLeast: true) }
            let expected = lengthAt + 8 + Int(text)
            return data.count == expected ? nil : .length(found: data.count, expected: expected, atLeast: false)
        }
    }
}
