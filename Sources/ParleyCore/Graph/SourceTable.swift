/// Where a fact comes from. A fact has one or more independent sources; each source is a chain of
/// attribution: who said it, then who reported it ("a U.S. official → Reuters → news report").
public struct SourceTable: Sendable {
    public struct Link: Sendable, Hashable {
        public enum Role: UInt8, Sendable { case said, reported }
        public var party: Int32
        public var role: Role
    }

    /// Distinct chains; a fact refers to a set of them.
    public private(set) var chains: [[Link]] = []
    private var chainIDs: [[Link]: Int32] = [:]
    /// Distinct sets of chains; set 0 is "no source".
    public private(set) var sets: [[Int32]] = [[]]
    private var setIDs: [[Int32]: Int32] = [[]: 0]

    public init() {}

    public mutating func internChain(_ chain: [Link]) -> Int32 {
        if let id = chainIDs[chain] { return id }
        let id = Int32(chains.count)
        chains.append(chain)
        chainIDs[chain] = id
        return id
    }

    public mutating func internSet(_ set: [Int32]) -> Int32 {
        let key = Array(Set(set)).sorted()
        if let id = setIDs[key] { return id }
        let id = Int32(sets.count)
        sets.append(key)
        setIDs[key] = id
        return id
    }

    /// Whether any chain of the set holds `party` in one of `roles`.
    public func set(_ set: Int32, mentions party: Int32, as roles: Set<Link.Role>) -> Bool {
        for chain in sets[Int(set)] {
            for link in chains[Int(chain)] where link.party == party && roles.contains(link.role) {
                return true
            }
        }
        return false
    }
}
