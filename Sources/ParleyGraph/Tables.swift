/// The graph's tables, one struct of columns each: integer ids, interned strings, no per-row objects.
/// A row's index is its id within its kind. `-1` marks an absent reference.

public struct PartyTable: Sendable {
    public var names: [Int32] = []
    public var kinds: [PartyKind] = []
    public var notes: [Int32] = []
    public var sources: [Int32] = []
    /// The country place a population is of, -1 when none or unknown.
    public var countries: [Int32] = []
    public var count: Int { names.count }
}

/// "Peskov is spokesperson of the Kremlin": one row an edge, member → group, with a role title.
public struct MembershipTable: Sendable {
    public var members: [Int32] = []
    public var groups: [Int32] = []
    public var roles: [Int32] = []
    public var sources: [Int32] = []
    public var count: Int { members.count }
}

public struct PlaceTable: Sendable {
    public var names: [Int32] = []
    public var levels: [PlaceLevel] = []
    /// The place directly around this one, or -1.
    public var parents: [Int32] = []
    /// Unknown coordinates are NaN.
    public var latitudes: [Double] = []
    public var longitudes: [Double] = []
    /// ACLED's `geo_precision` (1 exact … 3 region), -1 when not given.
    public var geoPrecisions: [Int8] = []
    public var sources: [Int32] = []
    public var count: Int { names.count }
}

public struct MeetingTable: Sendable {
    public var names: [Int32] = []
    public var kinds: [MeetingKind] = []
    public var statuses: [MeetingStatus] = []
    public var places: [Int32] = []
    public var dates = DateColumn()
    /// Time as the source words it ("last weekend"), -1 when it says nothing.
    public var when: [Int32] = []
    public var notes: [Int32] = []
    public var sources: [Int32] = []
    public var count: Int { names.count }
}

/// A party's part in a meeting.
public struct ParticipationTable: Sendable {
    public var meetings: [Int32] = []
    public var parties: [Int32] = []
    public var roles: [MeetingRole] = []
    public var count: Int { meetings.count }
}

public struct IncidentTable: Sendable {
    /// Names are text, not interned: a million ACLED event ids are all different.
    public var names = TextColumn()
    public var kinds: [IncidentKind] = []
    /// Side one (ACLED's actor1), -1 when unknown.
    public var actors: [Int32] = []
    /// Side two (ACLED's actor2), -1 when none or unknown.
    public var targets: [Int32] = []
    public var places: [Int32] = []
    public var dates = DateColumn()
    public var deaths = OptionalCountColumn()
    public var injuries = OptionalCountColumn()
    public var when: [Int32] = []
    public var notes = TextColumn()
    public var sources: [Int32] = []
    /// ACLED's own words, kept verbatim (-1 when absent).
    public var eventTypes: [Int32] = []
    public var subEventTypes: [Int32] = []
    public var disorderTypes: [Int32] = []
    public var sourceScales: [Int32] = []
    public var civilianTargeting: [Int32] = []
    public var tags: [Int32] = []
    /// ACLED's `time_precision`: how precise the day in `dates` really is (1 day, 2 week, 3 month; 0 not given).
    public var timePrecisions: [UInt8] = []
    /// ACLED's `timestamp` (seconds since 1970 of the row's last change), -1 when absent.
    public var timestamps: [Int64] = []
    /// ACLED's actor types of the two sides (`inter1`, `inter2`: codes 1 to 8; 0 unknown or no side).
    public var inter1Codes: [UInt8] = []
    public var inter2Codes: [UInt8] = []
    /// ACLED's `interaction` (both sides' codes, 17) and `iso` (the country's ISO 3166 number); -1 unknown.
    public var interactionCodes: [Int32] = []
    public var isoCodes: [Int32] = []
    /// Counted by `kinds`, the one column a store always loads (the others load when a query needs them).
    public var count: Int { kinds.count }
}

/// Parties associated with an incident's sides (ACLED's `assoc_actor_1/2`).
public struct AssociationTable: Sendable {
    /// Which side an associate is with.
    public enum Side: UInt8, Sendable, CaseIterable, BitwiseCopyable {
        /// Not said: added without a side, or imported by a Parley that did not keep sides.
        case unknown
        /// With side one, the actor (ACLED's `assoc_actor_1`).
        case actor
        /// With side two, the target (ACLED's `assoc_actor_2`).
        case target
    }

    public var incidents: [Int32] = []
    public var parties: [Int32] = []
    public var sides: [Side] = []
    public var count: Int { incidents.count }

    package init() {}

    public mutating func append(incident: Int32, party: Int32, side: Side) {
        incidents.append(incident)
        parties.append(party)
        sides.append(side)
    }
}

/// Statements, warnings, opinions: what someone said, not what happened.
public struct ClaimTable: Sendable {
    public var names: [Int32] = []
    public var texts: [Int32] = []
    public var speakers: [Int32] = []
    public var dates = DateColumn()
    public var when: [Int32] = []
    public var sources: [Int32] = []
    public var count: Int { names.count }
}

/// A node of any kind.
public struct NodeID: Sendable, Hashable {
    public var kind: NodeKind
    public var index: Int32

    public init(_ kind: NodeKind, _ index: Int32) {
        self.kind = kind
        self.index = index
    }
}

/// "Russia controls the Zaporizhzhia nuclear power plant": subject, relation name, object, sources.
/// Time links live here too: `same_day_as`, `before`.
public struct RelationTable: Sendable {
    public var subjects: [NodeID] = []
    public var relations: [Int32] = []
    public var objects: [NodeID] = []
    public var sources: [Int32] = []
    public var count: Int { subjects.count }
}
