import ParleyGraph

/// The fields of each kind: their names, what they mean, and how to read them from the graph's columns.
public enum FieldCatalog {
    public struct Field: Sendable {
        public var name: String
        public var summary: String
    }

    static let placeLevelFields: [Field] = PlaceLevel.allCases.map {
        Field(name: $0.rawValue, summary: "the \($0.rawValue) around the place")
    }

    static let timeFields: [Field] = [
        Field(name: "date", summary: "the date, as precise as known (2024-03-05, 2024-03, 2024)"),
        Field(name: "precision", summary: "how precise the date is: day, week, month, year, unknown"),
        Field(name: "day", summary: "the date's day (2024-03-05)"),
        Field(name: "week", summary: "the date's ISO week (2024-W09)"),
        Field(name: "month", summary: "the date's month (2024-03)"),
        Field(name: "year", summary: "the date's year (2024)"),
        Field(name: "when", summary: "time as the source words it (\"last weekend\")"),
    ]

    static let sourceFields: [Field] = [
        Field(name: "source", summary: "who said and who reported it: chains like `Peskov → news report`"),
        Field(name: "sources", summary: "how many independent sources"),
    ]

    /// Every field of a kind, in the order `.schema` lists them.
    public static func fields(of kind: NodeKind) -> [Field] {
        switch kind {
        case .parties:
            return [
                Field(name: "name", summary: "the party's name"),
                Field(name: "kind", summary: PartyKind.allCases.map(\.rawValue).joined(separator: ", ")),
                Field(name: "aliases", summary: "other spellings"),
                Field(name: "member_of", summary: "the parties it belongs to directly"),
                Field(name: "role", summary: "its role in them (spokesperson, president, unit, era…)"),
                Field(name: "country", summary: "the country a population is of (ACLED's \"Protesters (Russia)\")"),
                Field(name: "depth", summary: "after `members of X`: 1 for direct members, 2 for theirs…"),
            ] + sourceFields
        case .places:
            return [
                Field(name: "name", summary: "the place's name"),
                Field(name: "level", summary: PlaceLevel.allCases.map(\.rawValue).joined(separator: ", ")),
                Field(name: "parent", summary: "the place directly around it"),
                Field(name: "path", summary: "outermost first: Europe/Ukraine/Zaporizhzhia"),
                Field(name: "aliases", summary: "other spellings"),
                Field(name: "latitude", summary: "degrees north"),
                Field(name: "longitude", summary: "degrees east"),
                Field(name: "geo_precision", summary: "ACLED's geo_precision: 1 exact, 2 near, 3 region"),
            ] + placeLevelFields + sourceFields
        case .meetings:
            return [
                Field(name: "name", summary: "the meeting's name"),
                Field(name: "kind", summary: MeetingKind.allCases.map(\.rawValue).joined(separator: ", ")),
                Field(name: "status", summary: MeetingStatus.allCases.map(\.rawValue).joined(separator: ", ")),
                Field(name: "place", summary: "where"),
            ] + placeLevelFields + timeFields + MeetingRole.allCases.map {
                Field(name: $0.rawValue, summary: "the parties in the role \($0.rawValue)")
            } + [
                Field(name: "participants", summary: "every party, in any role"),
                Field(name: "notes", summary: "free text"),
            ] + sourceFields
        case .incidents:
            return [
                Field(name: "name", summary: "the incident's name or ACLED event id"),
                Field(name: "kind", summary: IncidentKind.allCases.map(\.rawValue).joined(separator: ", ")),
                Field(name: "actor", summary: "side one (ACLED's actor1)"),
                Field(name: "target", summary: "side two (ACLED's actor2)"),
                Field(name: "associates", summary: "parties associated with either side"),
                Field(name: "actor_associates", summary: "parties associated with side one (ACLED's assoc_actor_1)"),
                Field(name: "target_associates", summary: "parties associated with side two (ACLED's assoc_actor_2)"),
                Field(name: "opponent", summary: "after `involving X`: the other side"),
                Field(name: "place", summary: "where"),
            ] + placeLevelFields + timeFields + [
                Field(name: "deaths", summary: "people killed; unknown is not zero"),
                Field(name: "injuries", summary: "people injured; unknown is not zero"),
                Field(name: "notes", summary: "free text"),
                Field(name: "event_type", summary: "ACLED's event_type, verbatim"),
                Field(name: "sub_event_type", summary: "ACLED's sub_event_type, verbatim"),
                Field(name: "disorder_type", summary: "ACLED's disorder_type, verbatim"),
                Field(name: "source_scale", summary: "ACLED's source_scale, verbatim"),
                Field(name: "civilian_targeting", summary: "ACLED's civilian_targeting, verbatim"),
                Field(name: "tags", summary: "ACLED's tags, verbatim"),
                Field(name: "time_precision", summary: "how precise ACLED says the date is: day, week, month"),
                Field(name: "timestamp", summary: "ACLED's timestamp: when the row last changed"),
            ] + sourceFields
        case .claims:
            return [
                Field(name: "name", summary: "the claim's name"),
                Field(name: "speaker", summary: "who said it"),
                Field(name: "text", summary: "what was said"),
                Field(name: "about", summary: "what it is about"),
            ] + timeFields + sourceFields
        case .relations:
            return [
                Field(name: "subject", summary: "the node the relation starts from"),
                Field(name: "relation", summary: "controls, annexed, reiterates, proposed_instead_of…"),
                Field(name: "object", summary: "the node it points to"),
                Field(name: "subject_kind", summary: "party, place, meeting, incident or claim"),
                Field(name: "object_kind", summary: "party, place, meeting, incident or claim"),
            ] + sourceFields
        case .facts:
            return [
                Field(name: "kind", summary: "meeting, incident, claim, relation or membership"),
                Field(name: "name", summary: "the fact's node, when it has one"),
                Field(name: "fact", summary: "the fact in words"),
                Field(name: "date", summary: "its date, when it has one"),
            ] + sourceFields
        }
    }

    /// The columns a query shows when it has no `select`.
    package static func defaultColumns(of kind: NodeKind, membersQuery: Bool) -> [String] {
        switch kind {
        case .parties: membersQuery ? ["name", "role", "member_of", "depth"] : ["name", "kind", "member_of", "role"]
        case .places: ["name", "level", "parent"]
        case .meetings: ["name", "kind", "status", "date", "place", "participants", "source"]
        case .incidents: ["name", "kind", "date", "place", "actor", "target", "deaths", "injuries"]
        case .claims: ["name", "speaker", "text", "source"]
        case .relations: ["subject", "relation", "object", "source"]
        case .facts: ["kind", "fact", "date", "source"]
        }
    }
}
