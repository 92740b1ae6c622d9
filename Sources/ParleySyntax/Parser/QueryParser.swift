import ParleyGraph
import ParleySupport

extension Parser {
    /// statement = addStatement | correction | query ;
    public mutating func parseStatement() throws(ParleyError) -> Statement {
        let start = token.range.lowerBound
        let body: Statement.Body
        if at("add") {
            body = .add(try parseAddStatement())
        } else if try atCorrection() {
            body = .correction(try parseCorrection())
        } else {
            body = .query(try parseQuery())
        }
        return Statement(body: body, source: source, range: start..<token.range.lowerBound)
    }

    /// query = head { filter } { "|" stage } ;
    mutating func parseQuery() throws(ParleyError) -> Query {
        try enterLevel()
        defer { leaveLevel() }
        let head = try parseHead()
        var filters: [Filter] = []
        while let filter = try parseFilter() {
            filters.append(filter)
        }
        var stages: [Stage] = []
        while try consumeSymbol("|") {
            let before = token.range.lowerBound
            stages.append(try parseStage(of: head.namedKind))
            assert(token.range.lowerBound > before, "parse loop made no progress")
        }
        if token.kind == .identifier || token.kind == .string {
            throw unexpected("a filter (where, in, involving, with, during, before, after, same day as, reported by, mentioning…) or `|`")
        }
        return Query(head: head, filters: filters, stages: stages)
    }

    /// head = kind | "events" | "members" "of" name | "history" [ "of" nodeRef ] | nodeRef ( "->" | "<-" ) name ;
    mutating func parseHead() throws(ParleyError) -> Head {
        if at("events") {
            let range = token.range
            try advance()
            return .events(range: range)
        }
        if token.kind == .identifier, let kind = parseKind() {
            let range = token.range
            try advance()
            return .kind(kind, range: range)
        }
        if at("members"), peekIs(try peekToken(), word: "of") {
            try advance()
            try advance()
            return .members(of: try parseName("a party's name"))
        }
        if at("history") {
            let next = try peekToken()
            if !peekIs(next, symbol: "->") && !peekIs(next, symbol: "<-") {
                try advance()
                return .history(of: try consume("of") ? try parseNodeRef() : nil)
            }
        }
        if token.kind == .identifier, let kind = NodeKind(singular: text), kind.rawValue != text {
            // `meeting where …`, `incident`, `party | count`: a kind in the singular (`place Russia <- within` names a node).
            let next = try peekToken()
            if next.kind == .terminator || next.kind == .endOfInput || peekIs(next, symbol: "|")
                || (next.kind == .identifier && Parser.reservedWords.contains(source.text(next.range))) {
                throw ParleyError(SyntaxProblem.unknownKind(text), at: SourceSpan(source, token.range),
                                  hint: "did you mean `\(kind.rawValue)`? A query names its kind in the plural")
            }
        }
        guard atName else {
            throw unexpected("a kind (\(NodeKind.allCases.map(\.rawValue).joined(separator: ", ")), events), `members of`, or a name followed by `->`")
        }
        let wordToken = token
        let nodeRef = try parseNodeRef()
        let direction: Head.Direction
        if try consumeSymbol("->") {
            direction = .outgoing
        } else if try consumeSymbol("<-") {
            direction = .incoming
        } else {
            if wordToken.kind == .identifier && nodeRef.kind == nil {
                let word = source.text(wordToken.range)
                let suggestion = NameSuggester.closest(to: word, among: NodeKind.allCases.map(\.rawValue) + ["events", "members"])
                throw ParleyError(SyntaxProblem.unknownKind(word), at: SourceSpan(source, wordToken.range),
                                  hint: suggestion.map { "did you mean `\($0)`?" }
                                    ?? "a query starts with a kind (\(NodeKind.allCases.map(\.rawValue).joined(separator: ", ")), events), `members of X`, or `X -> relation`")
            }
            throw unexpected("`->` or `<-` after a name at the start of a query")
        }
        // Any word names an edge here, keywords included (`place Russia <- within`).
        guard token.kind == .identifier || token.kind == .string || token.kind == .parameter else {
            throw unexpected("a relation or role name (controls, member_of, mediator…)")
        }
        let relation = token.kind == .identifier ? try parseFieldName() : try parseName("a relation or role name")
        return .navigate(from: nodeRef, direction: direction, relation: relation)
    }

