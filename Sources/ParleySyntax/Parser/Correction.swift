import ParleyGraph

/// Statements that fix the graph rather than add to it. Each is kept in the graph's history, and like
/// `add` it changes everything it says or, on any error, nothing.
public enum Correction: Sendable, Equatable {
    /// `change meeting moscow_invitation status declined reported by Reuters`: new values replace the old.
    case change(CorrectionTarget, clauses: [Clause])
    /// `retract incident strike_1`: gone from every query, kept for history.
    case retract(CorrectionTarget)
    /// `retract relation Russia controls Crimea`.
    case retractRelation(subject: NodeRef, relation: Name, object: NodeRef)
    /// `retract member Peskov of Kremlin`.
    case retractMembership(member: Name, group: Name)
    /// `alias party Zelensky as Zelenskyi`: more names for a party or a place.
    case alias(CorrectionTarget, names: [Name])
    /// `merge party "V. Zelensky" into Zelensky`: everything about the first is now about the second.
    case merge(CorrectionTarget, into: CorrectionTarget)

    /// The word the statement starts with, which is also its kind in `history`.
    public var keyword: String {
        switch self {
        case .change: "change"
        case .retract, .retractRelation, .retractMembership: "retract"
        case .alias: "alias"
        case .merge: "merge"
        }
    }

    public static let keywords = ["change", "retract", "alias", "merge"]
}

/// The node a correction is about: `party NAME`, `place PLACE` (qualified as in `in`), `meeting NAME`…
public enum CorrectionTarget: Sendable, Equatable {
    case party(Name)
    case place(PlaceRef)
    /// A meeting, incident or claim.
    case event(NodeKind, Name)

    public var kind: NodeKind {
        switch self {
        case .party: .parties
        case .place: .places
        case let .event(kind, _): kind
        }
    }

    /// The name as written (a place's last step), for error locations.
    public var name: Name {
        switch self {
        case let .party(name), let .event(_, name): name
        case let .place(ref): ref.path[ref.path.count - 1]
        }
    }
}
