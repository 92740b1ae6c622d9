extension Printer {
    public static func print(_ correction: Correction) -> String {
        switch correction {
        case let .change(target, clauses):
            "change " + self.target(target) + clauses.map { " " + clause($0) }.joined()
        case let .retract(target):
            "retract " + self.target(target)
        case let .retractRelation(subject, relation, object):
            "retract relation " + nodeRef(subject) + " " + field(relation) + " " + nodeRef(object)
        case let .retractMembership(member, group):
            "retract member " + name(member) + " of " + name(group)
        case let .alias(target, names):
            "alias " + self.target(target) + " as " + names.map(name).joined(separator: ", ")
        case let .merge(merged, into: kept):
            "merge " + target(merged) + " into " + targetName(kept)
        }
    }

    static func target(_ target: CorrectionTarget) -> String {
        switch target {
        case .party, .event: target.kind.singular + " " + targetName(target)
        case .place: "place " + targetName(target)
        }
    }

    /// The target without its kind word (`merge party A into B`).
    static func targetName(_ target: CorrectionTarget) -> String {
        switch target {
        case let .party(party): name(party)
        case let .event(_, event): name(event)
        case let .place(ref): place(ref)
        }
    }

    static func clause(_ clause: Clause) -> String {
        let isSource = Parser.sourceKeys.contains(clause.key.text)
        return clause.key.text + " " + clause.values.map { isSource ? sourceValue($0) : value($0) }.joined(separator: ", ")
            + (clause.role.map { " as " + value($0) } ?? "")
    }
}
