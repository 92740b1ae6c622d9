import ParleyGraph
import ParleySupport

/// What resolving and evaluating a well-formed statement can report: a name nothing has, a name
/// several things have, a value of the wrong type, a fact that would contradict the graph.
public enum EvalProblem: Problem, Equatable {
    // Names and parameters.
    /// `$name` used but never given a value.
    case parameterNotSet(String)
    /// A date (from a parameter) that does not read as a date.
    case notADate(String)
    /// `limit $n` where the parameter is not a whole number of rows.
    case notARowCount(parameter: String, value: String)
    /// No party has this name.
    case unknownParty(String)
    /// Several parties have this name; `candidates` lists them.
    case ambiguousParty(String, count: Int, candidates: String)
    /// A word before a place that is no place level.
    case unknownPlaceLevel(String)
    /// No place (of this level, within this one) has this name.
    case unknownPlace(String, level: PlaceLevel?, within: String?)
    /// A path's part that no place within the parts before it has (`within` is that path).
    case noPlaceInPath(String, within: String?)
    /// An absolute path's first part that no outermost place (of this level) has.
    case noOutermostPlace(String, what: String)
    /// An absolute path's part not directly within the parts before it.
    case noPlaceDirectlyWithin(String, what: String, path: String)
    /// Several places have this name; `places` describes each.
    case ambiguousPlace(String, places: [String])
    /// No meeting, incident or claim has this name.
    case unknownEvent(String)
    /// A name found, but of another kind than the statement asks for.
    case wrongKind(String, is: NodeKind, wanted: NodeKind)
    /// No event, party or place has this name.
    case unknownName(String)
    /// A relation name nothing in the graph uses.
    case unknownRelation(String)
    /// A field the rows here do not have.
    case unknownField(String)

    // Filters and stages.
    /// A filter on rows of a kind it does not apply to; `worksOn` lists the kinds it does.
    case filterDoesNotApply(keyword: String, kind: NodeKind, worksOn: String)
    /// A filter after a stage, where rows are no longer of a kind.
    case filterNeedsKind(keyword: String)
    /// A word where a unit of time goes.
    case notATimeUnit(String)
    /// A word that is no role in an incident.
    case notAnIncidentRole(String)
    /// A word that is no role in a meeting.
    case notAMeetingRole(String)
    /// A role `involving … as` names that claims do not have (speaker, subject).
    case notAClaimRole(String)
    /// A word compared with a closed-set field that is not one of its values.
    case notAValue(String, kind: NodeKind, field: String)
    /// `= unknown`, `!= unknown` and the like, which no row satisfies.
    case comparisonWithUnknown
    /// A word such as `null` where a value goes.
    case unknownIsNotAValue(String)
    /// A field compared with a value of another type; `what` says what the field holds.
    case notOfFieldType(field: String, what: String, found: String)
    /// Two fields whose types never compare (a count and a place), each with what it holds.
    case fieldsOfOtherTypes(left: String, leftType: String, right: String, rightType: String)
    /// A place name compared with `=` that several places have, described each.
    case placeNameAmbiguous(String, places: [String])
    /// `sum`, `avg`… over a field of text.
    case aggregateNeedsNumbers(function: String, field: String)
    /// `pair` past its row limit (the limit as written for users).
    case tooManyPairs(limit: String)
    /// `filled` on a `group by` key that is no time bucket (day, week, month, year of a date).
    case notATimeBucket(String)
    /// `filled` on more than one key of one `group by`.
    case filledTwice
    /// `filled` on a table's column holding something other than buckets of its precision (`found`).
    case notBucketsOf(field: String, precision: String, found: String)
    /// `filled` past its row limit (the limit as written for users).
    case tooManyFilledRows(limit: String)
    /// Arithmetic on a field that holds no numbers; `holds` says what it holds.
    case arithmeticOnField(String, holds: String)
    /// Arithmetic on a value that is no number, as described for the reader (a word, a string, a date…).
    case arithmeticOnValue(String)
    /// A function Parley does not have.
    case unknownFunction(String)
    /// A function given too few or too many arguments; `takes` says how many it takes.
    case argumentCount(function: String, takes: String, found: Int)
    /// `round(x, places)` with places that are no whole number written in the query.
    case roundPlaces(String)
    /// Arithmetic, as printed, where a condition goes (`where deaths + 1`).
    case numberAsCondition(String)

