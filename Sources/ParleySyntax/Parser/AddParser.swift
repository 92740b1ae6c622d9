import ParleyGraph
import ParleySupport

extension Parser {
    /// addStatement = "add" ( nodeKind name | "relation" nodeRef IDENTIFIER nodeRef | "source" ) clauses ;
    mutating func parseAddStatement() throws(ParleyError) -> AddStatement {
        try expect("add")
        let target: AddStatement.Target
        if try consume("source") {
            target = .source
        } else if try consume("relation") {
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
        let named: Name? = switch target {
        case let .node(_, name): name
        case let .relation(_, _, object): object.name
        case .source: nil
        }
        let clauses = try parseClauses(after: named)
        if target == .source && clauses.isEmpty {
            throw unexpected("`said by` or `reported by` after `add source`")
        }
        return AddStatement(target: target, clauses: clauses)
    }

    /// nodeKind = "party" | "place" | "meeting" | "incident" | "claim" ;
    mutating func parseNodeKind() throws(ParleyError) -> NodeKind {
        let kinds = ["party", "place", "meeting", "incident", "claim", "relation", "source"]
        guard token.kind == .identifier, let kind = NodeKind(singular: text), kind != .facts else {
            let word = token.kind == .identifier ? text : ""
            throw unexpected("what to add (\(kinds.joined(separator: ", ")))",
                             hint: NameSuggester.closest(to: word, among: kinds).map { "did you mean `\($0)`?" })
        }
        try advance()
        return kind
    }

    /// clauses = "(" { clause } ")" | { clause } ;
    /// - Parameter name: the name the clauses follow; a bare one of several words reads as a name and
    ///   clauses, and fails further on: the error then says to quote it.
    mutating func parseClauses(after name: Name? = nil) throws(ParleyError) -> [Clause] {
        let start = name?.range.lowerBound ?? token.range.lowerBound
        do throws(ParleyError) {
            let clauses = try parseClauseList()
            // Clauses end with the statement; what stops them short is a mistake made earlier.
            if token.kind != .terminator && token.kind != .endOfInput,
               let error = Parser.unquotedName(in: source, from: start, before: token.range.upperBound, inClauses: true) {
                throw error
            }
            return clauses
        } catch {
            guard error.kind == .syntax else { throw error }
            let end = max(token.range.upperBound, error.span?.range.upperBound ?? 0)
            throw Parser.unquotedName(in: source, from: start, before: end, inClauses: true) ?? error
        }
    }

    private mutating func parseClauseList() throws(ParleyError) -> [Clause] {
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

    /// clause = ( "place" | "within" ) placeRef { "," placeRef } | "about" nodeRef { "," nodeRef } | clauseKey value { "," value } [ "as" value ] ;
    mutating func parseClause() throws(ParleyError) -> Clause {
        let key = try parseClauseKey()
        var values = [try parseClauseValue(after: key.text)]
        while try consumeSymbol(",") {
            values.append(try parseClauseValue(after: key.text))
        }
        let role = try consume("as") ? try parseValue(after: "as") : nil
        return Clause(key: key, values: values, role: role)
    }

    /// A place may be qualified as in `in` (`place admin1 Kyiv`, `within Ukraine/Kyiv`) and `about` may
    /// name the kind (`about place Ukraine`); a plain name stays a name, as it always was.
    private mutating func parseClauseValue(after key: String) throws(ParleyError) -> ClauseValue {
        switch key {
        case "place", "within":
            let place = try parsePlaceRef()
            return place.level == nil && place.path.count == 1 && !place.isAbsolute ? .name(place.path[0]) : .place(place)
        case "about":
            let node = try parseNodeRef()
            return node.kind == nil ? .name(node.name) : .node(node)
        default:
            return try parseValue(after: key)
        }
    }

    /// The clause keys that name sources, where `new` may add one.
    package static let sourceKeys: Set<String> = ["said by", "reported by", "via", "also said by", "also reported by"]

    /// clauseKey = "member" "of" | "same" "day" "as" | [ "also" ] ( "said" | "reported" ) "by" | IDENTIFIER ;
    mutating func parseClauseKey() throws(ParleyError) -> Name {
        guard token.kind == .identifier else {
            throw unexpected("a clause (kind, aka, member of, place, date, said by, reported by…)")
        }
        let start = token.range.lowerBound
        let first = text
        try advance()
        // Most keys are one word (a dump's every clause): no list of words to join.
        switch first {
        case "also", "member", "same", "said", "reported": break
        default: return Name(first, range: start..<(start + first.utf8.count))
        }
        var words = [first]
        if words[0] == "also" {
            guard at("said") || at("reported") else { throw unexpected("`said by` or `reported by` after `also`") }
            words.append(text)
            try advance()
        }
        let following: [String] = switch words[words.count - 1] {
        case "member": ["of"]
        case "same": ["day", "as"]
        case "said", "reported": ["by"]
        default: []
        }
        for next in following {
            try expect(next, " (`\((words + following).joined(separator: " "))`)")
        }
        let text = (words + following).joined(separator: " ")
        return Name(text, range: start..<(start + words[0].utf8.count))
    }

    /// value = name | NUMBER | "-" NUMBER | DATE | "unknown" | "new" name ;
    mutating func parseValue(after key: String) throws(ParleyError) -> ClauseValue {
        let range = token.range
        // `new` before a name adds a source; only sources take it, so a party named `new` reads elsewhere.
        if at("new"), Parser.sourceKeys.contains(key) {
            let next = try peekToken()
            if next.kind == .string || next.kind == .parameter
                || (next.kind == .identifier && !Parser.reservedWords.contains(source.text(next.range))) {
                try advance()
                return .new(try parseName("the new source's name"))
            }
        }
        switch token.kind {
        case .number:
            let value = try parseNumberValue()
            let text = self.text
            try advance()
            return .number(value, text: text, range: range)
        case .symbol where atSymbol("-"):
            let number = try parseNegativeNumber(from: range.lowerBound)
            return .number(number.value, text: number.text, range: number.range)
        case .date:
            return .date(try parseDate())
        case .identifier where at("unknown"):
            try advance()
            return .unknown(range: range)
        default:
            // A word that only starts a stage (`group`) is a value here: an `add` has no stages.
            if token.kind == .identifier && Parser.stageWords.contains(text) {
                let name = Name(text, range: token.range)
                try advance()
                return .name(name)
            }
            return .name(try parseName("a value after `\(key)`"))
        }
    }
}
