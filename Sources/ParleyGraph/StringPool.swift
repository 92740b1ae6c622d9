/// Interned strings: each distinct string is stored once, as UTF-8 bytes in one arena, and named by a
/// dense `Int32` id. Columns hold ids, so comparing two names is comparing two integers.
///
/// Lookups hash the bytes directly (open addressing, linear probing), so importers can intern a field
/// straight from a file buffer without building a `String` first.
public struct StringPool: Sendable {
    /// All strings' bytes, end to end.
    private var arena: [UInt8] = []
    /// Where string `id` ends in `arena`; it starts where `id - 1` ends.
    private var ends: [Int] = []
    /// Hash slots holding `id + 1`, 0 when empty. The count is a power of two.
    private var slots: [Int32] = [Int32](repeating: 0, count: 1024)
    private var hashes: [UInt32] = []

    public init() {}

    /// A pool with these strings, in id order: `arena` holds their bytes end to end, `ends` where each ends.
    package init(arena: [UInt8], ends: [Int]) {
        self.arena = arena
        self.ends = ends
        var capacity = 1024
        while ends.count * 2 > capacity { capacity *= 2 }
        slots = [Int32](repeating: 0, count: capacity)
        hashes = [UInt32](repeating: 0, count: ends.count)
        arena.withUnsafeBufferPointer { bytes in
            for id in 0..<ends.count {
                let range = (id == 0 ? 0 : ends[id - 1])..<ends[id]
                let hash = StringPool.hash(UnsafeBufferPointer(rebasing: bytes[range]))
                hashes[id] = hash
                var slot = Int(hash) & (capacity - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = Int32(id) + 1
            }
        }
    }

    /// The bytes and ends `init(arena:ends:)` takes back.
    package var storedForm: (arena: [UInt8], ends: [Int]) { (arena, ends) }

    public var count: Int { ends.count }

    public subscript(id: Int32) -> String {
        let range = self.range(id)
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    func range(_ id: Int32) -> Range<Int> {
        let index = Int(id)
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Calls `body` with the bytes of string `id`, without copying them.
    public func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = self.range(id)
        return try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The id of `string`, adding it if new.
    public mutating func intern(_ string: String) -> Int32 {
        var string = string
        return string.withUTF8 { intern($0) }
    }

    /// The id of these bytes (valid UTF-8), adding them if new.
    /// - Complexity: O(length) expected.
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = StringPool.hash(bytes)
        var slot = Int(hash) & (slots.count - 1)
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = entry - 1
            if hashes[Int(id)] == hash && equals(id, bytes) { return id }
            slot = (slot + 1) & (slots.count - 1)
        }
        let id = Int32(ends.count)
        arena.append(contentsOf: bytes)
        ends.append(arena.count)
        hashes.append(hash)
        slots[slot] = id + 1
        if ends.count * 2 > slots.count { grow() }
        return id
    }

    /// The id of `string` if it was ever interned.
    public func id(of string: String) -> Int32? {
        var string = string
        return string.withUTF8 { id(of: $0) }
    }

    public func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = StringPool.hash(bytes)
        var slot = Int(hash) & (slots.count - 1)
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let id = entry - 1
            if hashes[Int(id)] == hash && equals(id, bytes) { return id }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    private func equals(_ id: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = self.range(id)
        guard range.count == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            guard let base = bytes.baseAddress, let stored = arena.baseAddress else { return bytes.isEmpty }
            return memcmp(stored + range.lowerBound, base, bytes.count) == 0
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var grown = [Int32](repeating: 0, count: capacity)
        for id in 0..<ends.count {
            var slot = Int(hashes[id]) & (capacity - 1)
            while grown[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            grown[slot] = Int32(id) + 1
        }
        slots = grown
    }

    /// A fast hash of bytes, eight at a time.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return UInt32(truncatingIfNeeded: h) }
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(base[index]) << shift
            shift += 8
            index += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return UInt32(truncatingIfNeeded: h)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A column of optional counts (deaths, injuries): `unknown` is not zero.
public struct OptionalCountColumn: Sendable {
    public static let unknownValue: Int32 = -1
    public var values: [Int32] = []

    public subscript(row: Int32) -> Int32? {
        let value = values[Int(row)]
        return value == OptionalCountColumn.unknownValue ? nil : value
    }

    public mutating func append(_ value: Int32?) {
        values.append(value ?? OptionalCountColumn.unknownValue)
    }
}

/// A column of dates with their precision, kept as two flat arrays.
public struct DateColumn: Sendable {
    public var firstDays: [Int32] = []
    public var precisions: [CalendarDate.Precision] = []

    public subscript(row: Int32) -> CalendarDate {
        CalendarDate(firstDay: firstDays[Int(row)], precision: precisions[Int(row)])
    }

    public mutating func append(_ date: CalendarDate) {
        firstDays.append(date.firstDay)
        precisions.append(date.precision)
    }

    public mutating func set(_ row: Int32, _ date: CalendarDate) {
        firstDays[Int(row)] = date.firstDay
        precisions[Int(row)] = date.precision
    }
}

/// Text that is different on every row (notes): all rows' bytes end to end, and where each ends.
/// An empty text is unknown.
public struct TextColumn: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// `ends[row]` is where the row's text ends in `bytes`.
    public private(set) var ends: [Int] = []

    public init() {}

    /// A column of these rows: `bytes` end to end, `ends` where each row ends (non-decreasing).
    package init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }

    public var count: Int { ends.count }

    public func range(_ row: Int32) -> Range<Int> {
        let index = Int(row)
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    public subscript(row: Int32) -> String? {
        let range = self.range(row)
        if range.isEmpty { return nil }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    public mutating func append(_ text: String?) {
        if let text { bytes.append(contentsOf: text.utf8) }
        ends.append(bytes.count)
    }

    public mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: text)
        ends.append(bytes.count)
    }

    /// Replaces the last row's text (an `add` that sets notes on the incident it just created or extends).
    public mutating func set(_ row: Int32, _ text: String) {
        guard Int(row) == ends.count - 1 else {
            // Rewriting an older row shifts every later row; rare (an `add` extending an old incident).
            var rows: [String?] = (0..<ends.count).map { self[Int32($0)] }
            rows[Int(row)] = text
            self = TextColumn()
            for value in rows { append(value) }
            return
        }
        let start = Int(row) == 0 ? 0 : ends[Int(row) - 1]
        bytes.removeSubrange(start...)
        bytes.append(contentsOf: text.utf8)
        ends[Int(row)] = bytes.count
    }

    public mutating func reserve(rows: Int, bytes count: Int) {
        ends.reserveCapacity(ends.count + rows)
        bytes.reserveCapacity(bytes.count + count)
    }
}