    // add, change and their clauses.
    /// A clause on a source other than its own four.
    case sourceClauseNotAllowed
    /// A clause on a relation other than its sources.
    case relationClauseNotAllowed
    /// A clause on a membership other than its role and sources.
    case membershipClauseNotAllowed
    /// `member_of` with something other than a party on one side.
    case memberOfNeedsParties(String, is: NodeKind)
    /// A party made a member of itself.
    case memberOfItself
    /// A membership that would close a circle: `group` already belongs to `member`.
    case membershipCircle(group: String, member: String)
    /// `add` of a name that something of this kind already has.
    case alreadyExists(String, kind: NodeKind)
    /// A clause given more than one value.
    case takesOneValue(clause: String)
    /// A clause given something other than a name.
    case takesAName(clause: String)
    /// A clause given something other than names.
    case takesNames(clause: String)
    /// A clause given something other than a party's name.
    case takesAPartyName(clause: String)
    /// A clause given something other than a place's name.
    case takesAPlaceName(clause: String)
    /// `speaker` given something other than a party's name or unknown.
    case speakerTakesParty
    /// A clause given something other than a number.
    case takesANumber(clause: String)
    /// A clause given something other than a date or unknown.
    case takesADate(clause: String)
    /// A count of people that is no whole number.
    case notAPeopleCount(clause: String)
    /// A clause of a closed set given something else; `choices` describes the set and its codes.
    case notAChoiceOrUnknown(clause: String, choices: String)
    /// A clause of whole numbers given something else.
    case notAWholeNumberOrUnknown(clause: String)
    /// A clause of seconds since 1970 given something else.
    case notSecondsOrUnknown(clause: String)
    /// `geo_precision` given something other than a whole number.
    case notAGeoPrecision
    /// A latitude or longitude past its limit in degrees.
    case coordinateOutOfRange(clause: String, limit: Int)
    /// A word outside a closed set of values (`what` names the set).
    case notOneOf(String, what: String)
    /// A clause key a node of this kind does not have.
    case notAFieldOf(clause: String, kind: NodeKind)
    /// A new node without a clause it needs.
    case newNodeNeeds(kind: NodeKind, clause: String)
    /// A role given as something other than a name.
    case roleIsAName
    /// A node, an alias or a new source named with no letters at all (`add party ""`).
    case emptyName(kind: NodeKind)
    /// `new NAME` in a source naming a party that exists already.
    case newPartyExists(String)
    /// `new NAME` after a clause other than `reported by` and `via`.
    case newOnlyForReporters(clause: String)
    /// `country` naming a place of another level.
    case countryTakesCountry(place: String, level: PlaceLevel)
    /// A place made to lie within a place inside it.
    case placesContainEachOther(inner: String, outer: String)

    // Corrections.
    /// A retracted node named again: already retracted (when retracting) or was retracted.
    case retracted(kind: NodeKind, name: String, retracting: Bool)
    /// `change` given a name to replace.
    case changeReplacesName
    /// A name given to a node that another node of the kind has as a name.
    case alreadyANameOf(String, kind: NodeKind, canonical: String)
    /// A name given to a party that another party has.
    case alreadyNamesParty(String, party: String)
    /// A retraction of a node facts still refer to (`shown` lists a few).
    case stillReferredTo(kind: NodeKind, name: String, count: Int, shown: String)
    /// A retraction of a relation that does not exist.
    case noSuchRelation(String)
    /// A retraction of a membership that does not exist.
    case notAMember(String, group: String)
    /// A merge of a node into itself.
    case mergeIntoItself(kind: NodeKind, name: String)
    /// A merge of a place into a place inside it.
    case mergeIntoInner(inner: String, outer: String)
    /// A merge after which two places (given by path) could not be told apart.
    case mergeIndistinguishable(first: String, second: String, level: String, name: String)
    /// A merge of parties that belong to each other through a third.
    case mergeMembershipCircle(merged: String, kept: String, through: String)

    public var kind: ParleyError.Kind {
        switch self {
        case .tooManyPairs, .tooManyFilledRows: .limit
        default: .semantic
        }
    }

