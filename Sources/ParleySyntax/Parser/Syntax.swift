import ParleyGraph
import ParleySupport

/// The syntax tree. Names keep their byte ranges so later stages can point at them; equality ignores
/// ranges, so a statement printed and parsed again compares equal to the original.

/// A word or quoted string the user wrote, or a `$parameter` to be filled in at evaluation.
public struct Name: Sendable, CustomStringConvertible {
    public var text: String
    public var range: Range<Int>
    /// Written `$text`; its value comes from the session's parameters.
    public var isParameter: Bool

    public init(_ text: String, range: Range<Int> = 0..<0, isParameter: Bool = false) {
        self.text = text
        self.range = range
        self.isParameter = isParameter
    }

    public var description: String { isParameter ? "$" + text : text }
}

extension Name: Equatable {
    public static func == (lhs: Name, rhs: Name) -> Bool {
        lhs.text == rhs.text && lhs.isParameter == rhs.isParameter
    }
}

/// One statement, with the source it came from (for error locations).
public struct Statement: Sendable, Equatable {
    public enum Body: Sendable, Equatable {
        case query(Query)
        case add(AddStatement)
        /// `change`, `retract`, `alias`, `merge` (Correction.swift).
        case correction(Correction)
    }
    public var body: Body
    public var source: SourceText
    public var range: Range<Int>

    public static func == (lhs: Statement, rhs: Statement) -> Bool { lhs.body == rhs.body }
}

// MARK: Queries

public struct Query: Sendable, Equatable {
    public var head: Head
    public var filters: [Filter]
    public var stages: [Stage]

    package init(head: Head, filters: [Filter], stages: [Stage]) {
        self.head = head
        self.filters = filters
        self.stages = stages
    }
}

/// What a query starts from.
public enum Head: Sendable, Equatable {
    /// `parties`, `places`, `meetings`, `incidents`, `claims`, `relations`, `facts`.
    case kind(NodeKind, range: Range<Int>)
    /// `members of Kremlin`: every party within it, at any depth.
    case members(of: Name)
    /// `Russia -> controls`, `"Zaporizhzhia nuclear power plant" <- controls`, `abu_dhabi_talks -> mediator`.
    case navigate(from: NodeRef, direction: Direction, relation: Name)
    /// `history`: every write statement, oldest first; `history of moscow_invitation`: those about one node.
    case history(of: NodeRef?)
    /// `events`: every meeting, incident and claim, one row each, with the columns they share.
    case events(range: Range<Int>)

    public enum Direction: Sendable, Equatable { case outgoing, incoming }

    public static func == (lhs: Head, rhs: Head) -> Bool {
        switch (lhs, rhs) {
        case let (.kind(a, _), .kind(b, _)): a == b
        case let (.members(a), .members(b)): a == b
        case let (.navigate(a1, d1, r1), .navigate(a2, d2, r2)): a1 == a2 && d1 == d2 && r1 == r2
        case let (.history(a), .history(b)): a == b
        case (.events, .events): true
        default: false
        }
    }
}

/// A reference to a node by name, optionally with its kind spelled out (`party Russia`, `place Russia`).
public struct NodeRef: Sendable, Equatable {
    public var kind: NodeKind?
    public var name: Name
    /// A place qualified by level or path (`place admin1 Kyiv`, `place Ukraine/Kyiv/Kyiv`); `name` is its last part.
    public var place: PlaceRef? = nil

    package init(kind: NodeKind? = nil, name: Name, place: PlaceRef? = nil) {
        self.kind = kind
        self.name = name
        self.place = place
    }
}

/// A place by name, qualified by level and/or by the places around it: `Kyiv`, `admin1 Kyiv`, `Ukraine/Kyiv/Kyiv`.
public struct PlaceRef: Sendable, Equatable {
    public var level: Name?
    /// Outermost first; the last is the place meant.
    public var path: [Name]
    /// Written with a leading `/`: the path starts at an outermost place and each part is directly
    /// inside the one before (`/Europe/Ukraine/Kyiv`).
    public var isAbsolute = false

    package init(level: Name? = nil, path: [Name], isAbsolute: Bool = false) {
        self.level = level
        self.path = path
        self.isAbsolute = isAbsolute
    }
}

/// A point or span of time in a filter: a date literal or another event's date.
public enum TimeRef: Sendable, Equatable {
    case date(DateLiteral)
    case event(Name)
}

/// `2024`, `2024-03`, `2024-W09`, `2024-03-05` as written.
public struct DateLiteral: Sendable, Equatable {
    public var text: String
    public var range: Range<Int>
    public var isParameter: Bool = false

    package init(text: String, range: Range<Int>, isParameter: Bool = false) {
        self.text = text
        self.range = range
        self.isParameter = isParameter
    }

    public static func == (lhs: DateLiteral, rhs: DateLiteral) -> Bool {
        lhs.text == rhs.text && lhs.isParameter == rhs.isParameter
    }
}

