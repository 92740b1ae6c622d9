import ParleyGraph
import ParleySupport

extension Parser {
    /// stage = "select" selectItem { "," selectItem } | "sort" [ "by" ] sortKey { "," sortKey } | "limit" ( NUMBER | PARAMETER ) | aggregate { "," aggregate } | "group" "by" groupKey { "," groupKey } | "distinct" [ name { "," name } ] | "where" expr | "pair" "with" "(" query ")" "on" name { "," name } ;
    /// - Parameter kind: the kind the query starts from, when it names one, for the hints.
    mutating func parseStage(of kind: NodeKind?) throws(ParleyError) -> Stage {
        guard token.kind == .identifier else {
            throw unexpected("a stage (select, sort by, limit, count, sum, avg, min, max, group by, distinct, where, pair with)")
        }
        switch text {
        case "select":
            try advance()
            var items: [SelectItem] = []
            repeat {
                if atSymbol("*") { throw selectStarError(kind: kind) }
                items.append(try parseSelectItem())
            } while try consumeSymbol(",")
            return .select(items)
        case "sort":
            try advance()
            _ = try consume("by")
            var keys = [try parseSortKey()]
            while try consumeSymbol(",") { keys.append(try parseSortKey()) }
            return .sort(keys)
        case "limit":
            try advance()
            if token.kind == .parameter {
                let name = Name(parameterName, range: token.range, isParameter: true)
                try advance()
                return .limit(.parameter(name))
            }
            return .limit(.number(try parseCount("a row count or a $parameter after `limit`")))
        case "group":
            try advance()
            try expect("by")
            var keys = [try parseGroupKey()]
            while try consumeSymbol(",") { keys.append(try parseGroupKey()) }
            return .group(keys)
        case "distinct":
            try advance()
            var fields: [Name] = []
            if atName {
                fields.append(try parseFieldName())
                while try consumeSymbol(",") { fields.append(try parseFieldName()) }
            }
            return .distinct(fields)
        case "where":
            try advance()
            return .filter(try parseExpression())
        case "pair":
            try advance()
            try expect("with")
            let open = token.range
            try expectSymbol("(")
            let other = try parseQuery()
            try expectClosing(")", opening: "(", at: open)
            try expect("on", " and the fields both sides share (`on place, day`)")
            var keys = [try parseFieldName()]
            while try consumeSymbol(",") { keys.append(try parseFieldName()) }
            return .pair(other, on: keys)
        default:
            if Aggregate.Function(rawValue: text) != nil {
                var aggregates = [try parseAggregate()]
                while try consumeSymbol(",") { aggregates.append(try parseAggregate()) }
                return .aggregate(aggregates)
            }
            let word = text
            let stages = ["select", "sort", "limit", "count", "sum", "avg", "min", "max", "unknown", "group", "distinct", "where", "pair"]
            throw unexpected("a stage (select, sort by, limit, count, sum, avg, min, max, group by, distinct, where, pair with)",
                             hint: NameSuggester.closest(to: word, among: stages).map { "did you mean `\($0)`?" })
        }
    }

    /// A field name: any word, keywords included (`count`, `day` and `month` are fields after grouping).
    mutating func parseFieldName() throws(ParleyError) -> Name {
        if token.kind == .identifier {
            let name = Name(text, range: token.range)
            try advance()
            return name
        }
        return try parseName("a field name")
    }

    /// selectItem = ( IDENTIFIER | sum ) [ "as" name ] ;
    /// A keyword other than `count` is a field's name (`select distinct`; `unknown` only when no
    /// arithmetic follows), as are a bare string and a bare `$parameter`; inside arithmetic they are values.
    mutating func parseSelectItem() throws(ParleyError) -> SelectItem {
        let expression: Expr
        var unknownInArithmetic = false
        if at("unknown") {
            let next = try peekToken()
            unknownInArithmetic = ArithmeticOperator.allCases.contains { peekIs(next, symbol: $0.rawValue) }
        }
        if token.kind == .identifier && Parser.reservedWords.contains(text) && !at("count") && !unknownInArithmetic {
            expression = .field(try parseFieldName())
        } else {
            switch try parseSum() {
            case let .string(text, range): expression = .field(Name(text, range: range))
            case let .parameter(name): expression = .field(name)
            case let other: expression = other
            }
        }
        let alias = try consume("as") ? try parseFieldName() : nil
        return SelectItem(expression: expression, alias: alias)
    }

    /// sortKey = name [ "asc" | "desc" ] ;
    mutating func parseSortKey() throws(ParleyError) -> SortKey {
        let field = try parseFieldName()
        if try consume("desc") { return SortKey(field: field, descending: true) }
        _ = try consume("asc")
        return SortKey(field: field, descending: false)
    }

    /// groupKey = name [ "filled" ] ;
    mutating func parseGroupKey() throws(ParleyError) -> GroupKey {
        let field = try parseFieldName()
        let filled = token.range
        return GroupKey(field: field, filled: try consume("filled") ? filled : nil)
    }

    /// aggregate = ( "count" | ( "sum" | "avg" | "min" | "max" | "unknown" ) name ) [ "as" name ] ;
    mutating func parseAggregate() throws(ParleyError) -> Aggregate {
        let start = token.range.lowerBound
        guard token.kind == .identifier, let function = Aggregate.Function(rawValue: text) else {
            throw unexpected("an aggregate (count, sum, avg, min, max, unknown)")
        }
        try advance()
        var field: Name?
        if function != .count {
            field = try parseFieldName()
        }
        let end = token.range.lowerBound
        let alias = try consume("as") ? try parseFieldName() : nil
        return Aggregate(function: function, field: field, alias: alias, range: start..<end)
    }
}
