/// The line an import prints on standard error.
enum ImportReport {
    static func text(_ summary: AcledImporter.Summary, path: String) -> String {
        "imported \(summary.incidents.formatted) incident\(summary.incidents == 1 ? "" : "s") from \(path)"
            + " (\(summary.partiesAdded.formatted) new parties, \(summary.placesAdded.formatted) new places)\n"
    }
}
