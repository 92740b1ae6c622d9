import ParleyEval
import ParleyGraph
import ParleySupport
import ParleySyntax

/// What a write statement did, in words, for the graph's history.
extension AddStatement {
    /// The row count the statement's target kind has before the statement runs.
    func rowsBefore(in graph: Graph) -> Int {
        switch target {
        case let .node(kind, _): graph.count(of: kind)
        case .relation: graph.relations.count
        case .source: graph.sourceTable.chains.count
        }
    }

    /// "added meeting sybiha_call", "extended party Dmitry Peskov", "added relation Russia controls Crimea";
    /// and the nodes the statement is about.
    func summary(node: NodeID?, rowsBefore: Int, graph: Graph, source: SourceText,
                 parameters: [String: String]) -> (String, [NodeID]) {
        let (text, nodes) = targetSummary(node: node, rowsBefore: rowsBefore, graph: graph, source: source, parameters: parameters)
        // Sources added with `new`: "added incident odesa_strike; added party Suspilne".
        let resolver = Resolver(graph: graph, source: source, parameters: parameters)
        var added: [NodeID] = []
        for case let .new(name) in clauses.flatMap(\.values) {
            guard let text = try? resolver.text(name), let party = graph.parties(named: text).first else { continue }
            if !added.contains(NodeID(.parties, party)) { added.append(NodeID(.parties, party)) }
        }
        let parts = (text.isEmpty ? [] : [text]) + added.map { "added \(Corrections.label(graph, $0))" }
        return (parts.joined(separator: "; "), nodes + added)
    }

    private func targetSummary(node: NodeID?, rowsBefore: Int, graph: Graph, source: SourceText,
                               parameters: [String: String]) -> (String, [NodeID]) {
        switch target {
        case .node:
            guard let node else { return ("", []) }
            let verb = Int(node.index) >= rowsBefore ? "added" : "extended"
            return ("\(verb) \(Corrections.label(graph, node))", [node])
        case let .relation(subjectRef, relationName, objectRef):
            let resolver = Resolver(graph: graph, source: source, parameters: parameters)
            let nodes = [try? resolver.node(subjectRef), try? resolver.node(objectRef)].compactMap { $0 }
            let relation = (try? resolver.text(relationName)) ?? relationName.text
            let text = nodes.count == 2 ? "\(graph.name(of: nodes[0])) \(relation) \(graph.name(of: nodes[1]))" : relation
            let verb = graph.relations.count > rowsBefore ? "added" : "sourced again"
            return ("\(verb) relation \(text)", nodes)
        case .source:
            let added = graph.sourceTable.chains.count - rowsBefore
            return ("declared \(added) source chain\(added == 1 ? "" : "s")", [])
        }
    }
}

extension Statement {
    /// The statement as written, without the spaces around it.
    public var text: String {
        var text = source.text(range)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
