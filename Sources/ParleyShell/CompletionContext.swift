import ParleyEval
import ParleyGraph
import ParleySupport
import ParleySyntax

/// Where the cursor stands in a statement, read from the tokens before the word being completed:
/// the slot the grammar (Grammar/parley.ebnf) has open there, and the kind at the head of the query
/// or subquery, whose fields fill field slots.
///
/// A forward pass over the tokens, forgiving where the parser is strict: text being typed is
/// incomplete by nature, so an unexpected token only makes the slot `.nothing` or a filter position.
struct CompletionContext: Equatable {
    enum NameKind: Hashable { case parties, places, events }

    enum Slot: Equatable {
        /// A statement starts: kinds, `members of`, `add`, dot commands.
        case statementStart
        /// `pair with (`: kinds and `members of`.
        case subqueryStart
        /// The next word of a phrase (`by`, `of`, `day`, `as`, `on`), or a few fixed words (`asc`, `desc`).
        case keywords([String])
        /// After the head or a complete filter: another filter, or names (the fallback).
        case filterOrPipe
        /// After a complete comparison in `where`: `and`, `or`, and (before the first `|`) filters.
        case afterComparison
        case names(Set<NameKind>)
        /// A field of the head's kind.
        case fields
        /// `sort` without `by` yet: `by` or a field.
        case byOrFields
        /// The second operand of a comparison: a field or a name (`where actor = Russia`).
        case fieldsOrNames
        /// The second operand of a comparison with a field of a closed vocabulary (`status = `): its values.
        case fieldValues(String)
        /// After `|`.
        case stage
        /// After `,` in a list of aggregates.
        case aggregate
        /// After `involving X as`.
        case roles
        /// After `add`.
        case addKind
        case nothing
    }

    var slot: Slot
    var head: NodeKind?
    var inPipeline: Bool
    /// The query starts with `history`: its fields are the history's columns.
    var isHistory = false

    /// The context at the end of `text`, or nil when `text` does not lex (then nothing is offered).
    static func at(endOf text: String) -> CompletionContext? {
        let source = SourceText(name: "", text: text)
        var lexer = Lexer(source)
        // One state per open `pair with (`: the innermost query is last.
        var queries = [QueryState(slot: .statementStart)]
        while true {
            let token: Token
            do { token = try lexer.next() } catch { return nil }
            switch token.kind {
            case .endOfInput:
                let query = queries[queries.count - 1]
                return CompletionContext(slot: query.currentSlot, head: query.head, inPipeline: query.inPipeline, isHistory: query.isHistory)
            case .terminator:
                queries = [QueryState(slot: .statementStart)]
            default:
                take(token, text: source.text(token.range), into: &queries)
            }
        }
    }

    private static func take(_ token: Token, text: String, into queries: inout [QueryState]) {
        let symbol = token.kind == .symbol ? text : nil
        if symbol == "(" && queries[queries.count - 1].clause == "pair with" {
            queries.append(QueryState(slot: .subqueryStart))
            return
        }
        if symbol == ")" && queries.count > 1 && !(queries[queries.count - 1].expression?.holdsOpenBracket ?? false) {
            queries.removeLast()
            queries[queries.count - 1].expect(.keywords(["on"]), clause: "pair ()")
            return
        }
        queries[queries.count - 1].take(token.kind, text)
    }
}

/// One query's progress through `head { filter } { "|" stage }`, or an `add` statement's.
private struct QueryState {
    var slot: CompletionContext.Slot
    var head: NodeKind?
    var inPipeline = false
    var isAdd = false
    var isHistory = false
    /// The word a correction starts with (`change`, `retract`…), and the kind of node it names.
    var correction: String?
    var targetKind: NodeKind?
    /// The keyword that governs what follows (`in`, `with`, `sort by`, `select`…), or a phrase begun.
    var clause = ""
    /// Values taken since `clause` began (`in admin1 Kyiv`: a level may come before the first).
    var values = 0
    /// In an `add` statement, the slot a `,` repeats (`participant Russia, Ukraine`).
    var listSlot: CompletionContext.Slot = .nothing
    var expression: ExpressionState?

    /// Multi-word keywords: after the clause's first word, the next word and what it opens.
    private static let phrases: [String: (word: String, slot: CompletionContext.Slot, clause: String)] = [
        "members": ("of", .names([.parties]), "members of"),
        "same": ("day", .keywords(["as"]), "same day"),
        "same day": ("as", .names([.events]), "same day as"),
        "source": ("by", .names([.parties]), "source by"),
        "sort": ("by", .fields, "sort by"),  // `sort` alone offers `.byOrFields`
        "group": ("by", .fields, "group by"),
        "pair": ("with", .nothing, "pair with"),
        "pair ()": ("on", .fields, "on"),
        "member": ("of", .names([.parties]), "member of"),
        "history": ("of", .names([.parties, .places, .events]), "history of"),
    ]

