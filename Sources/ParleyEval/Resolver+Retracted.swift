import ParleyGraph
import ParleySupport
import ParleySyntax

/// Names of retracted nodes: they resolve to nothing in queries, but errors say what became of them
/// and `history of X` still finds them.
extension Resolver {
    /// "`strike_1` was retracted; …" when a retracted node of one of `kinds` has the name.
    func retractedHint(_ text: String, _ kinds: [NodeKind]) -> String? {
        guard !graph.retracted.isEmpty else { return nil }
        for kind in kinds where !graph.retractedNodes(named: text, kind).isEmpty {
            return "\(kind.singular) `\(text)` was retracted; `history of \(kind.singular) \(quoted(text))` shows when"
        }
        return nil
    }

    /// A node by name, standing or retracted (the latest retracted one of that name), for `history of X`.
    func nodeOrRetracted(_ ref: NodeRef) throws(ParleyError) -> NodeID {
        do {
            return try node(ref)
        } catch {
            let text = try self.text(ref.name)
            let kinds = ref.kind.map { [$0] } ?? [.meetings, .incidents, .claims, .parties, .places]
            for kind in kinds {
                if let node = graph.retractedNodes(named: text, kind).last { return node }
            }
            throw error
        }
    }
}
