#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZstd
import ParleySchema

/// How a chunk of a big column is written from store version 4 on. Its first byte says which form the
/// rest is in; each form decodes to the chunk's plain layout (a count, then fixed-width values; or a
/// count, each row's end, the text's length, the text), which is what versions 1 to 3 stored as it is.
///
/// - `packed`: whole numbers as their distance from the chunk's smallest (frame of reference), each in
///   as many bits as the largest distance needs: an event's day takes 11 bits, a party id 12, a kind 3,
///   a column of one value none at all.
/// - `zstd`: another form (the plain text layout, or packed numbers) compressed with Zstandard.
///   Zstandard rather than LZ4: on ACLED's notes, 16,384 rows a chunk, level 1 gives 5.4 times smaller
///   against LZ4's 3.3 times (LZ4's high-compression mode matches Zstandard's size but compresses
///   about six times slower), and it decompresses at about a gigabyte a second a core, which reads a
///   million events' notes in a tenth of a second.
enum ChunkCodec {
    /// The store version that first wrote chunks in these forms; earlier ones stored each chunk plain.
    static let sinceVersion: Int64 = 4

    enum Form: UInt8 {
        case plain = 0
        case packed = 1
        case zstd = 2
    }

    /// What the values of a fixed-width column are, for packing them.
    struct Values: Equatable {
        /// Bytes a value takes: 1, 4 or 8.
        let width: Int
        let signed: Bool

        /// The values a column of this width and sign can hold.
        var bounds: ClosedRange<Int64> {
            switch (width, signed) {
            case (1, false): 0...255
            case (1, true): Int64(Int8.min)...Int64(Int8.max)
            case (4, false): 0...Int64(UInt32.max)
            case (4, true): Int64(Int32.min)...Int64(Int32.max)
            default: Int64.min...Int64.max
            }
        }
    }

    /// The smallest and largest value of a chunk of whole numbers (its zone map).
    struct Range: Equatable {
        let low: Int64
        let high: Int64
    }

    /// A Zstandard context, kept for many chunks: making one for each would cost more than
    /// decompressing a small chunk. Used by one thread at a time.
    final class Context {
        let compression: OpaquePointer
        let decompression: OpaquePointer

        init() {
            compression = ZSTD_createCCtx()
            decompression = ZSTD_createDCtx()
        }

        deinit {
            ZSTD_freeCCtx(compression)
            ZSTD_freeDCtx(decompression)
        }
    }

    /// The Zstandard level: the fastest, since an import compresses every chunk it writes.
    static let zstdLevel: Int32 = 1

    /// A chunk in its stored form, from its plain layout: packed when `values` says the column holds
    /// whole numbers, then compressed when that saves at least a tenth — at least half for packed numbers,
    /// whose decompression costs more than their unpacking (a million kinds: 5 bits each unpack at about
    /// 10 instructions a value; compressed they first take about 20 more a byte). Returns the zone map of
    /// numbers.
    static func encode(plain: [UInt8], values: Values?, context: Context) -> (bytes: [UInt8], range: Range?) {
        var inner: [UInt8]
        var range: Range?
        if let values, let (packed, found) = pack(plain, values) {
            inner = packed
            range = found
        } else {
            inner = [Form.plain.rawValue]
            inner.append(contentsOf: plain)
        }
        if inner.count >= 64, let compressed = compress(inner, context),
           compressed.count * 10 < inner.count * (inner.first == Form.packed.rawValue ? 5 : 9) {
            inner = compressed
        }
        return (inner, range)
    }

    /// A chunk decoded as far as a column needs: its plain layout, or its numbers still packed (a
    /// header `Packed` has checked), which `unpack(_:into:)` lays straight into the column.
    enum Decoded {
        case plain(UnsafeRawBufferPointer)
        case packed(Packed)
    }

    /// Calls `body` with the chunk decoded as far as `Decoded` says (valid only during the call). A chunk
    /// whose form is unknown, or that does not decode, is damaged.
    static func withDecoded<R>(_ stored: UnsafeRawBufferPointer, values: Values?, context: Context,
                               _ body: (Decoded) throws -> R) throws -> R {
        guard let first = stored.first, let form = Form(rawValue: first) else { throw ByteReader.Damaged() }
        let rest = UnsafeRawBufferPointer(rebasing: stored[1...])
        switch form {
        case .plain:
            return try body(.plain(rest))
        case .packed:
            guard let values else { throw ByteReader.Damaged() }
            return try body(.packed(try Packed(rest, values)))
        case .zstd:
            let inner = try decompress(rest, context)
            // Compressed once, never twice.
            guard inner.first != Form.zstd.rawValue else { throw ByteReader.Damaged() }
            return try inner.withUnsafeBytes { try withDecoded($0, values: values, context: context, body) }
        }
    }

