import Foundation
import Testing
@testable import ParleySchema
@testable import ParleySession
@testable import ParleyStore
@testable import ParleySupport

/// The forms a store's chunks take: numbers packed to the bits their spread needs, text compressed,
/// each decoding to exactly the plain layout it was made from, and anything else refused as damage.
@Suite struct ChunkCodecTests {
    /// A plain chunk of fixed-width values: the count, then the values.
    static func plain<T: BitwiseCopyable>(_ values: [T]) -> [UInt8] {
        var writer = ByteWriter()
        writer.array(values)
        return writer.bytes
    }

    /// A context of its own for each use: tests run in parallel.
    static var context: ChunkCodec.Context { ChunkCodec.Context() }

    static func decoded(_ stored: [UInt8], _ values: ChunkCodec.Values?) throws -> [UInt8] {
        try stored.withUnsafeBytes { try ChunkCodec.withPlain($0, values: values, context: context) { [UInt8]($0) } }
    }

    @Test func signedIdsPackToTheirSpreadAndComeBackExactly() throws {
        let ids: [Int32] = (0..<16_384).map { $0 % 7 == 0 ? -1 : Int32(4000 + $0 % 3000) }
        let plain = Self.plain(ids)
        let values = ChunkCodec.Values(width: 4, signed: true)
        let (stored, range) = ChunkCodec.encode(plain: plain, values: values, context: Self.context)
        #expect(range == ChunkCodec.Range(low: -1, high: 6999))
        // 13 bits a value (a spread of 7,000) at most, where plain takes 32.
        #expect(stored.count <= 1 + 8 + 8 + 1 + 16_384 * 13 / 8)
        #expect(try Self.decoded(stored, values) == plain)
    }

    @Test func extremesOfEveryWidthComeBackExactly() throws {
        let int64s: [Int64] = [.min, .max, 0, -1, 1_700_000_000]
        let int32s: [Int32] = [.min, .max, 0, -1]
        let bytes: [UInt8] = [0, 255, 7, 3]
        for (plain, values) in [(Self.plain(int64s), ChunkCodec.Values(width: 8, signed: true)),
                                (Self.plain(int32s), ChunkCodec.Values(width: 4, signed: true)),
                                (Self.plain(bytes), ChunkCodec.Values(width: 1, signed: false))] {
            let (stored, _) = ChunkCodec.encode(plain: plain, values: values, context: Self.context)
            #expect(stored.first == ChunkCodec.Form.packed.rawValue)
            #expect(try Self.decoded(stored, values) == plain)
        }
    }

    /// Every width a value can take, into each width of column that holds it: eight values at a time
    /// where a whole group can be loaded, one at a time at the ends.
    @Test(arguments: 1...64)
    func everyBitWidthComesBackExactlyAtEveryLength(_ bits: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let spread: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        func numbers(_ count: Int, low: Int64) -> [Int64] {
            var numbers = (0..<count).map { _ in low &+ Int64(bitPattern: UInt64.random(in: 0...spread, using: &generator)) }
            // The spread itself is there, so the chunk needs exactly `bits` bits.
            numbers[count / 2] = low &+ Int64(bitPattern: spread)
            numbers[0] = low
            return numbers
        }
        for count in [1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 100, 16_383, 16_384] {
            var chunks = [(Self.plain(numbers(count, low: bits == 64 ? Int64.min : -12345)), ChunkCodec.Values(width: 8, signed: true))]
            if bits <= 32 {
                let int32s = numbers(count, low: bits == 32 ? Int64(Int32.min) : -12345).map { Int32($0) }
                chunks.append((Self.plain(int32s), ChunkCodec.Values(width: 4, signed: true)))
            }
            if bits <= 8 {
                chunks.append((Self.plain(numbers(count, low: 0).map { UInt8($0) }), ChunkCodec.Values(width: 1, signed: false)))
            }
            for (plain, values) in chunks {
                let (stored, _) = ChunkCodec.encode(plain: plain, values: values, context: Self.context)
                #expect(try Self.decoded(stored, values) == plain, "\(bits) bits, \(count) values of \(values.width) bytes")
            }
        }
    }

    @Test func aColumnOfOneValueTakesNoBitsAValue() throws {
        let plain = Self.plain([Int32](repeating: 42, count: 16_384))
        let values = ChunkCodec.Values(width: 4, signed: true)
        let (stored, range) = ChunkCodec.encode(plain: plain, values: values, context: Self.context)
        #expect(stored.count == 1 + 8 + 8 + 1)
        #expect(range == ChunkCodec.Range(low: 42, high: 42))
        #expect(try Self.decoded(stored, values) == plain)
        let (empty, _) = ChunkCodec.encode(plain: Self.plain([Int32]()), values: values, context: Self.context)
        #expect(try Self.decoded(empty, values) == Self.plain([Int32]()))
    }

