#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the store's binary form: little-endian integers, and arrays of fixed-width values as their
/// raw bytes after a count, so a column goes to disk and back with one copy each way.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func integer(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func integer(_ value: Int) { integer(Int64(value)) }

    /// An array of fixed-width values (integers, doubles, single-byte enums), count first.
    mutating func array<T: BitwiseCopyable>(_ values: [T]) {
        integer(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func array<T: BitwiseCopyable>(_ values: ArraySlice<T>) {
        integer(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        integer(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func strings(_ texts: [String]) {
        integer(texts.count)
        for text in texts { string(text) }
    }
}

/// Reads what `ByteWriter` wrote; any inconsistency is a damaged store, never a crash.
struct ByteReader {
    let base: UnsafeRawBufferPointer
    var offset = 0

    init(_ base: UnsafeRawBufferPointer) { self.base = base }

    struct Damaged: Error {}

    var isAtEnd: Bool { offset == base.count }

    mutating func integer() throws(Damaged) -> Int64 {
        guard base.count - offset >= 8 else { throw Damaged() }
        let value = base.loadUnaligned(fromByteOffset: offset, as: Int64.self)
        offset += 8
        return Int64(littleEndian: value)
    }

    /// A count or index: non-negative and at most `limit`.
    mutating func count(limit: Int = Int(Int32.max)) throws(Damaged) -> Int {
        let value = try integer()
        guard value >= 0, value <= Int64(limit) else { throw Damaged() }
        return Int(value)
    }

    mutating func array<T: BitwiseCopyable>(_ type: T.Type) throws(Damaged) -> [T] {
        let count = try self.count()
        let size = count * MemoryLayout<T>.stride
        guard base.count - offset >= size else { throw Damaged() }
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if size > 0 {
                memcpy(UnsafeMutableRawPointer(buffer.baseAddress!), base.baseAddress! + offset, size)
            }
            initialized = count
        }
        offset += size
        return values
    }

    /// An array of a single-byte enum, each byte checked to be one of its cases.
    mutating func enumArray<E: CaseIterable & BitwiseCopyable>(_ type: E.Type) throws(Damaged) -> [E] {
        precondition(MemoryLayout<E>.size == 1)
        let count = try self.count()
        guard base.count - offset >= count else { throw Damaged() }
        let cases = UInt8(E.allCases.count)
        let raw = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count)])
        for byte in raw where byte >= cases { throw Damaged() }
        let values = [E](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { memcpy(UnsafeMutableRawPointer(buffer.baseAddress!), raw.baseAddress!, count) }
            initialized = count
        }
        offset += count
        return values
    }

    mutating func string() throws(Damaged) -> String {
        let count = try self.count()
        guard base.count - offset >= count else { throw Damaged() }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count)]), as: UTF8.self)
        offset += count
        return text
    }

    mutating func strings() throws(Damaged) -> [String] {
        let count = try self.count()
        var texts: [String] = []
        texts.reserveCapacity(min(count, 1 << 20))
        for _ in 0..<count { texts.append(try string()) }
        return texts
    }
}

/// A fast 64-bit hash of bytes (four independent lanes), to tell a changed chunk from an unchanged one.
enum ChunkHash {
    static func of(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5)
        let multiplier: UInt64 = 0xFF51_AFD7_ED55_8CCD
        var index = 0
        let count = bytes.count
        while index + 32 <= count {
            lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* multiplier
            lanes.1 = (lanes.1 ^ bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)) &* multiplier
            lanes.2 = (lanes.2 ^ bytes.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)) &* multiplier
            lanes.3 = (lanes.3 ^ bytes.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)) &* multiplier
            lanes.0 ^= lanes.0 >> 29
            lanes.1 ^= lanes.1 >> 29
            lanes.2 ^= lanes.2 >> 29
            lanes.3 ^= lanes.3 >> 29
            index += 32
        }
        var h = lanes.0 ^ (lanes.1 &* 3) ^ (lanes.2 &* 5) ^ (lanes.3 &* 7) ^ UInt64(count)
        while index < count {
            h = (h ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
            index += 1
        }
        h ^= h >> 33
        h = h &* multiplier
        h ^= h >> 33
        return Int64(bitPattern: h)
    }
}