    /// kind = "parties" | "places" | "meetings" | "incidents" | "claims" | "relations" | "facts" ;
    func parseKind() -> NodeKind? {
        NodeKind(rawValue: text)
    }

    /// nodeRef = "place" placeRef | [ "party" | "meeting" | "incident" | "claim" ] name ;
    mutating func parseNodeRef() throws(ParleyError) -> NodeRef {
        if token.kind == .identifier, let kind = NodeKind(singular: text), kind != .relations, kind != .facts {
            let next = try peekToken()
            if next.kind == .identifier || next.kind == .string || next.kind == .parameter || (kind == .places && peekIs(next, symbol: "/")) {
                try advance()
                guard kind == .places else { return NodeRef(kind: kind, name: try parseName("a name")) }
                let place = try parsePlaceRef()
                let qualified = place.level != nil || place.path.count > 1 || place.isAbsolute
                return NodeRef(kind: .places, name: place.path[place.path.count - 1], place: qualified ? place : nil)
            }
        }
        return NodeRef(kind: nil, name: try parseName("a name"))
    }

    /// filter = [ "not" ] ( "where" expr | "in" places | "within" name | "involving" [ "members" "of" ] parties [ "as" name { "or" name } ] | "with" name { ( "and" | "," ) name } | timeFilter | sourceFilter | "mentioning" name | "about" nodeRef ) ;
    mutating func parseFilter() throws(ParleyError) -> Filter? {
        guard token.kind == .identifier else { return nil }
        if at("not") {
            let range = token.range
            try advance()
            if at("where") || at("not") {
                throw ParleyError(SyntaxProblem.notBeforeWhere, at: SourceSpan(source, range.lowerBound..<token.range.upperBound),
                                  hint: "write `where not (…)`: a comparison with unknown is neither kept nor dropped by `not`")
            }
            guard let inner = try parseFilter() else {
                throw unexpected("a filter after `not` (in, involving, with, during, before, after, reported by, mentioning…)")
            }
            return .not(inner, keyword: Name("not", range: range))
        }
        switch text {
        case "where":
            try advance()
            return .where(try parseExpression())
        case "in":
            try advance()
            return .in(try parsePlaces())
        case "within":
            try advance()
            return .within(try parseName("a party or place name"))
        case "involving":
            try advance()
            var membersOnly = false
            if at("members"), peekIs(try peekToken(), word: "of") {
                try advance()
                try advance()
                membersOnly = true
            }
            let party = try parseParties()
            var roles: [Name] = []
            if try consume("as") {
                repeat {
                    roles.append(try parseName("a role (actor, target, side, host, guest, mediator…)"))
                } while try consume("or")
                lastBareName = nil  // a role is one word: `as actor target` wants an `or`
            }
            return .involving(party, roles: roles, membersOnly: membersOnly)
        case "with":
            try advance()
            var parties = [try parseName("a party's name")]
            while true {
                var joined = try consume("and")
                if !joined { joined = try consumeSymbol(",") }
                guard joined else { break }
                parties.append(try parseName("a party's name"))
            }
            return .with(parties)
        case "mentioning":
            try advance()
            return .mentioning(try parseName("a text to look for"))
        case "about":
            try advance()
            return .about(try parseNodeRef())
        case "reported", "said", "sourced":
            return try parseSourceFilter()
        default:
            return try parseTimeFilter()
        }
    }

