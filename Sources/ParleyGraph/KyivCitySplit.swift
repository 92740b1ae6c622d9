/// Brings a graph begun from the built-in sample as it was before Kyiv City became an admin1 of its own
/// to the sample's present shape. The old sample gave the oblast Kyiv the alias "Kyiv City", so ACLED's
/// Kyiv City rows, and the sample's city Kyiv, were filed inside the oblast.
///
/// The split makes the admin1 Kyiv City within Ukraine (as the sample now has it), takes the alias from
/// the oblast, and moves the sample's city there, with the admin2 Kyiv an import put around it. What
/// points at the oblast itself stays: an event placed only "in Kyiv City" then, with no admin2 or
/// location, cannot be told from one in the oblast.
package enum KyivCitySplit {
    /// Splits the old shape if the graph has it, and says what moved; nil when there is nothing to split.
    package static func apply(to graph: inout Graph) -> String? {
        guard let ukraine = live(graph, named: "Ukraine", level: .country, in: nil).first,
              let oblast = live(graph, named: "Kyiv", level: .admin1, in: ukraine).first(where: { isSampleOblast(graph, $0) }),
              live(graph, named: "Kyiv City", level: .admin1, in: ukraine).allSatisfy({ $0 == oblast }) else { return nil }
        graph.removePlaceAlias(oblast, "Kyiv City")
        let city = graph.addPlace("Kyiv City", level: .admin1, parent: ukraine, sources: graph.places.sources[Int(oblast)])
        graph.addPlaceAlias(city, "Kiev City")
        var moved: [String] = []
        for place in 0..<Int32(graph.places.count) where place != city && graph.places.parents[Int(place)] == oblast && isCityOrItsAdmin2(graph, place) {
            graph.places.parents[Int(place)] = city
            moved.append("\(graph.strings[graph.places.names[Int(place)]]) (\(graph.places.levels[Int(place)].rawValue))")
        }
        return "Kyiv City is now an admin1 of its own, as the sample has it; moved out of the oblast Kyiv into it: "
            + (moved.isEmpty ? "nothing" : moved.joined(separator: ", "))
    }

    /// The old sample's oblast: its own name and sources, and the alias the split takes away.
    private static func isSampleOblast(_ graph: Graph, _ place: Int32) -> Bool {
        graph.sourceText(graph.places.sources[Int(place)]) == "background"
            && (graph.placeAliases[place] ?? []).contains { NameIndex.fold(graph.strings[$0]) == "kyiv city" }
    }

    /// The sample's city Kyiv, or an admin2 Kyiv holding it (where an import put ACLED's admin2 between).
    private static func isCityOrItsAdmin2(_ graph: Graph, _ place: Int32) -> Bool {
        guard !graph.isRetracted(NodeID(.places, place)), NameIndex.fold(graph.strings[graph.places.names[Int(place)]]) == "kyiv" else { return false }
        switch graph.places.levels[Int(place)] {
        case .location: return graph.sourceText(graph.places.sources[Int(place)]) == "background"
        case .admin2: return (0..<Int32(graph.places.count)).contains { graph.places.parents[Int($0)] == place && isCityOrItsAdmin2(graph, $0) }
        default: return false
        }
    }

    private static func live(_ graph: Graph, named name: String, level: PlaceLevel, in parent: Int32?) -> [Int32] {
        graph.places(named: name).filter { graph.places.levels[Int($0)] == level && (parent == nil || graph.places.parents[Int($0)] == parent) }
    }
}