    public var message: String {
        switch self {
        case .parameterNotSet(let name): "parameter `$\(name)` is not set"
        case .notADate(let text): "`\(text)` is not a date"
        case .notARowCount(let parameter, let value): "`limit` takes a whole number of rows; `$\(parameter)` is `\(value)`"
        case .unknownParty(let text): "unknown party `\(text)`"
        case .ambiguousParty(let text, let count, let candidates): "`\(text)` names \(count) parties: \(candidates)"
        case .unknownPlaceLevel(let text): "unknown place level `\(text)`"
        case .unknownPlace(let text, let level, let within):
            (level.map { "no \($0.rawValue) named `\(text)`" } ?? "unknown place `\(text)`") + (within.map { " in \($0)" } ?? "")
        case .noPlaceInPath(let text, let within): "no place `\(text)`" + (within.map { " within `\($0)`" } ?? "")
        case .noOutermostPlace(let text, let what): "no outermost \(what) `\(text)`"
        case .noPlaceDirectlyWithin(let text, let what, let path): "no \(what) `\(text)` directly within `/\(path)`"
        case .ambiguousPlace(let text, let places): "`\(text)` is ambiguous: \(places.joined(separator: "; "))"
        case .unknownEvent(let text): "unknown event `\(text)`"
        case .wrongKind(let text, let found, let wanted): "`\(text)` is \(found.withArticle), not \(wanted.withArticle)"
        case .unknownName(let text): "unknown name `\(text)`: no event, party or place has it"
        case .unknownRelation(let name): "unknown relation `\(name)`"
        case .unknownField(let name): "unknown field `\(name)`"
        case .filterDoesNotApply(let keyword, let kind, let kinds): "`\(keyword)` does not apply to \(kind.rawValue); it works on \(kinds)"
        case .filterNeedsKind(let keyword): "`\(keyword)` needs rows of a kind (parties, places, meetings, incidents…)"
        case .notATimeUnit(let unit): "`\(unit)` is not a unit of time"
        case .notAnIncidentRole(let role): "`\(role)` is not a role in an incident"
        case .notAMeetingRole(let role): "`\(role)` is not a role in a meeting"
        case .notAClaimRole(let role): "`\(role)` is not a role in a claim"
        case .notAValue(let word, let kind, let field): "`\(word)` is not \(kind.withArticle) \(field)"
        case .comparisonWithUnknown: "a comparison with unknown is never true"
        case .unknownIsNotAValue(let word): "`\(word)` is not a value: what is not known is unknown"
        case .notOfFieldType(let field, let what, let found): "`\(field)` is \(what); found `\(found)`"
        case .fieldsOfOtherTypes(let left, let leftType, let right, let rightType):
            "`\(left)` is \(leftType) and `\(right)` \(rightType): they never compare"
        case .placeNameAmbiguous(let text, let places):
            "`\(text)` may be \(places.count) places: \(places.joined(separator: "; ")); `=` compares a place's name"
        case .aggregateNeedsNumbers(let function, let field): "`\(function)` needs numbers, but `\(field)` holds text"
        case .tooManyPairs(let limit): "`pair` would produce more than \(limit) rows"
        case .notATimeBucket(let field): "`filled` fills the buckets of a date (day, week, month, year); `\(field)` is not one"
        case .filledTwice: "only one key of `group by` can be filled"
        case .notBucketsOf(let field, let precision, let found): "`filled` needs \(precision)s in `\(field)`; found `\(found)`"
        case .tooManyFilledRows(let limit): "`filled` would produce more than \(limit) rows"
        case .arithmeticOnField(let field, let holds): "arithmetic takes numbers, but `\(field)` holds \(holds)"
        case .arithmeticOnValue(let found): "arithmetic takes numbers; found \(found)"
        case .unknownFunction(let name): "unknown function `\(name)`"
        case .argumentCount(let function, let takes, let found):
            "`\(function)` takes \(takes); found \(found == 1 ? "one" : String(found))"
        case .roundPlaces(let found): "`round` rounds to a whole number of places; found `\(found)`"
        case .numberAsCondition(let written): "`\(written)` is a number, not a condition"
        case .sourceClauseNotAllowed: "a source takes only `said by`, `reported by`, `via` and `also`"
        case .relationClauseNotAllowed: "a relation takes only `said by`, `reported by` and `via`"
        case .membershipClauseNotAllowed: "`member_of` takes only `role`, `said by`, `reported by`, `via` and `also`"
        case .memberOfNeedsParties(let name, let kind): "`member_of` joins two parties; `\(name)` is \(kind.withArticle)"
        case .memberOfItself: "a party cannot be a member of itself"
        case .membershipCircle(let group, let member): "`\(group)` already belongs to `\(member)`; membership cannot go round in a circle"
        case .alreadyExists(let name, let kind): "`\(name)` is already \(kind.withArticle)"
        case .takesOneValue(let clause): "`\(clause)` takes one value"
        case .takesAName(let clause): "`\(clause)` takes a name"
        case .takesNames(let clause): "`\(clause)` takes names"
        case .takesAPartyName(let clause): "`\(clause)` takes a party's name"
        case .takesAPlaceName(let clause): "`\(clause)` takes a place's name"
        case .speakerTakesParty: "`speaker` takes a party's name, or unknown"
        case .takesANumber(let clause): "`\(clause)` takes a number"
        case .takesADate(let clause): "`\(clause)` takes a date (2024, 2024-03, 2024-W09, 2024-03-05) or unknown"
        case .notAPeopleCount(let clause): "`\(clause)` is a whole number of people, or unknown"
        case .notAChoiceOrUnknown(let clause, let choices): "`\(clause)` is \(choices), or unknown"
        case .notAWholeNumberOrUnknown(let clause): "`\(clause)` is a whole number, or unknown"
        case .notSecondsOrUnknown(let clause): "`\(clause)` is a whole number of seconds since 1970, or unknown"
        case .notAGeoPrecision: "`geo_precision` is a whole number (ACLED's 1 exact, 2 near, 3 region)"
        case .coordinateOutOfRange(let clause, let limit): "\(clause) must lie between -\(limit) and \(limit)"
        case .notOneOf(let text, let what): "`\(text)` is not a \(what)"
        case .notAFieldOf(let clause, let kind): "`\(clause)` is not something \(kind.withArticle) has"
        case .newNodeNeeds(let kind, let clause): "a new \(kind.singular) needs `\(clause)`"
        case .roleIsAName: "a role is a name (`as spokesperson`)"
        case .emptyName(let kind): "the name of \(kind.withArticle) cannot be empty"
        case .newPartyExists(let name): "party `\(name)` already exists"
        case .newOnlyForReporters(let clause): "`new` adds a media party after `reported by` or `via`, not after `\(clause)`"
        case .countryTakesCountry(let place, let level):
            "`country` takes a country; `\(place)` is \(level == .admin1 || level == .admin2 || level == .admin3 ? "an" : "a") \(level.rawValue)"
        case .placesContainEachOther(let inner, let outer): "`\(inner)` lies within `\(outer)`; places cannot contain each other"
        case .retracted(let kind, let name, let retracting): "\(kind.singular) `\(name)` \(retracting ? "is already" : "was") retracted"
        case .changeReplacesName: "`change` does not replace names"
        case .alreadyANameOf(let text, let kind, let canonical): "`\(text)` is already a name of \(kind.singular) `\(canonical)`"
        case .alreadyNamesParty(let text, let party): "`\(text)` already names the party `\(party)`"
        case .stillReferredTo(let kind, let name, let count, let shown):
            "\(kind.singular) `\(name)` is still referred to by \(count) fact\(count == 1 ? "" : "s"): \(shown)"
        case .noSuchRelation(let text): "there is no relation `\(text)`"
        case .notAMember(let member, let group): "`\(member)` is not a member of `\(group)`"
        case .mergeIntoItself(let kind, let name): "cannot merge \(kind.singular) `\(name)` into itself"
        case .mergeIntoInner(let inner, let outer): "`\(inner)` lies within `\(outer)`; a place cannot be merged into a place inside it"
        case .mergeIndistinguishable(let first, let second, let level, let name):
            "`\(first)` and `\(second)` are both the \(level) `\(name)`; merged, no name or path could tell them apart"
        case .mergeMembershipCircle(let merged, let kept, let through):
            "`\(merged)` and `\(kept)` belong to each other through `\(through)`; merged, membership would go round in a circle"
        }
    }
}
