/// How ACLED's words map into the graph's: sub-event types into the one incident taxonomy, actor
/// names into party kinds and the states they belong to.
enum AcledVocabulary {
    /// ACLED's `sub_event_type` → the incident kind.
    static let incidentKinds: [String: IncidentKind] = [
        "Air/drone strike": .strike,
        "Shelling/artillery/missile attack": .shelling,
        "Remote explosive/landmine/IED": .explosion,
        "Suicide bomb": .explosion,
        "Grenade": .explosion,
        "Chemical weapon": .attack,
        "Armed clash": .clash,
        "Government regains territory": .seizure,
        "Non-state actor overtakes territory": .seizure,
        "Non-violent transfer of territory": .seizure,
        "Attack": .attack,
        "Sexual violence": .violence,
        "Abduction/forced disappearance": .abduction,
        "Peaceful protest": .protest,
        "Protest with intervention": .protest,
        "Excessive force against protesters": .protest,
        "Violent demonstration": .riot,
        "Mob violence": .riot,
        "Agreement": .agreement,
        "Arrests": .arrest,
        "Looting/property destruction": .looting,
        "Change to group/activity": .development,
        "Disrupted weapons use": .development,
        "Headquarters or base established": .development,
        "Other": .other,
    ]

    /// ACLED's `time_precision` codes and the words some exports use instead.
    static func timePrecision(_ text: String) -> UInt8? {
        switch text {
        case "1", "day": 1
        case "2", "week": 2
        case "3", "month": 3
        case "": 0
        default: nil
        }
    }

    /// What an actor is, and the state it belongs to, from ACLED's naming conventions:
    /// "Military Forces of Russia (2000-)", "Government of the United States (2025-)",
    /// "Civilians (Ukraine)", "Protesters (Georgia)", "Unidentified Armed Group (Ukraine)".
    static func describe(actor name: String) -> (kind: PartyKind, state: String?, role: String?) {
        let prefixes: [(String, PartyKind, String)] = [
            ("Military Forces of ", .military, "military"),
            ("Police Forces of ", .military, "police"),
            ("Government of ", .government, "government"),
            ("Mutiny of Military Forces of ", .military, "mutineers"),
        ]
        for (prefix, kind, role) in prefixes where name.hasPrefix(prefix) {
            var state = String(name.dropFirst(prefix.count))
            if let open = state.firstIndex(of: "("), open > state.startIndex {
                state = String(state[..<open]).trimmingCharacters(inSet: " ")
            }
            if state.hasPrefix("the ") { state = String(state.dropFirst(4)) }
            return (kind, state.isEmpty ? nil : state, role)
        }
        let groups: [(String, String)] = [
            ("Civilians (", "civilians"), ("Protesters (", "protesters"), ("Rioters (", "rioters"),
            ("Unidentified Armed Group (", "armed group"), ("Unidentified Military Forces (", "military"),
        ]
        for (prefix, role) in groups where name.hasPrefix(prefix) && name.hasSuffix(")") {
            let state = String(name.dropFirst(prefix.count).dropLast())
            return (role == "military" ? .military : .group, state.isEmpty ? nil : state, role)
        }
        return (.group, nil, nil)
    }
}
