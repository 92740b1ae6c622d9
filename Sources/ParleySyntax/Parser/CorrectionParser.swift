import ParleyGraph
import ParleySupport

extension Parser {
    /// Whether a correction starts here: its keyword, not followed by `->` or `<-` (a node of that name).
    mutating func atCorrection() throws(ParleyError) -> Bool {
        guard token.kind == .identifier, Correction.keywords.contains(text) else { return false }
        let next = try peekToken()
        return !peekIs(next, symbol: "->") && !peekIs(next, symbol: "<-")
    }

    /// correction = changeStatement | retractStatement | aliasStatement | mergeStatement ;
    mutating func parseCorrection() throws(ParleyError) -> Correction {
        switch text {
        case "change": try parseChangeStatement()
        case "retract": try parseRetractStatement()
        case "alias": try parseAliasStatement()
        default: try parseMergeStatement()
        }
    }

    /// changeStatement = "change" target clauses ;
    mutating func parseChangeStatement() throws(ParleyError) -> Correction {
        try expect("change")
        let target = try parseTarget("what to change")
        let clauses = try parseClauses(after: target.name)
        guard !clauses.isEmpty else {
            throw unexpected("a field and its new value (`status declined`, `deaths 4`, `reported by Reuters`…)")
        }
        return .change(target, clauses: clauses)
    }

    /// retractStatement = "retract" ( target | "relation" nodeRef IDENTIFIER nodeRef | "member" name "of" name ) ;
    mutating func parseRetractStatement() throws(ParleyError) -> Correction {
        try expect("retract")
        if try consume("relation") {
            let subject = try parseNodeRef()
            guard token.kind == .identifier else {
                throw unexpected("a relation name (controls, annexed, reiterates…) after the subject")
            }
            let relation = Name(text, range: token.range)
            try advance()
            return .retractRelation(subject: subject, relation: relation, object: try parseNodeRef())
        }
        if try consume("member") {
            let member = try parseName("a party's name (`retract member Peskov of Kremlin`)")
            try expect("of", " (`retract member Peskov of Kremlin`)")
            return .retractMembership(member: member, group: try parseName("the group's name"))
        }
        return .retract(try parseTarget("what to retract", extra: ["relation", "member"]))
    }

    /// aliasStatement = "alias" namedTarget "as" name { "," name } ;
    mutating func parseAliasStatement() throws(ParleyError) -> Correction {
        try expect("alias")
        let target = try parseNamedTarget("what to name")
        try expect("as", " (`alias party Zelensky as Zelenskyi`)")
        var names = [try parseName("another name")]
        while try consumeSymbol(",") {
            names.append(try parseName("another name after `,`"))
        }
        return .alias(target, names: names)
    }

    /// mergeStatement = "merge" ( "party" name "into" name | "place" placeRef "into" placeRef ) ;
    mutating func parseMergeStatement() throws(ParleyError) -> Correction {
        try expect("merge")
        if try consume("party") {
            let merged = try parseName("the party to merge")
            try expect("into", " (`merge party A into B`)")
            return .merge(.party(merged), into: .party(try parseName("the party to keep")))
        }
        if try consume("place") {
            let merged = try parsePlaceRef()
            try expect("into", " (`merge place A into B`)")
            return .merge(.place(merged), into: .place(try parsePlaceRef()))
        }
        throw targetError("what to merge", ["party", "place"])
    }

    /// target = namedTarget | ( "meeting" | "incident" | "claim" ) name ;
    mutating func parseTarget(_ what: String, extra: [String] = []) throws(ParleyError) -> CorrectionTarget {
        if token.kind == .identifier, let kind = NodeKind(singular: text), [.meetings, .incidents, .claims].contains(kind) {
            try advance()
            return .event(kind, try parseName("the \(kind.singular)'s name"))
        }
        guard at("party") || at("place") else {
            throw targetError(what, ["party", "place", "meeting", "incident", "claim"] + extra)
        }
        return try parseNamedTarget(what)
    }

    /// namedTarget = "party" name | "place" placeRef ;
    mutating func parseNamedTarget(_ what: String) throws(ParleyError) -> CorrectionTarget {
        if try consume("party") { return .party(try parseName("a party's name")) }
        if try consume("place") { return .place(try parsePlaceRef()) }
        throw targetError(what, ["party", "place"])
    }

    private func targetError(_ what: String, _ words: [String]) -> ParleyError {
        let word = token.kind == .identifier ? text : ""
        return unexpected("\(what) (\(words.joined(separator: ", ")))",
                          hint: NameSuggester.closest(to: word, among: words).map { "did you mean `\($0)`?" })
    }
}
