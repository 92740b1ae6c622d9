/// The lines an import prints on standard error — what it did, then a note for each column the file
/// lacks — and the summary its history record keeps.
public enum ImportReport {
    public static func text(_ summary: AcledImporter.Summary, path: String) -> String {
        ImportReport.summary(summary, path: path) + "\n" + notes(summary)
    }

    /// A line for each column the file lacks, saying what the incidents go without:
    /// `note: no `fatalities` column: deaths are unknown for these 9,000 incidents`.
    public static func notes(_ summary: AcledImporter.Summary) -> String {
        let rows = summary.incidents
        let these = rows == 1 ? "this incident" : "these \(rows.formatted) incidents"
        return summary.missingColumns.map { "note: no `\($0.name)` column: \($0.consequence) for \(these)\n" }.joined()
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
