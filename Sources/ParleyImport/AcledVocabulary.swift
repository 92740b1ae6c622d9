import ParleyGraph
import ParleySchema

/// How ACLED's words map into the graph's: sub-event types into the one incident taxonomy, actor
/// names into party kinds and the states they belong to.
enum AcledVocabulary {
    /// ACLED's actor types (`inter1`, `inter2`) in the words newer exports write, and in Parley's own,
    /// lowercased → the code (1 to 8) older exports write.
    static let actorTypes: [String: UInt8] = {
        let words = ["state forces", "rebel group", "political militia", "identity militia", "rioters", "protesters",
                     "civilians", "external/other forces"]
        var codes: [String: UInt8] = [:]
        for (index, word) in words.enumerated() { codes[word] = UInt8(index + 1) }
        for (index, value) in Schema.actorType.values.enumerated() { codes[value] = UInt8(Schema.actorType.codes["ACLED"]![index]) }
        return codes
    }()

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

    /// What an actor is from ACLED's naming conventions: a state body and the state it belongs to
    /// ("Military Forces of Russia (2000-)", "Government of the United States (2025-)"), or a population
    /// and the country it is of ("Civilians (Ukraine)", "Protesters (Georgia)", "Unidentified Armed Group
    /// (Ukraine)"), or neither.
    static func describe(actor name: String) -> ActorDescription {
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
            return ActorDescription(kind: kind, state: state.isEmpty ? nil : state, role: role)
        }
        if let (people, country) = populationParts(name) {
            if populations.contains(people) || people.hasPrefix("Unidentified ") {
                return ActorDescription(kind: .population, country: country)
            }
            // "Labour Group (France)", "Fulani Ethnic Group (Nigeria)": a population when the parentheses
            // name a country ("Nyatura Militia Group (Jean-Marie)" names a faction).
            if people.hasSuffix(" Group") {
                return ActorDescription(kind: .group, country: country, countryMustBeKnown: true)
            }
        }
        return ActorDescription(kind: .group)
    }

    /// ACLED's names for the people of a country taken together, written `NAME (Country)`. Any name
    /// starting `Unidentified ` is one too, and so is a name ending `Group` when its country is known.
    static let populations: Set<String> = [
        "Civilians", "Protesters", "Rioters", "Students", "Women", "Men", "Teachers", "Farmers",
        "Health Workers", "Refugees/IDPs", "Migrants", "Journalists", "Lawyers", "Judges", "Prisoners",
        "Pastoralists", "Fishermen", "Miners", "Settlers", "Taxi Drivers", "Taxi/Bus Drivers", "Aid Workers",
        "LGBT", "Drug Suspects", "Armed Drug Suspects", "Sole Perpetrator",
    ]

    /// ACLED's word in place of a country for people of many.
    static let noCountry = "International"

    /// "Protesters (Russia)" → ("Protesters", "Russia"); nil without a final parenthesis.
    static func populationParts(_ name: String) -> (people: String, country: String)? {
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "("), open > name.startIndex else { return nil }
        let people = String(name[..<open]).trimmingCharacters(inSet: " ")
        let country = String(name[name.index(after: open)..<name.index(before: name.endIndex)]).trimmingCharacters(inSet: " ")
        guard !people.isEmpty, !country.isEmpty, !country.contains("("), !country.contains(")") else { return nil }
        return (people, country)
    }

    /// "Military Forces of Russia (2000-)" → "Military Forces of Russia": the name without ACLED's era.
    static func withoutEra(_ name: String) -> String? {
        guard let (base, era) = populationParts(name) else { return nil }
        let bytes = Array(era.utf8)
        let digits = { (slice: ArraySlice<UInt8>) in slice.count == 4 && slice.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard bytes.count == 5 || bytes.count == 9, digits(bytes[0..<4]), bytes[4] == UInt8(ascii: "-"),
              bytes.count == 5 || digits(bytes[5..<9]) else { return nil }
        return base
    }
}

/// What ACLED's name says an actor is.
struct ActorDescription {
    var kind: PartyKind
    /// The state a state body belongs to, and its role there.
    var state: String?
    var role: String?
    /// The country a population is of, as named (`International` for none).
    var country: String?
    /// A population only when `country` names a country the graph knows.
    var countryMustBeKnown = false
}