    @Test func textIsCompressedAndComesBackExactly() throws {
        var writer = ByteWriter()
        let notes = (0..<2000).map { "On \($0 % 28 + 1) March, Russian forces shelled the village of Number \($0 % 90)." }
        let text = Array(notes.joined().utf8)
        var end: UInt32 = 0
        writer.array(notes.map { end += UInt32($0.utf8.count); return end })
        writer.array(text)
        let (stored, range) = ChunkCodec.encode(plain: writer.bytes, values: nil, context: Self.context)
        #expect(range == nil)
        #expect(stored.first == ChunkCodec.Form.zstd.rawValue)
        #expect(stored.count * 5 < writer.bytes.count)
        #expect(try Self.decoded(stored, nil) == writer.bytes)
    }

    @Test func whatDoesNotCompressStaysPlain() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (stored, _) = ChunkCodec.encode(plain: noise, values: nil, context: Self.context)
        #expect(stored == [ChunkCodec.Form.plain.rawValue] + noise)
        #expect(try Self.decoded(stored, nil) == noise)
    }

    @Test func anUnknownFormOrAMalformedChunkIsDamageNotACrash() throws {
        let values = ChunkCodec.Values(width: 4, signed: true)
        let (packed, _) = ChunkCodec.encode(plain: Self.plain((0..<100).map { Int32($0) }), values: values, context: Self.context)
        var compressedText = ByteWriter()
        compressedText.array([UInt32](repeating: 3, count: 1000))
        compressedText.array([UInt8](repeating: 65, count: 3))
        let (zstd, _) = ChunkCodec.encode(plain: compressedText.bytes, values: nil, context: Self.context)
        #expect(zstd.first == ChunkCodec.Form.zstd.rawValue)
        var statedWrong = zstd
        statedWrong[1] &+= 1
        let damaged: [([UInt8], ChunkCodec.Values?)] = [
            ([], values),
            ([9, 1, 2, 3], values),
            (Array(packed.dropLast()), values),
            (packed, nil),
            (Array(zstd.prefix(12)), nil),
            (statedWrong, nil),
            ([ChunkCodec.Form.zstd.rawValue] + [UInt8](repeating: 0, count: 8), nil),
        ]
        for (stored, values) in damaged {
            #expect(throws: ByteReader.Damaged.self) { try Self.decoded(stored, values) }
        }
        // A packed value outside the column's width.
        var tooWide = ByteWriter()
        tooWide.bytes.append(ChunkCodec.Form.packed.rawValue)
        tooWide.integer(1)
        tooWide.integer(Int64(Int32.max) + 1)
        tooWide.bytes.append(0)
        #expect(throws: ByteReader.Damaged.self) { try Self.decoded(tooWide.bytes, values) }
    }

    /// A chunk whose bytes match their hash but are in no form Parley writes: `.check` says so, and a
    /// query that reads it is refused.
    @Test func aChunkThatMatchesItsHashButDoesNotDecodeIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-codec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("graph.parley").path
        _ = try StoreTests.Opened(path, sample: true)
        let bytes: [UInt8] = [7, 1, 2, 3]
        let database = try SQLiteDatabase(path: path, readOnly: false, create: false)
        let update = try database.prepare("UPDATE chunk SET data = ?, hash = ? WHERE part = 'incidents.deaths'")
        update.bind(1, blob: bytes)
        update.bind(2, bytes.withUnsafeBytes { ChunkHash.of($0) })
        try update.run()
        #expect(try Store.check(path) == ["column incidents.deaths, chunk 0 cannot be decoded"])
        let damaged = try StoreTests.Opened(path)
        #expect(damaged.run("incidents | sum deaths")
            == "error: the store `\(path)` is damaged: column incidents.deaths, chunk 0 cannot be decoded\nhint: `.check` lists everything damaged; restore the store from a backup\n")
    }

    /// Packed numbers go straight into the column; a single-byte kind outside its cases is still found
    /// there, and the store refuses to open rather than answer with it.
    @Test func aPackedKindOutsideItsCasesIsDamage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-codec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("graph.parley").path
        let rows = try StoreTests.Opened(path, sample: true).session.graph.incidents.count
        let (bytes, _) = ChunkCodec.encode(plain: Self.plain([UInt8](repeating: 200, count: rows)),
                                           values: ChunkCodec.Values(width: 1, signed: false), context: Self.context)
        #expect(bytes.first == ChunkCodec.Form.packed.rawValue)
        let database = try SQLiteDatabase(path: path, readOnly: false, create: false)
        let update = try database.prepare("UPDATE chunk SET data = ?, hash = ? WHERE part = 'incidents.kinds'")
        update.bind(1, blob: bytes)
        update.bind(2, bytes.withUnsafeBytes { ChunkHash.of($0) })
        try update.run()
        do {
            _ = try Store.open(path, readOnly: true)
            Issue.record("a store with kind 200 opened")
        } catch {
            #expect(error.problem as? StoreProblem == .damaged(path: path, damage: "column incidents.kinds cannot be read", writing: false))
        }
    }
}