    init(slot: CompletionContext.Slot) {
        self.slot = slot
    }

    var currentSlot: CompletionContext.Slot {
        guard let expression else { return slot }
        switch expression.phase {
        case .operand:
            guard expression.isSecondOperand else { return .fields }
            if let field = expression.comparedField, let head, Vocabulary.values(of: field, in: head) != nil {
                return .fieldValues(field)
            }
            return .fieldsOrNames
        case .afterOperand: return .keywords(["contains", "in", "is"])
        case .afterComparison: return .afterComparison
        case .afterIs: return .keywords(["not", "unknown"])
        case .list: return .nothing
        }
    }

    mutating func expect(_ slot: CompletionContext.Slot, clause: String) {
        self.slot = slot
        self.clause = clause
        values = 0
    }

    mutating func take(_ kind: Token.Kind, _ text: String) {
        let word = kind == .identifier ? text : nil
        if kind == .symbol && text == "|" && !isAdd {
            inPipeline = true
            expression = nil
            expect(.stage, clause: "")
            return
        }
        if var open = expression {
            // A token the expression does not take ends it and starts what follows.
            let taken = open.take(kind, text)
            expression = taken ? open : nil
            if taken { return }
        }
        if slot == .statementStart || slot == .subqueryStart {
            takeHead(word, canAdd: slot == .statementStart)
            return
        }
        if let phrase = QueryState.phrases[clause], word == phrase.word {
            expect(phrase.slot, clause: phrase.clause)
            if clause == "members of" { head = .parties }
            return
        }
        if isAdd {
            takeAddClause(kind, text)
        } else if correction != nil {
            takeCorrection(kind, text)
        } else if inPipeline {
            takeStage(kind, text)
        } else {
            takeFilter(kind, text)
        }
    }

    /// head = kind | "members" "of" name | "history" [ "of" nodeRef ] | nodeRef ( "->" | "<-" ) name ;
    private mutating func takeHead(_ word: String?, canAdd: Bool) {
        if let word, let kind = NodeKind(rawValue: word) {
            head = kind
            expect(.filterOrPipe, clause: "")
        } else if word == "members" {
            expect(.keywords(["of"]), clause: "members")
        } else if word == "history" {
            isHistory = true
            expect(.keywords(["of", "where"]), clause: "history")
        } else if word == "add" && canAdd {
            isAdd = true
            expect(.addKind, clause: "add")
        } else if let word, canAdd, Correction.keywords.contains(word) {
            correction = word
            expect(.keywords(CompletionEngine.correctionTargets(word)), clause: "correction")
        } else {
            expect(.nothing, clause: "navigate")
        }
    }

    /// filter = "where" expr | "in" placeRef | "within" name | "involving" name [ "as" name { "or" name } ] | "with" name { ( "and" | "," ) name } | timeFilter | sourceFilter | "mentioning" name ;
    private mutating func takeFilter(_ kind: Token.Kind, _ text: String) {
        let word = kind == .identifier ? text : nil
        let isValue = kind == .identifier || kind == .string || kind == .parameter || kind == .number || kind == .date
        switch (clause, text) {
        case ("navigate", "->"), ("navigate", "<-"):
            expect(.nothing, clause: "relation")
            return
        case ("navigate", _):
            return
        case ("relation", _) where isValue:
            expect(.filterOrPipe, clause: "")
            return
        case ("with", "and"), ("with", ","):
            expect(.names([.parties]), clause: "with")
            return
        case ("involving", "as") where values > 0, ("involving as", "or"):
            expect(.roles, clause: "involving as")
            return
        case ("in", "/") where values > 0:
            expect(.names([.places]), clause: "in")
            return
        case ("in", _) where values == 0 && word.flatMap(PlaceLevel.init(rawValue:)) != nil:
            return
        default:
            break
        }
        switch word {
        case "where": expression = ExpressionState()
        case "in": expect(.names([.places]), clause: "in")
        case "within": expect(.names([.parties, .places]), clause: "within")
        case "involving": expect(.names([.parties]), clause: "involving")
        case "with": expect(.names([.parties]), clause: "with")
        case "before", "after": expect(.names([.events]), clause: text)
        case "same": expect(.keywords(["day"]), clause: "same")
        case "reported", "said", "sourced": expect(.keywords(["by"]), clause: "source")
        case "during", "from", "to", "last", "mentioning": expect(.nothing, clause: text)
        default:
            values += 1
            slot = .filterOrPipe
        }
    }

