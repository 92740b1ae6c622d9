extension Parser {
    /// addStatement = "add" ( nodeKind name | "relation" nodeRef IDENTIFIER nodeRef ) clauses ;
    mutating func parseAddStatement() throws(ParleyError) -> AddStatement {
        try expect("add")
        let target: AddStatement.Target
        if try consume("relation") {
            let subject = try parseNodeRef()
            guard token.kind == .identifier else {
                throw unexpected("a relation name (controls, annexed, reiterates…) after the subject")
            }
            let relation = Name(text, range: token.range)
            try advance()
            let object = try parseNodeRef()
            target = .relation(subject: subject, relation: relation, object: object)
        } else {
            let kind = try parseNodeKind()
            target = .node(kind, try parseName("the new \(kind.singular)'s name"))
        }
        return AddStatement(target: target, clauses: try parseClauses())
    }

    /// nodeKind = "party" | "place" | "meeting" | "incident" | "claim" ;
    mutating func parseNodeKind() throws(ParleyError) -> NodeKind {
        let kinds = ["party", "place", "meeting", "incident", "claim", "relation"]
        guard token.kind == .identifier, let kind = NodeKind(singular: text), kind != .facts else {
            let word = token.kind == .identifier ? text : ""
            throw unexpected("what to add (\(kinds.joined(separator: ", ")))",
                             hint: NameSuggester.closest(to: word, among: kinds).map { "did you mean `\($0)`?" })
        }
        try advance()
        return kind
    }

    /// clauses = "(" { clause } ")" | { clause } ;
    mutating func parseClauses() throws(ParleyError) -> [Clause] {
        var clauses: [Clause] = []
        if atSymbol("(") {
            let open = token.range
            try advance()
            while !atSymbol(")") && token.kind != .endOfInput {
                let before = token.range.lowerBound
                clauses.append(try parseClause())
                assert(token.range.lowerBound > before, "parse loop made no progress")
            }
            try expectClosing(")", opening: "(", at: open)
            return clauses
        }
        while token.kind == .identifier {
            let before = token.range.lowerBound
            clauses.append(try parseClause())
            assert(token.range.lowerBound > before, "parse loop made no progress")
        }
        return clauses
    }

    /// clause = clauseKey value { "," value } [ "as" value ] ;
    mutating func parseClause() throws(ParleyError) -> Clause {
        let key = try parseClauseKey()
        var values = [try parseValue(after: key.text)]
        while try consumeSymbol(",") {
            values.append(try parseValue(after: key.text))
        }
        let role = try consume("as") ? try parseValue(after: "as") : nil
        return Clause(key: key, values: values, role: role)
    }

    /// clauseKey = "member" "of" | "same" "day" "as" | "said" "by" | "reported" "by" | IDENTIFIER ;
    mutating func parseClauseKey() throws(ParleyError) -> Name {
        guard token.kind == .identifier else {
            throw unexpected("a clause (kind, aka, member of, place, date, said by, reported by…)")
        }
        let start = token.range.lowerBound
        let word = text
        try advance()
        let following: [String] = switch word {
        case "member": ["of"]
        case "same": ["day", "as"]
        case "said", "reported": ["by"]
        default: []
        }
        for next in following {
            try expect(next, " (`\(([word] + following).joined(separator: " "))`)")
        }
        let text = ([word] + following).joined(separator: " ")
        return Name(text, range: start..<(start + word.utf8.count))
    }

    /// value = name | NUMBER | "-" NUMBER | DATE | "unknown" ;
    mutating func parseValue(after key: String) throws(ParleyError) -> ClauseValue {
        let range = token.range
        switch token.kind {
        case .number:
            let value = try parseNumberValue()
            let text = self.text
            try advance()
            return .number(value, text: text, range: range)
        case .symbol where atSymbol("-"):
            try advance()
            guard token.kind == .number else { throw unexpected("a number after `-`") }
            let value = try parseNumberValue()
            let text = "-" + self.text
            let end = token.range.upperBound
            try advance()
            return .number(-value, text: text, range: range.lowerBound..<end)
        case .date:
            return .date(try parseDate())
        case .identifier where at("unknown"):
            try advance()
            return .unknown(range: range)
        default:
            return .name(try parseName("a value after `\(key)`"))
        }
    }
}