public indirect enum Filter: Sendable, Equatable {
    /// `where EXPR`.
    case `where`(Expr)
    /// `in PLACE` or `in (A, B)`: located in one of the places or anywhere inside it.
    case `in`([PlaceRef])
    /// `within PARTY` (members at any depth) or `within PLACE` (places inside it).
    case within(Name)
    /// `involving PARTY [as ROLE {or ROLE}]`, `involving (A, B)`: one of the parties or any of their
    /// members, in any role or the given ones.
    /// `involving members of X` counts X's members, not X itself.
    case involving([Name], roles: [Name], membersOnly: Bool = false)
    /// `with A and B …`: every one of them involved.
    case with([Name])
    /// `during 2024`, `during 2024-03`: dated within that period.
    case during(DateLiteral)
    /// `from D to D`, inclusive.
    case between(DateLiteral, DateLiteral)
    case before(TimeRef)
    case after(TimeRef)
    /// `same day as EVENT`, known even when the day itself is not.
    case sameDay(Name)
    /// `last 30 days`: the window ending at the latest dated event in the graph.
    case last(Int, unit: Name)
    /// `reported by X`, `said by X`, `sourced by X` (either).
    case source(SourceRole, Name)
    /// `mentioning "text"`: case-insensitive, in names, notes and texts.
    case mentioning(Name)
    /// `about X`: claims about the node (a party or its members, a place or what lies in it, an event).
    case about(NodeRef)
    /// `not FILTER`: the rows the filter does not keep (of those whose place or date is known, for a
    /// place or time filter). `keyword` is the written `not`, for carets (two filters are equal
    /// wherever they were written).
    case not(Filter, keyword: Name)
}

public enum SourceRole: String, Sendable, Equatable {
    case reported, said, sourced
}

public enum Stage: Sendable, Equatable {
    case select([SelectItem])
    case sort([SortKey])
    /// `limit 10`, `limit $n`.
    case limit(RowCount)
    /// `count`, `sum deaths`, `count as events, sum deaths` — per group after `group by`.
    case aggregate([Aggregate])
    /// `group by month`, `group by admin1, kind`, `group by country, month filled`.
    case group([GroupKey])
    /// `distinct` or `distinct place, day`.
    case distinct([Name])
    /// `where EXPR` after other stages (over the columns at hand).
    case filter(Expr)
    /// `pair with (QUERY) on place, day`: every two events, one from each side, that share those.
    case pair(Query, on: [Name])
}

/// A number of rows: written, or a `$parameter` the binder reads as one.
public enum RowCount: Sendable, Equatable {
    case number(Int)
    case parameter(Name)
}

/// A column of `select`: a field as it is (`.field`, a `$parameter` naming one included), or arithmetic
/// over fields (`deaths + injuries`, `round(deaths / events, 2)`), with an optional name.
public struct SelectItem: Sendable, Equatable {
    public var expression: Expr
    public var alias: Name?

    public init(expression: Expr, alias: Name? = nil) {
        self.expression = expression
        self.alias = alias
    }

    public init(field: Name, alias: Name? = nil) {
        self.init(expression: .field(field), alias: alias)
    }

    /// The field a bare item names; nil for a computed one.
    public var field: Name? {
        if case let .field(name) = expression { return name }
        return nil
    }
}

public struct SortKey: Sendable, Equatable {
    public var field: Name
    public var descending: Bool
}

/// A key of `group by`; `filled` (a time bucket only) asks for every bucket between the first and the last.
public struct GroupKey: Sendable, Equatable {
    public var field: Name
    /// Where `filled` was written, when it was.
    public var filled: Range<Int>?

    package init(field: Name, filled: Range<Int>? = nil) {
        self.field = field
        self.filled = filled
    }

    public static func == (lhs: GroupKey, rhs: GroupKey) -> Bool {
        lhs.field == rhs.field && (lhs.filled != nil) == (rhs.filled != nil)
    }
}

public struct Aggregate: Sendable, Equatable {
    public enum Function: String, Sendable, Equatable, CaseIterable {
        case count, sum, avg, min, max, unknown
    }
    public var function: Function
    public var field: Name?
    public var alias: Name?
    public var range: Range<Int>

    package init(function: Function, field: Name? = nil, alias: Name? = nil, range: Range<Int>) {
        self.function = function
        self.field = field
        self.alias = alias
        self.range = range
    }

    public static func == (lhs: Aggregate, rhs: Aggregate) -> Bool {
        lhs.function == rhs.function && lhs.field == rhs.field && lhs.alias == rhs.alias
    }
}

// MARK: Expressions