    /// Calls `body` with the chunk's plain layout (valid only during the call). A chunk whose form is
    /// unknown, or that does not decode to a whole plain layout, is damaged.
    static func withPlain<R>(_ stored: UnsafeRawBufferPointer, values: Values?, context: Context,
                             _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try withDecoded(stored, values: values, context: context) { decoded in
            switch decoded {
            case let .plain(plain):
                return try body(plain)
            case let .packed(packed):
                let plain = [UInt8](unsafeUninitializedCapacity: 8 + packed.count * packed.values.width) { buffer, initialized in
                    let out = UnsafeMutableRawBufferPointer(buffer)
                    out.storeBytes(of: Int64(packed.count).littleEndian, as: Int64.self)
                    packed.unpack(into: out.baseAddress! + 8)
                    initialized = 8 + packed.count * packed.values.width
                }
                return try plain.withUnsafeBytes { try body($0) }
            }
        }
    }

    // MARK: Packing

    /// The plain layout's values packed, or nil when they are not as `values` says (never for a chunk
    /// this Parley made).
    private static func pack(_ plain: [UInt8], _ values: Values) -> ([UInt8], Range)? {
        plain.withUnsafeBytes { raw -> ([UInt8], Range)? in
            var reader = ByteReader(raw)
            guard let count = try? reader.count(), raw.count - reader.offset == count * values.width else { return nil }
            let start = reader.offset
            func value(_ index: Int) -> Int64 {
                let at = start + index * values.width
                switch (values.width, values.signed) {
                case (1, false): return Int64(raw[at])
                case (1, true): return Int64(Int8(bitPattern: raw[at]))
                case (4, false): return Int64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                case (4, true): return Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
                default: return Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self))
                }
            }
            var low = Int64.max
            var high = Int64.min
            for index in 0..<count {
                let v = value(index)
                low = min(low, v)
                high = max(high, v)
            }
            if count == 0 { (low, high) = (0, 0) }
            let spread = UInt64(bitPattern: high &- low)
            let bits = spread == 0 ? 0 : 64 - spread.leadingZeroBitCount
            var writer = ByteWriter()
            writer.bytes.reserveCapacity(1 + 8 + 8 + 1 + (count * bits + 63) / 64 * 8)
            writer.bytes.append(Form.packed.rawValue)
            writer.integer(count)
            writer.integer(low)
            writer.bytes.append(UInt8(bits))
            if bits > 0 {
                var words = [UInt64](repeating: 0, count: (count * bits + 63) / 64)
                var offset = 0
                for index in 0..<count {
                    let distance = UInt64(bitPattern: value(index) &- low)
                    let word = offset >> 6
                    let shift = offset & 63
                    words[word] |= distance << UInt64(shift)
                    if shift + bits > 64 { words[word + 1] |= distance >> UInt64(64 - shift) }
                    offset += bits
                }
                for word in words { withUnsafeBytes(of: word.littleEndian) { writer.bytes.append(contentsOf: $0) } }
            }
            return (writer.bytes, Range(low: low, high: high))
        }
    }

    /// Packed numbers, their header read and checked: every value the bits can hold fits the column's
    /// width (checked once here, not for each value) and the words are exactly as long as the count needs.
    struct Packed {
        let values: Values
        let count: Int
        let low: Int64
        let bits: Int
        let words: UnsafeRawBufferPointer

        init(_ packed: UnsafeRawBufferPointer, _ values: Values) throws {
            var reader = ByteReader(packed)
            let count = try reader.count()
            let low = try reader.integer()
            guard reader.offset < packed.count else { throw ByteReader.Damaged() }
            let bits = Int(packed[reader.offset])
            reader.offset += 1
            guard bits <= 64 else { throw ByteReader.Damaged() }
            let wordCount = (count * bits + 63) / 64
            guard packed.count - reader.offset == wordCount * 8 else { throw ByteReader.Damaged() }
            let largest: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
            let (high, overflow) = low.addingReportingOverflow(Int64(bitPattern: largest))
            let fits = [1, 4, 8].contains(values.width) && values.bounds.contains(low)
                && (values.width == 8 || (!overflow && values.bounds.contains(high)))
            guard fits, count > 0 || bits == 0 else { throw ByteReader.Damaged() }
            self.values = values
            self.count = count
            self.low = low
            self.bits = bits
            words = UnsafeRawBufferPointer(rebasing: packed[reader.offset...])
        }

        /// Writes the `count` values, `values.width` bytes each, from `out` on.
        func unpack(into out: UnsafeMutableRawPointer) {
            switch values.width {
            case 1: ChunkCodec.unpack(words, bits: bits, low: low, count: count, into: out.bindMemory(to: UInt8.self, capacity: count))
            case 4: ChunkCodec.unpack(words, bits: bits, low: low, count: count, into: out.bindMemory(to: UInt32.self, capacity: count))
            default: ChunkCodec.unpack(words, bits: bits, low: low, count: count, into: out.bindMemory(to: UInt64.self, capacity: count))
            }
        }
    }

    /// `count` values of `bits` bits each from `words`, each plus `low`, into `out` (the check that
    /// every one fits `T` is the caller's). Values within the last 8 bytes are read word by word.
    @inline(__always)
    private static func unpack<T: FixedWidthInteger & UnsignedInteger>(_ words: UnsafeRawBufferPointer, bits: Int, low: Int64,
                                                                       count: Int, into out: UnsafeMutablePointer<T>) {
        let base = UInt64(bitPattern: low)
        guard bits > 0 else {
            out.initialize(repeating: T(truncatingIfNeeded: base), count: count)
            return
        }
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        var index = 0
        // Eight values at a time, with the width a constant: eight values of `bits` bits fill `bits` whole
        // bytes, so each value's load and shift are known in advance.
        switch bits {
        case 1: index = unpackGroups(words, bits: 1, base: base, count: count, into: out)
        case 2: index = unpackGroups(words, bits: 2, base: base, count: count, into: out)
        case 3: index = unpackGroups(words, bits: 3, base: base, count: count, into: out)
        case 4: index = unpackGroups(words, bits: 4, base: base, count: count, into: out)
        case 5: index = unpackGroups(words, bits: 5, base: base, count: count, into: out)
        case 6: index = unpackGroups(words, bits: 6, base: base, count: count, into: out)
        case 7: index = unpackGroups(words, bits: 7, base: base, count: count, into: out)
        case 8: index = unpackGroups(words, bits: 8, base: base, count: count, into: out)
        case 9: index = unpackGroups(words, bits: 9, base: base, count: count, into: out)
        case 10: index = unpackGroups(words, bits: 10, base: base, count: count, into: out)
        case 11: index = unpackGroups(words, bits: 11, base: base, count: count, into: out)
        case 12: index = unpackGroups(words, bits: 12, base: base, count: count, into: out)
        case 13: index = unpackGroups(words, bits: 13, base: base, count: count, into: out)
        case 14: index = unpackGroups(words, bits: 14, base: base, count: count, into: out)
        case 15: index = unpackGroups(words, bits: 15, base: base, count: count, into: out)
        case 16: index = unpackGroups(words, bits: 16, base: base, count: count, into: out)
        case 17: index = unpackGroups(words, bits: 17, base: base, count: count, into: out)
        case 18: index = unpackGroups(words, bits: 18, base: base, count: count, into: out)
        case 19: index = unpackGroups(words, bits: 19, base: base, count: count, into: out)
        case 20: index = unpackGroups(words, bits: 20, base: base, count: count, into: out)
        case 21: index = unpackGroups(words, bits: 21, base: base, count: count, into: out)
        case 22: index = unpackGroups(words, bits: 22, base: base, count: count, into: out)
        case 23: index = unpackGroups(words, bits: 23, base: base, count: count, into: out)
        case 24: index = unpackGroups(words, bits: 24, base: base, count: count, into: out)
        case 25: index = unpackGroups(words, bits: 25, base: base, count: count, into: out)
        case 26: index = unpackGroups(words, bits: 26, base: base, count: count, into: out)
        case 27: index = unpackGroups(words, bits: 27, base: base, count: count, into: out)
        case 28: index = unpackGroups(words, bits: 28, base: base, count: count, into: out)
        case 29: index = unpackGroups(words, bits: 29, base: base, count: count, into: out)
        case 30: index = unpackGroups(words, bits: 30, base: base, count: count, into: out)
        case 31: index = unpackGroups(words, bits: 31, base: base, count: count, into: out)
        case 32: index = unpackGroups(words, bits: 32, base: base, count: count, into: out)
        default: break
        }
        if bits <= 56 {
            // One unaligned load a value while 8 bytes remain from its first byte.
            let fastEnd = words.count >= 8 ? min(count, ((words.count - 8) * 8) / bits + 1) : 0
            var offset = index * bits
            while index < fastEnd {
                let raw = UInt64(littleEndian: words.loadUnaligned(fromByteOffset: offset >> 3, as: UInt64.self))
                out[index] = T(truncatingIfNeeded: base &+ ((raw >> UInt64(offset & 7)) & mask))
                offset += bits
                index += 1
            }
        }
        while index < count {
            let offset = index * bits
            let word = offset >> 6
            let shift = offset & 63
            var distance = UInt64(littleEndian: words.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)) >> UInt64(shift)
            if shift + bits > 64 {
                distance |= UInt64(littleEndian: words.loadUnaligned(fromByteOffset: (word + 1) * 8, as: UInt64.self)) << UInt64(64 - shift)
            }
            out[index] = T(truncatingIfNeeded: base &+ (distance & mask))
            index += 1
        }
    }

    /// Unpacks whole groups of eight values while every load of a group stays within `words`; returns how
    /// many values it wrote (a multiple of eight). Inlined with `bits` a literal, each load's byte offset
    /// and shift are constants.
    @inline(__always)
    private static func unpackGroups<T: FixedWidthInteger & UnsignedInteger>(_ words: UnsafeRawBufferPointer, bits: Int,
                                                                             base: UInt64, count: Int,
                                                                             into out: UnsafeMutablePointer<T>) -> Int {
        let mask: UInt64 = (1 << UInt64(bits)) - 1
        // The group's last value is loaded from this byte on, 8 bytes.
        let lastLoad = (7 * bits) >> 3
        guard let start = words.baseAddress, words.count >= lastLoad + 8 else { return 0 }
        let groups = min(count / 8, (words.count - lastLoad - 8) / bits + 1)
        var group = start
        var into = out
        for _ in 0..<groups {
            @inline(__always) func value(_ slot: Int) -> T {
                let offset = slot * bits
                let raw = UInt64(littleEndian: group.loadUnaligned(fromByteOffset: offset >> 3, as: UInt64.self))
                return T(truncatingIfNeeded: base &+ ((raw >> UInt64(offset & 7)) & mask))
            }
            into[0] = value(0)
            into[1] = value(1)
            into[2] = value(2)
            into[3] = value(3)
            into[4] = value(4)
            into[5] = value(5)
            into[6] = value(6)
            into[7] = value(7)
            group += bits
            into += 8
        }
        return groups * 8
    }

    // MARK: Zstandard

    /// The zstd form: the length of what is compressed, then one Zstandard frame.
    private static func compress(_ inner: [UInt8], _ context: Context) -> [UInt8]? {
        let bound = ZSTD_compressBound(inner.count)
        var out = [UInt8](repeating: 0, count: 1 + 8 + bound)
        out[0] = Form.zstd.rawValue
        withUnsafeBytes(of: Int64(inner.count).littleEndian) { out.replaceSubrange(1..<9, with: $0) }
        let written = out.withUnsafeMutableBytes { dst in
            inner.withUnsafeBytes { src in
                ZSTD_compressCCtx(context.compression, dst.baseAddress! + 9, bound, src.baseAddress!, src.count, zstdLevel)
            }
        }
        guard ZSTD_isError(written) == 0 else { return nil }
        out.removeLast(bound - written)
        return out
    }

    /// A chunk is at most this long decompressed (a chunk's text is far below it).
    private static let largestInner = Int(Int32.max)

    /// A chunk of the zstd form (its form byte first) decompressed: another form, never zstd again.
    static func decompressed(_ stored: UnsafeRawBufferPointer, context: Context) throws -> [UInt8] {
        guard stored.first == Form.zstd.rawValue else { throw ByteReader.Damaged() }
        let inner = try decompress(UnsafeRawBufferPointer(rebasing: stored[1...]), context)
        guard inner.first != Form.zstd.rawValue else { throw ByteReader.Damaged() }
        return inner
    }

    private static func decompress(_ stored: UnsafeRawBufferPointer, _ context: Context) throws -> [UInt8] {
        var reader = ByteReader(stored)
        let length = try reader.count(limit: largestInner)
        guard length > 0 else { throw ByteReader.Damaged() }
        let frame = UnsafeRawBufferPointer(rebasing: stored[reader.offset...])
        // The frame says its own size: it must be the length recorded before it.
        let stated = frame.isEmpty ? ZSTD_CONTENTSIZE_ERROR : ZSTD_getFrameContentSize(frame.baseAddress!, frame.count)
        guard stated == UInt64(length) else { throw ByteReader.Damaged() }
        var written = 0
        let inner = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            written = ZSTD_decompressDCtx(context.decompression, buffer.baseAddress!, length, frame.baseAddress!, frame.count)
            // Whatever it wrote, the array is only ever read when it wrote all of it.
            if ZSTD_isError(written) != 0 || written != length { buffer.initialize(repeating: 0) }
            initialized = length
        }
        guard ZSTD_isError(written) == 0, written == length else { throw ByteReader.Damaged() }
        return inner
    }
}

extension IncidentColumn {
    /// How this column's values pack; nil for text.
    var packedValues: ChunkCodec.Values? {
        switch layout {
        case .int32: ChunkCodec.Values(width: 4, signed: true)
        case .int64: ChunkCodec.Values(width: 8, signed: true)
        case .uint8, .incidentKinds, .precisions, .associationSides: ChunkCodec.Values(width: 1, signed: false)
        case .text: nil
        }
    }
}
