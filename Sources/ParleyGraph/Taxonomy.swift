/// The fixed vocabularies of the graph. Each is a closed list so that a typo is an error, not a new category.

/// What a party is. A `population` is people of a country taken together (ACLED's "Protesters (Russia)",
/// "Civilians (Ukraine)"): they belong to no state. New kinds go last: a store keeps a kind as its position.
public enum PartyKind: String, Sendable, CaseIterable, BitwiseCopyable {
    case person, organisation, state, government, military, delegation, media, official, group, reference, population
}

/// A place's level, outermost first.
public enum PlaceLevel: String, Sendable, CaseIterable, BitwiseCopyable, Comparable {
    case region, country, admin1, admin2, admin3, location

    public static func < (lhs: PlaceLevel, rhs: PlaceLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where a meeting stands; it moves possible → proposed → scheduled → held, or ends declined or cancelled.
public enum MeetingStatus: String, Sendable, CaseIterable, BitwiseCopyable {
    case possible, proposed, scheduled, held, declined, cancelled
}

public enum MeetingKind: String, Sendable, CaseIterable, BitwiseCopyable {
    case talks, summit, visit, invitation, call, meeting
}

/// The roles a party can play in a meeting.
public enum MeetingRole: String, Sendable, CaseIterable, BitwiseCopyable {
    case host, guest, inviter, invitee, mediator, participant
}

/// The roles a party can play in an incident: the two sides, and parties associated with either.
public enum IncidentRole: String, Sendable, CaseIterable, BitwiseCopyable {
    case actor, target, associate
}

/// One taxonomy of incidents; ACLED's `sub_event_type` maps into it.
public enum IncidentKind: String, Sendable, CaseIterable, BitwiseCopyable {
    case strike, shelling, clash, attack, explosion, fire, annexation, protest, riot, arrest, looting,
         abduction, violence, seizure, agreement, development, other
}
