#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One write statement as the graph keeps it: what was written, when, and what it changed.
public struct ChangeRecord: Sendable, Equatable {
    /// 1, 2, 3… in the order the changes were made.
    public var id: Int64
    /// Seconds since 1970 (UTC), by the wall clock when the change was made.
    public var at: Int64
    /// add, change, retract, alias, merge, import.
    public var kind: String
    /// The statement as the user wrote it.
    public var statement: String
    /// What changed, in words: "status of meeting moscow_invitation: proposed → declined".
    public var summary: String

    public init(id: Int64, at: Int64, kind: String, statement: String, summary: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.statement = statement
        self.summary = summary
    }
}

extension Graph {
    // MARK: History

    /// Appends a record of a write statement to `changes`.
    public mutating func recordChange(kind: String, statement: String, summary: String) {
        recordChange(kind: kind, statement: statement, summary: summary, nodes: [])
    }

    /// Appends a record of a write statement that is about `nodes` (`history of X` lists it).
    public mutating func recordChange(kind: String, statement: String, summary: String, nodes: [NodeID]) {
        let id = (changes.last?.id ?? 0) + 1
        changes.append(ChangeRecord(id: id, at: Int64(time(nil)), kind: kind, statement: statement, summary: summary))
        for node in nodes {
            changedNodes.append(node)
            changedNodeChanges.append(id)
        }
    }

    /// The ids of the changes about `node`.
    public func changes(about node: NodeID) -> Set<Int64> {
        var ids = Set<Int64>()
        for (index, changed) in changedNodes.enumerated() where changed == node { ids.insert(changedNodeChanges[index]) }
        return ids
    }
}
