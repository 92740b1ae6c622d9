import ParleyEval
import ParleyGraph
import ParleySchema
import ParleyStore
import ParleySyntax

/// Which of the incidents' big columns a query reads, so a store loads only those: `incidents in
/// Ukraine | sum deaths` needs `places` and `deaths`, not the million notes.
///
/// The answer errs on the side of loading: `nil` (every column) for any form it does not know well.
/// `kinds` is always loaded (it counts the incidents).
enum ColumnNeeds {
    typealias Column = GraphStorage.Column

    static func columns(for query: Query) -> Set<Column>? {
        var needs: Set<Column> = []
        guard add(query, to: &needs) else { return nil }
        return needs
    }

    /// Adds what `query` reads to `needs`; false when it needs everything.
    private static func add(_ query: Query, to needs: inout Set<Column>) -> Bool {
        let readsIncidents: Bool
        switch query.head {
        case .kind(.incidents, _): readsIncidents = true
        case .kind(.parties, _), .kind(.places, _), .kind(.meetings, _), .kind(.claims, _), .members: readsIncidents = false
        case .history(of: nil): readsIncidents = false
        // Finding the node may scan incidents' names.
        case .kind(.relations, _), .kind(.facts, _), .navigate, .history: return false
        }
        for filter in query.filters {
            switch filter {
            case let .where(expr):
                if readsIncidents { fields(in: expr, to: &needs) }
            case .in, .within:
                if readsIncidents { needs.insert(.places) }
            case .involving, .with:
                if readsIncidents { needs.formUnion([.actors, .targets, .associationIncidents, .associationParties]) }
            case .during, .between, .before(.date), .after(.date):
                if readsIncidents { needs.formUnion([.dateDays, .datePrecisions]) }
            case .last:
                // The window ends at the latest dated event of any kind.
                needs.formUnion([.dateDays, .datePrecisions])
            case .source:
                if readsIncidents { needs.insert(.sources) }
            case .mentioning:
                if readsIncidents { needs.formUnion([.names, .notes, .when]) }
            case .before(.event), .after(.event), .sameDay:
                return false
            }
        }
        var showsNodes = true
        for stage in query.stages {
            switch stage {
            case let .select(items):
                showsNodes = false
                if readsIncidents { for item in items { field(item.field.text, to: &needs) } }
            case let .sort(keys):
                if readsIncidents { for key in keys { field(key.field.text, to: &needs) } }
            case .limit:
                break
            case let .aggregate(list):
                showsNodes = false
                if readsIncidents { for aggregate in list { if let name = aggregate.field { field(name.text, to: &needs) } } }
            case let .group(keys):
                showsNodes = false
                if readsIncidents { for key in keys { field(key.text, to: &needs) } }
            case let .distinct(keys):
                if keys.isEmpty { return false }
                showsNodes = false
                if readsIncidents { for key in keys { field(key.text, to: &needs) } }
            case let .filter(expr):
                if readsIncidents { fields(in: expr, to: &needs) }
            case let .pair(other, on: keys):
                guard add(other, to: &needs) else { return false }
                if readsIncidents { for key in keys { field(key.text, to: &needs) } }
                // Both sides' keys are read from the other side too.
                if case .kind(.incidents, _) = other.head { for key in keys { field(key.text, to: &needs) } }
            }
        }
        if showsNodes && readsIncidents {
            for name in Schema.defaultColumns(of: .incidents, membersQuery: false) { field(name, to: &needs) }
        }
        return true
    }

    private static func fields(in expr: Expr, to needs: inout Set<Column>) {
        switch expr {
        case let .field(name): field(name.text, to: &needs)
        case .string, .number, .date, .unknown, .parameter: break
        case let .not(inner): fields(in: inner, to: &needs)
        case let .and(a, b), let .or(a, b), let .compare(a, _, b), let .contains(a, b):
            fields(in: a, to: &needs)
            fields(in: b, to: &needs)
        case let .isUnknown(inner, _): fields(in: inner, to: &needs)
        case let .oneOf(inner, list):
            fields(in: inner, to: &needs)
            for item in list { fields(in: item, to: &needs) }
        }
    }

    /// The columns an incident field is read from, as the schema lists them. Names that are not
    /// incident fields (a column a stage made, a bare word used as a value) need nothing.
    private static func field(_ name: String, to needs: inout Set<Column>) {
        if let spec = Schema.field(.incidents, name) { needs.formUnion(spec.storage) }
    }
}
