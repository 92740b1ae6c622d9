import ParleyGraph
import ParleySupport

extension Session {
    /// What a restore loaded: the standing rows of each kind.
    public struct RestoreSummary: Sendable {
        public var counts: [(kind: NodeKind, rows: Int)]

        /// "31 parties, 2,846 places, 0 meetings, 100,000 incidents, 0 claims, 0 relations"
        public var described: String {
            counts.map { "\($0.rows.formatted) \($0.rows == 1 ? $0.kind.singular : $0.kind.rawValue)" }.joined(separator: ", ")
        }
    }

    /// The kinds a restore reports, in the dump's order.
    static let restoredKinds: [NodeKind] = [.parties, .places, .meetings, .incidents, .claims, .relations]

    /// `--restore DUMP` and `.restore DUMP`: loads a dump (what `.dump` wrote) into this session's graph,
    /// which must hold nothing yet — a new store, or `--empty`. The whole dump is one write, saved
    /// together or, on an error anywhere in it, not at all; and one entry in the history, not one per
    /// statement. The dump's own `.begin` and `.commit` are part of that one write.
    /// - Parameter statement: how the restore was asked for, for the history.
    @discardableResult
    public func restore(_ path: String, statement: String, baseDirectory: String? = nil) throws(ParleyError) -> RestoreSummary {
        guard !batching, !restoring else { throw ParleyError(SessionProblem.restoreInTransaction) }
        let held = Session.restoredKinds.filter { graph.count(of: $0) > 0 }
        if !held.isEmpty || !graph.changes.isEmpty {
            let what = held.isEmpty
                ? "a history of \(graph.changes.count) \(graph.changes.count == 1 ? "change" : "changes")"
                : held.map { "\(graph.count(of: $0).formatted) \(graph.count(of: $0) == 1 ? $0.singular : $0.rawValue)" }
                    .joined(separator: ", ")
            throw ParleyError(SessionProblem.restoreNeedsEmptyGraph(path: path, what: what),
                              hint: "restore into a new store: `parley NEW.parley --restore \(path)`")
        }
        let fullPath = resolve(path, against: baseDirectory)
        let bytes = try FileReader.read(fullPath)
        let recording = recordsChanges
        let before = graph
        recordsChanges = false
        restoring = true
        defer {
            recordsChanges = recording
            restoring = false
        }
        do throws(ParleyError) {
            try inOneWrite { () throws(ParleyError) in
                let source = SourceText(name: path, bytes: bytes)
                if case let .failed(error) = run(source, baseDirectory: FileReader.directory(of: fullPath), reportErrors: false) {
                    throw error
                }
                if recording {
                    graph.recordChange(kind: "restore", statement: statement,
                                       summary: "restored \(path): " + summary().described)
                }
            }
        } catch {
            // Without a store the graph was changed in place: back to the empty one.
            if store == nil { graph = before }
            throw error
        }
        if store == nil && recording { unsavedStatements += 1 }
        return summary()
    }

    private func summary() -> RestoreSummary {
        RestoreSummary(counts: Session.restoredKinds.map { ($0, graph.liveCount(of: $0)) })
    }
}
