/// The line an import prints on standard error, and the summary its history record keeps.
public enum ImportReport {
    public static func text(_ summary: AcledImporter.Summary, path: String) -> String {
        ImportReport.summary(summary, path: path) + "\n"
    }

    static func summary(_ summary: AcledImporter.Summary, path: String) -> String {
        let rows = summary.added + summary.updated + summary.unchanged
        var text = "imported \(rows.formatted) incident\(rows == 1 ? "" : "s") from \(path)"
        if summary.updated + summary.unchanged > 0 {
            text += ": \(summary.added.formatted) added, \(summary.updated.formatted) updated, \(summary.unchanged.formatted) unchanged"
        }
        text += " (\(summary.partiesAdded.formatted) new parties, \(summary.placesAdded.formatted) new places)"
        if let split = summary.sampleSplit { text += "; " + split }
        return text + joined(summary)
    }

    /// `; joined 3 places to places already in the graph: Ukraine (country), Zaporizhia → Zaporizhzhia (admin1), …`:
    /// what a reader checks to see which of the file's places became the graph's own.
    private static func joined(_ summary: AcledImporter.Summary) -> String {
        let count = summary.placesJoined
        guard count > 0 else { return "" }
        var text = "; joined \(count.formatted) place\(count == 1 ? "" : "s") to places already in the graph: "
        text += summary.joinedPlaces.joined(separator: ", ")
        if count > summary.joinedPlaces.count { text += ", and \((count - summary.joinedPlaces.count).formatted) more" }
        return text
    }
}
