/// A hash table from a pair of codes to an `Int32`, open addressing in flat arrays: the joins and
/// distincts of a million rows spend their time here, and `Dictionary` hashes through `Hasher`.
struct CodePairTable {
    private var firsts: [Int64]
    private var seconds: [Int64]
    /// `value + 1`; 0 marks an empty slot.
    private var values: [Int32]
    private(set) var count = 0

    init(capacity: Int) {
        var slots = 16
        while slots < capacity * 2 { slots <<= 1 }
        firsts = [Int64](repeating: 0, count: slots)
        seconds = [Int64](repeating: 0, count: slots)
        values = [Int32](repeating: 0, count: slots)
    }

    @inline(__always)
    private static func hash(_ key: CodePair) -> Int {
        var h = UInt64(bitPattern: key.first) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(bitPattern: key.second) &+ 0x632B_E59B_D9B4_E019 &+ (h << 6) &+ (h >> 2)
        h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The value stored for `key`, if any.
    @inline(__always)
    func value(for key: CodePair) -> Int32? {
        let mask = values.count - 1
        var slot = CodePairTable.hash(key) & mask
        while values[slot] != 0 {
            if firsts[slot] == key.first && seconds[slot] == key.second { return values[slot] - 1 }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Stores `value` for `key`, or returns the value already there (leaving it).
    @inline(__always)
    mutating func insert(_ key: CodePair, _ value: Int32) -> Int32? {
        let mask = values.count - 1
        var slot = CodePairTable.hash(key) & mask
        while values[slot] != 0 {
            if firsts[slot] == key.first && seconds[slot] == key.second { return values[slot] - 1 }
            slot = (slot + 1) & mask
        }
        firsts[slot] = key.first
        seconds[slot] = key.second
        values[slot] = value + 1
        count += 1
        if count * 2 > values.count { grow() }
        return nil
    }

    /// Replaces the value for a key already stored.
    mutating func update(_ key: CodePair, _ value: Int32) {
        let mask = values.count - 1
        var slot = CodePairTable.hash(key) & mask
        while values[slot] != 0 {
            if firsts[slot] == key.first && seconds[slot] == key.second {
                values[slot] = value + 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        var larger = CodePairTable(capacity: values.count)
        for slot in 0..<values.count where values[slot] != 0 {
            _ = larger.insert(CodePair(first: firsts[slot], second: seconds[slot]), values[slot] - 1)
        }
        self = larger
    }
}
