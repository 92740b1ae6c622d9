/// Where a fact comes from. A fact has one or more independent sources; each source is a chain of
/// attribution: who said it, then who reported it ("a U.S. official → Reuters → news report").
public struct SourceTable: Sendable {
    public struct Link: Sendable, Hashable {
        public enum Role: UInt8, Sendable { case said, reported }
        public var party: Int32
        public var role: Role

        package init(party: Int32, role: Role) {
            self.party = party
            self.role = role
        }
    }

    /// Distinct chains; a fact refers to a set of them.
    public private(set) var chains: [[Link]] = []
    private var chainIDs: [[Link]: Int32] = [:]
    /// Distinct sets of chains; set 0 is "no source".
    public private(set) var sets: [[Int32]] = [[]]
    private var setIDs: [[Int32]: Int32] = [[]: 0]

    public init() {}

    /// A table holding exactly these chains and sets, ids and all (a merge can leave two ids with the
    /// same content; lookups find the first).
    package init(chains: [[Link]], sets: [[Int32]]) {
        self.chains = chains
        self.sets = sets
        chainIDs = [:]
        for (id, chain) in chains.enumerated() where chainIDs[chain] == nil { chainIDs[chain] = Int32(id) }
        setIDs = [:]
        for (id, set) in sets.enumerated() where setIDs[set] == nil { setIDs[set] = Int32(id) }
    }

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

    /// Whether a chain of the set has, in one of `roles`, a party marked in `parties` (a party and its
    /// members, from `Graph.partiesWithin`).
    public func set(_ set: Int32, mentionsAnyOf parties: [Bool], as roles: Set<Link.Role>) -> Bool {
        for chain in sets[Int(set)] {
            for link in chains[Int(chain)] where parties[Int(link.party)] && roles.contains(link.role) {
                return true
            }
        }
        return false
    }

    /// Puts `new` wherever `old` stands in a chain (a merge of two parties). A chain that becomes the
    /// same as another is replaced by it in every set, so no fact counts one source twice.
    /// - Complexity: O(chains + sets).
    public mutating func replaceParty(_ old: Int32, with new: Int32) {
        var replacement = Array(0..<Int32(chains.count))
        for id in chains.indices where chains[id].contains(where: { $0.party == old }) {
            let chain = chains[id].map { Link(party: $0.party == old ? new : $0.party, role: $0.role) }
            if chainIDs[chains[id]] == Int32(id) { chainIDs[chains[id]] = nil }
            chains[id] = chain
            if let existing = chainIDs[chain] { replacement[id] = existing } else { chainIDs[chain] = Int32(id) }
        }
        for id in sets.indices {
            let set = Array(Set(sets[id].map { replacement[Int($0)] })).sorted()
            guard set != sets[id] else { continue }
            if setIDs[sets[id]] == Int32(id) { setIDs[sets[id]] = nil }
            sets[id] = set
            if setIDs[set] == nil { setIDs[set] = Int32(id) }
        }
    }
}
