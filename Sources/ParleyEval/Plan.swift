import ParleyGraph
import ParleySchema
import ParleySyntax

/// A query bound to the graph, before any row is read: every name resolved to ids, every field checked
/// against the rows it will read, every comparison typed, every operator chosen — a coded loop over a
/// column or the general path — and the incident columns a run reads. The evaluator runs plans.
public struct Plan {
    let head: HeadPlan
    let steps: [StepPlan]
    /// What the last step leaves: rows of a kind print their kind's default columns.
    let output: Shape
    /// `members of X`: parties print their depth.
    let showsDepth: Bool
    /// The query as written, for `.explain`.
    let query: Query
    /// The incident columns a run reads (and so a store loads); nil when it may read any.
    public let incidentColumns: Set<IncidentColumn>?
    /// Notes from binding, printed with the result's.
    let notes: [String]
}

/// The rows a step reads: ids of one kind (their fields are the schema's), or a table of named columns.
enum Shape: Equatable {
    case rows(NodeKind)
    case table([String])

    var kind: NodeKind? {
        if case let .rows(kind) = self { return kind }
        return nil
    }
}

/// Where a plan's rows come from.
enum HeadPlan {
    /// Every live row of a kind.
    case rows(NodeKind)
    /// Every sourced statement, as a table; with the party, place and time filters bound kind by kind
    /// (the events'), and the parties of `involving` and `with` for relations and memberships.
    case facts(parts: [Plan]?, membershipParties: [[Bool]]?)
    /// The parties within `root` (not itself), by depth.
    case members(root: Int32, inside: [Bool], depth: [Int32])
    /// The nodes a relation reaches from one node.
    case navigate(reached: [NodeID])
    /// The write statements, all or those about one node.
    case history(NodeID?)
    /// Every meeting, incident and claim the filters keep, kind by kind, as one table.
    case events([Plan])
}

/// What a row's fields need from earlier steps: the depth of each party under `members of X` or
/// `within X` (for `depth`), the parties of the last `involving` (for `opponent`).
struct FieldBindings {
    var memberDepth: [Int32]?
    var involvedParties: [Bool]?
}

/// One bound step, with the field bindings in force where it runs.
struct StepPlan {
    let operation: Operation
    let fields: FieldBindings
    /// The shape the step reads.
    let input: Shape
    /// The statement text it came from, for `.explain`: a filter is printed only when asked (a long
    /// `in (…)` list would cost more to print than to bind).
    var written: String {
        switch source {
        case let .filter(filter): Printer.filter(filter)
        case let .text(text): text
        }
    }
    let source: Source

    enum Source {
        case filter(Filter)
        case text(String)
    }

    enum Operation {
        case filter(FilterPlan)
        case select([SelectedColumn])
        case sort([SortKey])
        case limit(Int)
        case group(GroupPlan)
        case distinctRows
        case distinct([Name])
        case pair(PairPlan)
    }
}

/// A column of `select`: a field as it is, or computed (`deaths + injuries`), and its name.
struct SelectedColumn {
    let expression: Expr
    let name: String
}

/// A filter with its names resolved.
enum FilterPlan {
    case `where`(WherePlan)
    /// A case-insensitive search of the kind's text fields (or every column of a table).
    case mentioning(lowercasedNeedle: String)
    /// `said by` / `reported by` over `facts`' source columns: the names of the party and its members.
    case sourceColumns([String], names: Set<String>)
    /// Located in one of the marked places (the places named and all they hold): a loop over the
    /// place column (incidents, meetings).
    case inPlaces(places: [Int32], inside: [Bool])
    /// Parties or places strictly within those named (a place's `in` on places too): `inside` marks
    /// what lies within each, not the named ones themselves.
    case within(roots: [NodeID], inside: [Bool])
    /// The rows the filter does not keep; for a place or time filter, only of the rows whose place or
    /// date is known (the others are left out, and a note says how many).
    indirect case not(FilterPlan, knownOnly: KnownOnly?, written: Filter)
    /// The party or any member, in the roles given (none: any role).
    case involving(InvolvementPlan)
    /// Every one of them involved, in any role.
    case with([InvolvementPlan])
    case source(parties: [Bool], roles: Set<SourceTable.Link.Role>)
    /// Dated within `start…end` (days since 1970): a loop over the date columns.
    case span(start: Int32, end: Int32)
    case time(TimePlan)
    /// Claims about a place marked, or about a meeting or incident located in one.
    case claimsIn(inside: [Bool])
    /// Claims about one of the marked parties or places, or about the event.
    case about(parties: [Bool]?, places: [Bool]?, event: NodeID?)
}

/// What a negated place or time filter needs known of a row to keep it.
enum KnownOnly {
    case place, date
}

/// `involving` bound: the parties marked, the roles wanted, and whether a column loop over the two
/// sides does it (incidents, roles among actor, target, side).
struct InvolvementPlan {
    let parties: [Bool]
    let incidentRoles: Set<IncidentRole>
    let meetingRoles: Set<MeetingRole>
    /// `speaker`, `subject` (none: either).
    let claimRoles: Set<String>
    let sidesOnly: Bool
}

enum TimePlan {
    case before(CalendarDate)
    case after(CalendarDate)
    case beforeEvent(NodeID)
    case afterEvent(NodeID)
    case sameDay(NodeID)
    /// The window of `count` units ending at the latest dated event, found when the plan runs.
    case last(count: Int, unit: String, range: Range<Int>)
}

/// `where` bound: the typed expression, split into the conjuncts that run as coded column loops and
/// the rest, and the words whose near misses the run looks for.
struct WherePlan {
    let expr: Expr
    let coded: [CodedComparison]
    /// What the general path tests: the whole expression when nothing is coded.
    let rest: Expr?
    let nearMisses: [ComparisonTyping.NearMiss]
    /// The `in (…)` lists, hashed when the binder compiled the expression.
    let lists: ListedValues.Cache
}

/// A conjunct a coded column loop tests.
enum CodedComparison {
    case isUnknown(field: String, negated: Bool)
    case compare(field: String, Comparison, Value)
}

/// `group by` fused with the aggregates after it (`count` alone when none follow).
struct GroupPlan {
    let keys: [Name]
    let aggregates: [Aggregate]
    /// Every key and aggregated field has integer codes: the grouping runs on them.
    let coded: Bool
    /// `filled`: the time bucket whose empty buckets between the first and the last are emitted too.
    let filled: FilledBucket?
}

/// The key of a `group by` written `filled`: its place among the keys and the bucket's precision.
struct FilledBucket {
    let slot: Int
    let field: Name
    let precision: CalendarDate.Precision
}

/// `pair with (…) on …`: the other side bound as a plan of its own, and what reads the pairs. Pairs
/// kept as codes never leave this step: a count or a `distinct` over the keys right after it is done
/// on the codes; anything else reads them spelt out as a table (the keys, `name`, `other`).
struct PairPlan {
    let other: Plan
    let keys: [Name]
    let coded: Bool
    let then: PairConsumer?
    /// Fields of each side the stages after it read, spelt out after the keys, `name` and `other`
    /// (the other side's as `other_FIELD`).
    let leftFields: [String]
    let rightFields: [String]
}

enum PairConsumer {
    case count([Aggregate])
    case distinctKeys([String])
}
