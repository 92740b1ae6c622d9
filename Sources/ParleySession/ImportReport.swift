import ParleyImport

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
            + summary.unreadValues.map { unread in
                let rows = unread.rows == 1 ? "1 row" : "\(unread.rows.formatted) rows"
                return "note: `\(unread.name)` is not \(unread.expected) in \(rows) (such as `\(unread.first)`): unknown there\n"
            }.joined()
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
