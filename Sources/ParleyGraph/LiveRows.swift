/// Row indexes of an edge table without its retracted rows, in order, without allocating.
public struct LiveRows: Sequence {
    let count: Int
    let retracted: Set<Int32>

    public struct Iterator: IteratorProtocol {
        var row = 0
        let count: Int
        let retracted: Set<Int32>

        public mutating func next() -> Int? {
            while row < count {
                let current = row
                row += 1
                if retracted.isEmpty || !retracted.contains(Int32(current)) { return current }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(count: count, retracted: retracted) }
}

/// What stands of the graph: corrections retract rows without removing them (a row's index is its id
/// everywhere), and every query reads the graph through these.
extension Graph {
    // MARK: What stands

    public func isRetracted(_ node: NodeID) -> Bool {
        !retracted.isEmpty && retracted.contains(node)
    }

    /// A relation stands when neither it nor the nodes at its ends were retracted.
    public func isLive(relation edge: Int) -> Bool {
        retracted.isEmpty || !(retracted.contains(NodeID(.relations, Int32(edge)))
            || retracted.contains(relations.subjects[edge]) || retracted.contains(relations.objects[edge]))
    }

    public var liveMemberships: LiveRows { LiveRows(count: memberships.count, retracted: retractedMemberships) }
    public var liveParticipations: LiveRows { LiveRows(count: participations.count, retracted: retractedParticipations) }
    public var liveAssociations: LiveRows { LiveRows(count: associations.count, retracted: retractedAssociations) }

    /// Claim subjects that stand: the entry, its claim and its node not retracted.
    public var liveClaimSubjects: [(claim: Int32, node: NodeID)] {
        guard !retracted.isEmpty || !retractedClaimSubjects.isEmpty else { return claimSubjects }
        return claimSubjects.indices.compactMap { index in
            let subject = claimSubjects[index]
            let stands = !retractedClaimSubjects.contains(Int32(index)) && !retracted.contains(NodeID(.claims, subject.claim))
                && !retracted.contains(subject.node)
            return stands ? subject : nil
        }
    }

    /// The retracted rows of a kind (relation edges for `.relations`), sorted.
    public func retractedRows(of kind: NodeKind) -> [Int32] {
        guard !retracted.isEmpty else { return [] }
        return retracted.compactMap { $0.kind == kind ? $0.index : nil }.sorted()
    }

    /// Every row of a kind that stands, in order: what a query over the kind starts from.
    /// - Complexity: O(rows), as building `0..<rows` is; with nothing retracted it is exactly that.
    public func liveRows(of kind: NodeKind) -> [Int32] {
        let count = Int32(self.count(of: kind))
        if retracted.isEmpty { return Graph.allRows(Int(count)) }
        if kind == .relations {
            return (0..<count).filter { isLive(relation: Int($0)) }
        }
        let skipped = retractedRows(of: kind)
        if skipped.isEmpty { return Graph.allRows(Int(count)) }
        var rows: [Int32] = []
        rows.reserveCapacity(Int(count) - skipped.count)
        var start: Int32 = 0
        for row in skipped {
            rows.append(contentsOf: start..<row)
            start = row + 1
        }
        rows.append(contentsOf: start..<count)
        return rows
    }

    /// `0..<count` as ids. A plain loop: `Array(0..<n)` goes through the generic sequence copy, several
    /// times slower on a million rows.
    package static func allRows(_ count: Int) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for row in 0..<count { buffer[row] = Int32(truncatingIfNeeded: row) }
            initialized = count
        }
    }

    /// How many rows of a kind stand.
    public func liveCount(of kind: NodeKind) -> Int {
        kind == .relations ? liveRows(of: kind).count : count(of: kind) - retractedRows(of: kind).count
    }

    /// `ids` of `kind` without the retracted ones.
    func live(_ ids: [Int32], _ kind: NodeKind) -> [Int32] {
        retracted.isEmpty ? ids : ids.filter { !retracted.contains(NodeID(kind, $0)) }
    }

    /// Retracted nodes of `kind` called `name` (or, for parties and places, with it as an alias).
    public func retractedNodes(named name: String, _ kind: NodeKind) -> [NodeID] {
        let folded = NameIndex.fold(name)
        return retracted.filter { node in
            guard node.kind == kind else { return false }
            switch kind {
            case .parties: return partyNames.lookup(name).contains(node.index)
            case .places: return placeNames.lookup(name).contains(node.index)
            case .meetings, .claims, .incidents: return NameIndex.fold(self.name(of: node)) == folded
            case .relations, .facts: return false
            }
        }.sorted { $0.index < $1.index }
    }
}
