/// The kinds a query can start from.
public enum NodeKind: String, Sendable, Equatable, CaseIterable {
    case parties, places, meetings, incidents, claims, relations, facts

    /// The singular used in `add party …` and in messages.
    public var singular: String {
        switch self {
        case .parties: "party"
        case .places: "place"
        case .meetings: "meeting"
        case .incidents: "incident"
        case .claims: "claim"
        case .relations: "relation"
        case .facts: "fact"
        }
    }

    public init?(singular: String) {
        guard let kind = NodeKind.allCases.first(where: { $0.singular == singular }) else { return nil }
        self = kind
    }
}

extension NodeKind {
    /// "a party", "an incident".
    public var withArticle: String {
        let first = singular.first!
        return ("aeiou".contains(first) ? "an " : "a ") + singular
    }
}