    /// stage = "select" selectItem { "," selectItem } | "sort" [ "by" ] sortKey { "," sortKey } | "limit" NUMBER | aggregate { "," aggregate } | "group" "by" groupKey { "," groupKey } | "distinct" [ name { "," name } ] | "where" expr | "pair" "with" "(" query ")" "on" name { "," name } ;
    private mutating func takeStage(_ kind: Token.Kind, _ text: String) {
        let word = kind == .identifier ? text : nil
        if kind == .symbol && text == "," {
            switch clause {
            case "select", "sort by", "group by", "distinct", "on": slot = .fields
            case "aggregate": slot = .aggregate
            default: slot = .nothing
            }
            return
        }
        if slot == .stage || slot == .aggregate {
            switch word {
            case "select", "distinct": expect(.fields, clause: text)
            case "sort": expect(.byOrFields, clause: text)
            case "group": expect(.keywords(["by"]), clause: text)
            case "where" where slot == .stage: expression = ExpressionState()
            case "count": expect(.keywords(["as"]), clause: "aggregate")
            case "sum", "avg", "min", "max", "unknown": expect(.fields, clause: "aggregate")
            case "pair" where slot == .stage: expect(.keywords(["with"]), clause: "pair")
            default: expect(.nothing, clause: "")
            }
            return
        }
        if clause == "select" && kind == .symbol && values != -1 {
            // Arithmetic goes on with a field after an operator or a function's bracket.
            slot = ["+", "-", "*", "/", "("].contains(text) ? .fields : .keywords(["as"])
            return
        }
        if word == "as" && (clause == "select" || clause == "aggregate") {
            slot = .nothing
            values = -1  // the alias comes next
            return
        }
        if (word == "asc" || word == "desc") && clause == "sort by" || word == "filled" && clause == "group by" {
            slot = .nothing
            return
        }
        if values == -1 {
            values = 1  // the alias
            slot = .nothing
            return
        }
        if clause == "sort" {
            // `sort` without `by` goes straight to its keys.
            clause = "sort by"
            slot = .fields
        }
        if slot == .fields {
            values = 1
            switch clause {
            case "sort by": slot = .keywords(["asc", "desc"])
            case "group by" where ["day", "week", "month", "year"].contains(text): slot = .keywords(["filled"])
            case "select", "aggregate": slot = .keywords(["as"])
            default: slot = .nothing
            }
            return
        }
        slot = .nothing
    }

    /// correction = changeStatement | retractStatement | aliasStatement | mergeStatement ;
    private mutating func takeCorrection(_ kind: Token.Kind, _ text: String) {
        let word = kind == .identifier ? text : nil
        let isValue = kind == .identifier || kind == .string || kind == .parameter
        let isSlash = kind == .symbol && text == "/"
        switch clause {
        case "correction":
            // What the correction is about: `party`, `place`, `meeting`…, `relation`, `member`.
            if word == "relation" {
                isAdd = true
                expect(.names([.parties, .places, .events]), clause: "add relation")
            } else if word == "member" {
                expect(.names([.parties]), clause: "retract member")
            } else if let word, let target = NodeKind(singular: word) {
                targetKind = target
                expect(.names(QueryState.names(of: target)), clause: "target")
            } else {
                expect(.nothing, clause: "")
            }
        case "target", "into":
            if isSlash && targetKind == .places {
                // A path goes on: `place Ukraine/Kyiv`.
                slot = .names([.places])
                values = 0
            } else if values == 0 {
                // `place admin1 Kyiv`: a level may come before the name.
                if targetKind == .places, let word, PlaceLevel(rawValue: word) != nil { return }
                guard isValue else { return }
                values = 1
                switch (clause, correction) {
                case ("target", "alias"?): slot = .keywords(["as"])
                case ("target", "merge"?): slot = .keywords(["into"])
                default: slot = .nothing
                }
            } else if clause == "target" {
                // The target is complete; what follows it.
                switch correction {
                case "change"?:
                    isAdd = true
                    expect(.nothing, clause: "clauses")
                    takeAddClause(kind, text)
                case "merge"? where word == "into":
                    expect(.names(QueryState.names(of: targetKind ?? .parties)), clause: "into")
                default:
                    expect(.nothing, clause: "")
                }
            } else {
                slot = .nothing
            }
        case "retract member":
            if isValue { expect(.keywords(["of"]), clause: "member") }
        default:
            slot = .nothing
        }
    }

    private static func names(of kind: NodeKind) -> Set<CompletionContext.NameKind> {
        switch kind {
        case .parties: [.parties]
        case .places: [.places]
        default: [.events]
        }
    }

