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
        return text + " (\(summary.partiesAdded.formatted) new parties, \(summary.placesAdded.formatted) new places)"
    }
}
