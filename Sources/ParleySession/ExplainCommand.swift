import ParleyEval
import ParleySupport
import ParleySyntax

extension Session {
    /// `.explain QUERY`: binds the query as it would run — names resolved, fields and comparisons
    /// checked — and prints the plan instead of running it. A query that cannot bind is the error it
    /// would be, located in the line.
    func explainCommand(_ command: DotInvocation) -> Outcome {
        let source = command.span.source
        let bytes = source.bytes
        var start = command.span.range.upperBound
        var lineEnd = start
        while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        while start < lineEnd && (bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t")) { start += 1 }
        let usage = ParleyError(SessionProblem.explainNeedsQuery, at: command.span,
                                hint: "for example `.explain incidents in Ukraine | group by month | sum deaths`")
        guard start < lineEnd else { return .failed(usage) }
        do throws(ParleyError) {
            var parser = try Parser(source, at: start)
            let (statement, end) = try parser.parseStatementAndEnd()
            guard case let .query(query) = statement.body, end <= lineEnd + 1 else { return .failed(usage) }
            if let store { try store.ensureLoaded(Binder.columnsToBind(query), into: &graph) }
            let plan = try Binder(graph: graph, source: statement.source, parameters: settings.parameters).bind(query)
            let sink = onceRedirect ?? redirect ?? output
            onceRedirect = nil
            sink.write(plan.explained(in: graph))
        } catch {
            return .failed(error)
        }
        return .finished
    }
}
