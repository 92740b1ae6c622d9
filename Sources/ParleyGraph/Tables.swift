/// The graph's tables, one struct of columns each: integer ids, interned strings, no per-row objects.
/// A row's index is its id within its kind. `-1` marks an absent reference.

package struct PartyTable: Sendable {
    package var names: [Int32] = []
    package var kinds: [PartyKind] = []
    package var notes: [Int32] = []
    package var sources: [Int32] = []
    /// The country place a population is of, -1 when none or unknown.
    package var countries: [Int32] = []
    package var count: Int { names.count }
}

/// "Peskov is spokesperson of the Kremlin": one row an edge, member → group, with a role title.
package struct MembershipTable: Sendable {
    package var members: [Int32] = []
    package var groups: [Int32] = []
    package var roles: [Int32] = []
    package var sources: [Int32] = []
    package var count: Int { members.count }
}

package struct PlaceTable: Sendable {
    package var names: [Int32] = []
    package var levels: [PlaceLevel] = []
    /// The place directly around this one, or -1.
    package var parents: [Int32] = []
    /// Unknown coordinates are NaN.
    package var latitudes: [Double] = []
    package var longitudes: [Double] = []
    /// ACLED's `geo_precision` (1 exact … 3 region), -1 when not given.
    package var geoPrecisions: [Int8] = []
    package var sources: [Int32] = []
    package var count: Int { names.count }
}

package struct MeetingTable: Sendable {
    package var names: [Int32] = []
    package var kinds: [MeetingKind] = []
    package var statuses: [MeetingStatus] = []
    package var places: [Int32] = []
    package var dates = DateColumn()
    /// Time as the source words it ("last weekend"), -1 when it says nothing.
    package var when: [Int32] = []
    package var notes: [Int32] = []
    package var sources: [Int32] = []
    package var count: Int { names.count }
}

/// A party's part in a meeting.
package struct ParticipationTable: Sendable {
    package var meetings: [Int32] = []
    package var parties: [Int32] = []
    package var roles: [MeetingRole] = []
    package var count: Int { meetings.count }
}

package struct IncidentTable: Sendable {
    /// Names are text, not interned: a million ACLED event ids are all different.
    package var names = TextColumn()
    package var kinds: [IncidentKind] = []
    /// Side one (ACLED's actor1), -1 when unknown.
    package var actors: [Int32] = []
    /// Side two (ACLED's actor2), -1 when none or unknown.
    package var targets: [Int32] = []
    package var places: [Int32] = []
    package var dates = DateColumn()
    package var deaths = OptionalCountColumn()
    package var injuries = OptionalCountColumn()
    package var when: [Int32] = []
    package var notes = TextColumn()
    package var sources: [Int32] = []
    /// ACLED's own words, kept verbatim (-1 when absent).
    package var eventTypes: [Int32] = []
    package var subEventTypes: [Int32] = []
    package var disorderTypes: [Int32] = []
    package var sourceScales: [Int32] = []
    package var civilianTargeting: [Int32] = []
    package var tags: [Int32] = []
    /// ACLED's `time_precision`: how precise the day in `dates` really is (1 day, 2 week, 3 month; 0 not given).
    package var timePrecisions: [UInt8] = []
    /// ACLED's `timestamp` (seconds since 1970 of the row's last change), -1 when absent.
    package var timestamps: [Int64] = []
    /// Counted by `kinds`, the one column a store always loads (the others load when a query needs them).
    package var count: Int { kinds.count }
}

/// Parties associated with an incident's sides (ACLED's `assoc_actor_1/2`).
package struct AssociationTable: Sendable {
    /// Which side an associate is with.
    package enum Side: UInt8, Sendable, CaseIterable, BitwiseCopyable {
        /// Not said: added without a side, or imported by a Parley that did not keep sides.
        case unknown
        /// With side one, the actor (ACLED's `assoc_actor_1`).
        case actor
        /// With side two, the target (ACLED's `assoc_actor_2`).
        case target
    }

    package var incidents: [Int32] = []
    package var parties: [Int32] = []
    package var sides: [Side] = []
    package var count: Int { incidents.count }

    package init() {}

    package mutating func append(incident: Int32, party: Int32, side: Side) {
        incidents.append(incident)
        parties.append(party)
        sides.append(side)
    }
}

/// Statements, warnings, opinions: what someone said, not what happened.
package struct ClaimTable: Sendable {
    package var names: [Int32] = []
    package var texts: [Int32] = []
    package var speakers: [Int32] = []
    package var dates = DateColumn()
    package var when: [Int32] = []
    package var sources: [Int32] = []
    package var count: Int { names.count }
}

/// A node of any kind.
package struct NodeID: Sendable, Hashable {
    package var kind: NodeKind
    package var index: Int32

    package init(_ kind: NodeKind, _ index: Int32) {
        self.kind = kind
        self.index = index
    }
}

/// "Russia controls the Zaporizhzhia nuclear power plant": subject, relation name, object, sources.
/// Time links live here too: `same_day_as`, `before`.
package struct RelationTable: Sendable {
    package var subjects: [NodeID] = []
    package var relations: [Int32] = []
    package var objects: [NodeID] = []
    package var sources: [Int32] = []
    package var count: Int { subjects.count }
}