public indirect enum Expr: Sendable, Equatable {
    /// A field of the row (`deaths`), or a bare word used as a value (`proposed`) when no such field exists.
    case field(Name)
    case string(String, range: Range<Int>)
    case number(Double, text: String, range: Range<Int>)
    case date(DateLiteral)
    case unknown(range: Range<Int>)
    case parameter(Name)
    case not(Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case compare(Expr, Comparison, Expr)
    /// `x is unknown`, `x is not unknown`.
    case isUnknown(Expr, negated: Bool)
    /// `notes contains "ceasefire"`: case-insensitive substring.
    case contains(Expr, Expr)
    /// `kind in (strike, shelling)`.
    case oneOf(Expr, [Expr])
    /// `deaths + injuries`, `deaths / events`: numbers, unknown when either side is.
    case arithmetic(Expr, ArithmeticOperator, Expr)
    /// `-deaths` (a minus before a number is a negative number).
    case negate(Expr)
    /// `round(x, 2)`, `abs(x)`, `share(x)`: a function by name, checked when the query is bound.
    case call(Name, [Expr])

    public static func == (lhs: Expr, rhs: Expr) -> Bool {
        switch (lhs, rhs) {
        case let (.field(a), .field(b)): a == b
        case let (.string(a, _), .string(b, _)): a == b
        case let (.number(a, _, _), .number(b, _, _)): a == b
        case let (.date(a), .date(b)): a == b
        case (.unknown, .unknown): true
        case let (.parameter(a), .parameter(b)): a == b
        case let (.not(a), .not(b)): a == b
        case let (.and(a1, a2), .and(b1, b2)): a1 == b1 && a2 == b2
        case let (.or(a1, a2), .or(b1, b2)): a1 == b1 && a2 == b2
        case let (.compare(a1, op1, a2), .compare(b1, op2, b2)): op1 == op2 && a1 == b1 && a2 == b2
        case let (.isUnknown(a, n1), .isUnknown(b, n2)): n1 == n2 && a == b
        case let (.contains(a1, a2), .contains(b1, b2)): a1 == b1 && a2 == b2
        case let (.oneOf(a, list1), .oneOf(b, list2)): a == b && list1 == list2
        case let (.arithmetic(a1, op1, a2), .arithmetic(b1, op2, b2)): op1 == op2 && a1 == b1 && a2 == b2
        case let (.negate(a), .negate(b)): a == b
        case let (.call(f, a), .call(g, b)): f == g && a == b
        default: false
        }
    }
}

public enum ArithmeticOperator: String, Sendable, Equatable, CaseIterable {
    case plus = "+", minus = "-", times = "*", divide = "/"

    /// `*` and `/` bind tighter than `+` and `-`.
    public var precedence: Int { self == .plus || self == .minus ? 1 : 2 }
}

public enum Comparison: String, Sendable, Equatable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

// MARK: Adding facts

/// `add party Peskov kind person member of Kremlin as spokesperson reported by "news report"`.
public struct AddStatement: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        /// `add party|place|meeting|incident|claim NAME …`.
        case node(NodeKind, Name)
        /// `add relation SUBJECT NAME OBJECT …`.
        case relation(subject: NodeRef, relation: Name, object: NodeRef)
        /// `add source said by … reported by …`: attribution chains, declared before any fact cites them.
        case source
    }
    public var target: Target
    public var clauses: [Clause]

    package init(target: Target, clauses: [Clause]) {
        self.target = target
        self.clauses = clauses
    }
}

/// `key value {, value} [as value]`; which keys a kind takes is checked when the statement runs.
public struct Clause: Sendable, Equatable {
    /// One word, or several for `member of`, `same day as`, `said by`, `reported by`.
    public var key: Name
    public var values: [ClauseValue]
    /// `member of Kremlin as spokesperson`.
    public var role: ClauseValue?
}

public enum ClauseValue: Sendable, Equatable {
    case name(Name)
    case number(Double, text: String, range: Range<Int>)
    case date(DateLiteral)
    case unknown(range: Range<Int>)
    /// A place qualified by level or path, after `place` and `within` (`within admin1 Ukraine/Kyiv`).
    case place(PlaceRef)
    /// A node with its kind spelled out, after `about` (`about place Ukraine`).
    case node(NodeRef)
    /// A source the statement adds as a media party, after `reported by` and `via` (`reported by new Suspilne`).
    case new(Name)

    public static func == (lhs: ClauseValue, rhs: ClauseValue) -> Bool {
        switch (lhs, rhs) {
        case let (.name(a), .name(b)): a == b
        case let (.number(a, _, _), .number(b, _, _)): a == b
        case let (.date(a), .date(b)): a == b
        case (.unknown, .unknown): true
        case let (.place(a), .place(b)): a == b
        case let (.node(a), .node(b)): a == b
        case let (.new(a), .new(b)): a == b
        default: false
        }
    }

    public var range: Range<Int> {
        switch self {
        case let .name(name): name.range
        case let .number(_, _, range): range
        case let .date(date): date.range
        case let .unknown(range): range
        case let .place(ref): ref.range
        case let .node(ref): ref.place?.range ?? ref.name.range
        case let .new(name): name.range
        }
    }
}

extension PlaceRef {
    /// From the level (or the first part) to the end of the last part.
    public var range: Range<Int> {
        let start = level?.range.lowerBound ?? path[0].range.lowerBound
        return start..<max(start, path[path.count - 1].range.upperBound)
    }
}
