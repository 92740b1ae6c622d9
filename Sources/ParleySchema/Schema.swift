import ParleyGraph

/// Every field of every kind, defined once: its name, what it means, its type, where it is stored, the
/// clause that sets it. `.schema`, completion, the readers and fast
/// paths, `add`/`change`, `.dump`, the store's loading and the importer's column list all look here.
///
/// A new incident field kept as given — a word, a code, a number — is one row in `incidentFields`
/// with a `FieldAccess` naming its `IncidentColumn`; everything else follows from the row.
public enum Schema {
    /// Every field of a kind, in the order `.schema` lists them.
    public static func fields(of kind: NodeKind) -> [FieldSpec] {
        switch kind {
        case .parties: partyFields
        case .places: placeFields
        case .meetings: meetingFields
        case .incidents: incidentFields
        case .claims: claimFields
        case .relations: relationFields
        case .facts: factFields
        }
    }

    /// The field of `kind` called `name`, if it has one.
    public static func field(_ kind: NodeKind, _ name: String) -> FieldSpec? {
        byName[kindIndex(kind)][name]
    }

    /// The columns a query shows when it has no `select`.
    public static func defaultColumns(of kind: NodeKind, membersQuery: Bool) -> [String] {
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

    // MARK: Values with codes

    /// How precise ACLED says an event's date is.
    public static let timePrecision = Choices(["day", "week", "month"], codes: ["ACLED": [1, 2, 3]])

    /// ACLED's actor types (`inter1`, `inter2`), codes 1 to 8; 0, no actor, is unknown.
    public static let actorType = Choices(
        ["state_forces", "rebel_group", "political_militia", "identity_militia", "rioters", "protesters", "civilians", "external_forces"],
        codes: ["ACLED": [1, 2, 3, 4, 5, 6, 7, 8]])

    // MARK: The rows

    private static func choiceList<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> String where T.RawValue == String {
        T.allCases.map(\.rawValue).joined(separator: ", ")
    }

    private static func levelFields(storage: [IncidentColumn] = []) -> [FieldSpec] {
        PlaceLevel.allCases.map { FieldSpec($0.rawValue, "the \($0.rawValue) around the place", type: .place, storage: storage) }
    }

    private static func timeFields(storage dates: [IncidentColumn] = [], when: [IncidentColumn] = []) -> [FieldSpec] {
        [
            FieldSpec("date", "the date, as precise as known (2024-03-05, 2024-03, 2024)", type: .date, storage: dates, clause: "date"),
            FieldSpec("precision", "how precise the date is: day, week, month, year, unknown",
                      type: .choice(Choices(CalendarDate.Precision.allCases.map(\.name))), storage: dates),
            FieldSpec("day", "the date's day (2024-03-05)", type: .date, storage: dates),
            FieldSpec("week", "the date's ISO week (2024-W09)", type: .date, storage: dates),
            FieldSpec("month", "the date's month (2024-03)", type: .date, storage: dates),
            FieldSpec("year", "the date's year (2024)", type: .date, storage: dates),
            FieldSpec("when", "time as the source words it (\"last weekend\")", storage: when, clause: "when"),
        ]
    }

    private static func sourceFields(storage: [IncidentColumn] = []) -> [FieldSpec] {
        [
            FieldSpec("source", "who said and who reported it: chains like `Peskov → news report`", storage: storage),
            FieldSpec("sources", "how many independent sources", type: .count, storage: storage),
        ]
    }

    static let partyFields: [FieldSpec] = [
        FieldSpec("name", "the party's name"),
        FieldSpec("kind", choiceList(PartyKind.self), type: .choice(Choices(PartyKind.allCases.map(\.rawValue))), clause: "kind"),
        FieldSpec("aliases", "other spellings", clause: "aka"),
        FieldSpec("member_of", "the parties it belongs to directly", type: .party, clause: "member of"),
        FieldSpec("role", "its role in them (spokesperson, president, unit, era…)"),
        FieldSpec("country", "the country a population is of (ACLED's \"Protesters (Russia)\")", type: .place, clause: "country"),
        FieldSpec("depth", "after `members of X`: 1 for direct members, 2 for theirs…", type: .count),
    ] + sourceFields()

    static let placeFields: [FieldSpec] = [
        FieldSpec("name", "the place's name"),
        FieldSpec("level", choiceList(PlaceLevel.self), type: .choice(Choices(PlaceLevel.allCases.map(\.rawValue))), clause: "level"),
        FieldSpec("parent", "the place directly around it", type: .place, clause: "within"),
        FieldSpec("path", "outermost first: Europe/Ukraine/Zaporizhzhia"),
        FieldSpec("aliases", "other spellings", clause: "aka"),
        FieldSpec("latitude", "degrees north", type: .number, clause: "latitude"),
        FieldSpec("longitude", "degrees east", type: .number, clause: "longitude"),
        FieldSpec("geo_precision", "ACLED's geo_precision: 1 exact, 2 near, 3 region", type: .code, clause: "geo_precision"),
    ] + levelFields() + sourceFields()

    static let meetingFields: [FieldSpec] = [
        FieldSpec("name", "the meeting's name"),
        FieldSpec("kind", choiceList(MeetingKind.self), type: .choice(Choices(MeetingKind.allCases.map(\.rawValue))), clause: "kind"),
        FieldSpec("status", choiceList(MeetingStatus.self), type: .choice(Choices(MeetingStatus.allCases.map(\.rawValue))), clause: "status"),
        FieldSpec("place", "where", type: .place, clause: "place"),
    ] + levelFields() + timeFields() + MeetingRole.allCases.map {
        FieldSpec($0.rawValue, "the parties in the role \($0.rawValue)", type: .party, clause: $0.rawValue)
    } + [
        FieldSpec("participants", "every party, in any role", type: .party),
        FieldSpec("notes", "free text", clause: "notes"),
    ] + sourceFields()

    private static let associations: [IncidentColumn] = [.associationIncidents, .associationParties]
    private static let dates: [IncidentColumn] = [.dateDays, .datePrecisions]

    static let incidentFields: [FieldSpec] = [
        FieldSpec("name", "the incident's name or ACLED event id", storage: [.names]),
        FieldSpec("kind", choiceList(IncidentKind.self), type: .choice(Choices(IncidentKind.allCases.map(\.rawValue))),
                  storage: [.kinds], clause: "kind"),
        FieldSpec("actor", "side one (ACLED's actor1)", type: .party, storage: [.actors], clause: "actor"),
        FieldSpec("target", "side two (ACLED's actor2)", type: .party, storage: [.targets], clause: "target"),
        FieldSpec("associates", "parties associated with either side", type: .party, storage: associations, clause: "associate"),
        FieldSpec("actor_associates", "parties associated with side one (ACLED's assoc_actor_1)", type: .party,
                  storage: associations + [.associationSides], clause: "actor_associate"),
        FieldSpec("target_associates", "parties associated with side two (ACLED's assoc_actor_2)", type: .party,
                  storage: associations + [.associationSides], clause: "target_associate"),
        FieldSpec("opponent", "after `involving X`: the other side", type: .party, storage: [.actors, .targets] + associations),
        FieldSpec("place", "where", type: .place, storage: [.places], clause: "place"),
    ] + levelFields(storage: [.places]) + timeFields(storage: dates, when: [.when]) + [
        FieldSpec("deaths", "people killed; unknown is not zero", type: .count, storage: [.deaths], clause: "deaths"),
        FieldSpec("injuries", "people injured; unknown is not zero", type: .count, storage: [.injuries], clause: "injuries"),
        FieldSpec("notes", "free text", storage: [.notes], clause: "notes"),
        FieldSpec("event_type", "ACLED's event_type, verbatim", access: .word(.eventTypes), clause: "event_type"),
        FieldSpec("sub_event_type", "ACLED's sub_event_type, verbatim", access: .word(.subEventTypes), clause: "sub_event_type"),
        FieldSpec("disorder_type", "ACLED's disorder_type, verbatim", access: .word(.disorderTypes), clause: "disorder_type"),
        FieldSpec("source_scale", "ACLED's source_scale, verbatim", access: .word(.sourceScales), clause: "source_scale"),
        FieldSpec("civilian_targeting", "ACLED's civilian_targeting, verbatim", access: .word(.civilianTargeting),
                  clause: "civilian_targeting"),
        FieldSpec("tags", "ACLED's tags, verbatim", access: .word(.tags), clause: "tags"),
        FieldSpec("time_precision", "how precise ACLED says the date is: day, week, month", type: .choice(timePrecision),
                  access: .choice(.timePrecisions, dataset: "ACLED"), clause: "time_precision"),
        FieldSpec("timestamp", "ACLED's timestamp: when the row last changed", type: .number, access: .seconds(.timestamps),
                  clause: "timestamp"),
        FieldSpec("inter1", "what side one is (ACLED's inter1): " + actorType.values.joined(separator: ", "), type: .choice(actorType),
                  access: .choice(.inter1Codes, dataset: "ACLED"), clause: "inter1"),
        FieldSpec("inter2", "what side two is (ACLED's inter2), as for inter1", type: .choice(actorType),
                  access: .choice(.inter2Codes, dataset: "ACLED"), clause: "inter2"),
        FieldSpec("interaction", "ACLED's interaction: both sides' codes in one number (17: state forces and civilians)", type: .code,
                  access: .integer(.interactionCodes), clause: "interaction"),
        FieldSpec("iso", "ACLED's iso: the country's ISO 3166 number (804 is Ukraine)", type: .code,
                  access: .integer(.isoCodes), clause: "iso"),
    ] + sourceFields(storage: [.sources])

    static let claimFields: [FieldSpec] = [
        FieldSpec("name", "the claim's name"),
        FieldSpec("speaker", "who said it", type: .party, clause: "speaker"),
        FieldSpec("text", "what was said", clause: "text"),
        FieldSpec("about", "what it is about", type: .node, clause: "about"),
    ] + timeFields() + sourceFields()

    static let relationFields: [FieldSpec] = [
        FieldSpec("subject", "the node the relation starts from", type: .node),
        FieldSpec("relation", "controls, annexed, reiterates, proposed_instead_of…"),
        FieldSpec("object", "the node it points to", type: .node),
        FieldSpec("subject_kind", "party, place, meeting, incident or claim"),
        FieldSpec("object_kind", "party, place, meeting, incident or claim"),
    ] + sourceFields()

    static let factFields: [FieldSpec] = [
        FieldSpec("kind", "meeting, incident, claim, relation or membership",
                  type: .choice(Choices(["meeting", "incident", "claim", "relation", "membership"]))),
        FieldSpec("name", "the fact's node, when it has one"),
        FieldSpec("fact", "the fact in words"),
        FieldSpec("date", "its date, when it has one", type: .date),
    ] + sourceFields() + [
        FieldSpec("said_by", "who said it, first in each chain of sources", type: .party),
        FieldSpec("reported_by", "who reported it, last in each chain of sources", type: .party),
    ]

    private static func kindIndex(_ kind: NodeKind) -> Int {
        NodeKind.allCases.firstIndex(of: kind)!
    }

    private static let byName: [[String: FieldSpec]] = NodeKind.allCases.map { kind in
        Dictionary(fields(of: kind).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension Schema {
    /// The field of `kind` an `add`/`change` clause sets, if one does.
    public static func field(_ kind: NodeKind, clause: String) -> FieldSpec? {
        byClause[kindIndex(kind)][clause]
    }

    private static let byClause: [[String: FieldSpec]] = NodeKind.allCases.map { kind in
        Dictionary(fields(of: kind).compactMap { spec in spec.clause.map { ($0, spec) } }, uniquingKeysWith: { first, _ in first })
    }
}