    /// addStatement = "add" ( nodeKind name | "relation" nodeRef IDENTIFIER nodeRef | "source" ) clauses ;
    private mutating func takeAddClause(_ kind: Token.Kind, _ text: String) {
        let word = kind == .identifier ? text : nil
        if kind == .symbol {
            if text == "," { slot = listSlot; values = 0 }
            return  // `(` and `)` only group the clauses
        }
        switch clause {
        case "add":
            if word == "relation" {
                expect(.names([.parties, .places, .events]), clause: "add relation")
            } else if word == "source" {
                expect(.nothing, clause: "clauses")
            } else {
                expect(.nothing, clause: "add name")
            }
            return
        case "add name":
            expect(.nothing, clause: "clauses")
            return
        case "add relation":
            // subject, relation name, object; a kind word (`party Russia`) is not a value.
            if let word, NodeKind(singular: word) != nil { return }
            values += 1
            slot = values == 1 ? .nothing : values == 2 ? .names([.parties, .places, .events]) : .nothing
            if values == 3 { expect(.nothing, clause: "clauses") }
            return
        default:
            break
        }
        if values == 0 && clause != "clauses" {
            values = 1  // a value of the clause
            slot = .nothing
            return
        }
        // A clause key: what its values are; for a phrase (`reported by`), what follows the phrase.
        let valueSlot: CompletionContext.Slot
        switch word {
        case "reported", "said", "member", "via", "host", "guest", "inviter", "invitee", "mediator", "participant",
             "actor", "target", "associate", "actor_associate", "target_associate", "speaker":
            valueSlot = .names([.parties])
        case "within": valueSlot = .names([.parties, .places])
        case "place", "country": valueSlot = .names([.places])
        case "same", "before", "after": valueSlot = .names([.events])
        case "about": valueSlot = .names([.parties, .places, .events])
        default: valueSlot = .nothing
        }
        switch word {
        case "reported", "said": expect(.keywords(["by"]), clause: "source")
        case "member": expect(.keywords(["of"]), clause: "member")
        case "same": expect(.keywords(["day"]), clause: "same")
        case "also": expect(.keywords(["said", "reported"]), clause: "clauses")
        default: expect(valueSlot, clause: text)
        }
        listSlot = valueSlot
    }
}

/// How far a `where` expression has come, enough to tell a field slot from an operator slot and to
/// see where the expression ends (`where deaths > 0 in Ukraine`: `in` starts a filter).
private struct ExpressionState {
    enum Phase { case operand, afterOperand, afterComparison, afterIs, list }

    var phase = Phase.operand
    /// Brackets open around sub-expressions.
    var depth = 0
    /// Brackets open in an `in ( … )` list.
    private var listDepth = 0
    /// The comparison at hand has its operator; its second operand completes it.
    private var compared = false
    /// The field a comparison started with (`status` in `status = `), when its first operand is one.
    private(set) var comparedField: String?

    private static let comparisons: Set<String> = ["=", "!=", "<>", "<", "<=", ">", ">="]

    /// The operand slot follows a comparison operator.
    var isSecondOperand: Bool { phase == .operand && compared }

    /// Whether a `)` belongs to the expression rather than closing a subquery around it.
    var holdsOpenBracket: Bool { depth > 0 || (phase == .list && listDepth > 0) }

    /// Takes a token of the expression; false when the token is not part of it.
    mutating func take(_ kind: Token.Kind, _ text: String) -> Bool {
        let word = kind == .identifier ? text : nil
        switch phase {
        case .operand:
            if word == "not" || (kind == .symbol && text == "-") { return true }
            if kind == .symbol && text == "(" {
                depth += 1
                return true
            }
            guard kind != .symbol else { return false }
            if !compared { comparedField = kind == .identifier ? text : nil }
            phase = compared ? .afterComparison : .afterOperand
            return true
        case .afterOperand, .afterComparison:
            if word == "and" || word == "or" {
                phase = .operand
                compared = false
                return true
            }
            if kind == .symbol && text == ")" && depth > 0 {
                depth -= 1
                phase = .afterComparison
                return true
            }
            guard phase == .afterOperand else { return false }
            if (kind == .symbol && ExpressionState.comparisons.contains(text)) || word == "contains" {
                phase = .operand
                compared = true
            } else if word == "is" {
                phase = .afterIs
            } else if word == "in" {
                phase = .list
                listDepth = 0
            } else {
                return false
            }
            return true
        case .afterIs:
            if word == "not" { return true }
            guard word == "unknown" else { return false }
            phase = .afterComparison
            return true
        case .list:
            if kind == .symbol && text == "(" { listDepth += 1 }
            if kind == .symbol && text == ")" {
                listDepth -= 1
                if listDepth <= 0 { phase = .afterComparison }
            }
            return true
        }
    }
}