    /// timeFilter = "during" date | "from" date "to" date | "before" timeRef | "after" timeRef | "same" "day" "as" name | "last" NUMBER name ;
    mutating func parseTimeFilter() throws(ParleyError) -> Filter? {
        switch text {
        case "during":
            try advance()
            return .during(try parseDate())
        case "from":
            try advance()
            let start = try parseDate()
            try expect("to", " after the first date of `from … to …`")
            return .between(start, try parseDate())
        case "before":
            try advance()
            return .before(try parseTimeRef())
        case "after":
            try advance()
            return .after(try parseTimeRef())
        case "same":
            try advance()
            try expect("day", " (`same day as EVENT`)")
            try expect("as", " (`same day as EVENT`)")
            return .sameDay(try parseName("an event's name"))
        case "last":
            try advance()
            let count = try parseCount("a number of days, weeks, months or years (`last 30 days`)")
            let unit = try parseName("days, weeks, months or years")
            lastBareName = nil
            return .last(count, unit: unit)
        default:
            return nil
        }
    }

    /// timeRef = date | name ;
    mutating func parseTimeRef() throws(ParleyError) -> TimeRef {
        if token.kind == .date || token.kind == .number {
            return .date(try parseDate())
        }
        return .event(try parseName("a date or an event's name"))
    }

    /// sourceFilter = ( "reported" | "said" | "sourced" ) "by" name ;
    mutating func parseSourceFilter() throws(ParleyError) -> Filter {
        let role = SourceRole(rawValue: text)!
        try advance()
        try expect("by")
        return .source(role, try parseName("a source's name"))
    }

    /// A place reference written as text (a parameter's value: `admin1 Kharkiv`, `Ukraine/Kyiv`), or
    /// nil when the text is not one, whole.
    package static func placeReference(_ text: String) -> PlaceRef? {
        do throws(ParleyError) {
            var parser = try Parser(SourceText(name: "place", text: text))
            let ref = try parser.parsePlaceRef()
            return parser.token.kind == .endOfInput ? ref : nil
        } catch {
            return nil
        }
    }

    /// places = placeRef | "(" placeRef { "," placeRef } ")" ;
    mutating func parsePlaces() throws(ParleyError) -> [PlaceRef] {
        guard atSymbol("(") else { return [try parsePlaceRef()] }
        let open = token.range
        try advance()
        var places = [try parsePlaceRef()]
        while try consumeSymbol(",") { places.append(try parsePlaceRef()) }
        try expectClosing(")", opening: "(", at: open)
        return places
    }

    /// parties = name | "(" name { "," name } ")" ;
    mutating func parseParties() throws(ParleyError) -> [Name] {
        guard atSymbol("(") else { return [try parseName("a party's name")] }
        let open = token.range
        try advance()
        var parties = [try parseName("a party's name")]
        while try consumeSymbol(",") { parties.append(try parseName("a party's name")) }
        try expectClosing(")", opening: "(", at: open)
        return parties
    }

    /// placeRef = [ level ] [ "/" ] name { "/" name } ;
    mutating func parsePlaceRef() throws(ParleyError) -> PlaceRef {
        var level: Name?
        if token.kind == .identifier, PlaceLevel(rawValue: text) != nil {
            let next = try peekToken()
            if next.kind == .identifier || next.kind == .string || next.kind == .parameter || peekIs(next, symbol: "/") {
                level = try parseLevel()
            }
        }
        let isAbsolute = try consumeSymbol("/")
        var path = [try parseName("a place's name")]
        while try consumeSymbol("/") {
            path.append(try parseName("a place's name after `/`"))
        }
        return PlaceRef(level: level, path: path, isAbsolute: isAbsolute)
    }

    /// level = "region" | "country" | "admin1" | "admin2" | "admin3" | "location" ;
    mutating func parseLevel() throws(ParleyError) -> Name {
        let name = Name(text, range: token.range)
        try advance()
        return name
    }
}
