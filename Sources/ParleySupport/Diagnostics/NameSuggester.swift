/// Finds the known name nearest to a misspelt one ("did you mean …?").
public enum NameSuggester {
    /// The candidate closest to `word` by edit distance (case-insensitive), if close enough to be a likely typo.
    public static func closest<S: Sequence>(to word: String, among candidates: S) -> String? where S.Element == String {
        // A word this long is no typo of a name; do not spend time (or memory) on it.
        guard !word.isEmpty, word.utf8.count <= 200 else { return nil }
        let target = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            // Cheap length check before the quadratic distance.
            if abs(scalars.count - target.count) > allowedDistance(target.count) { continue }
            let distance = editDistance(target, scalars)
            if distance <= allowedDistance(target.count), best == nil || distance < best!.1 {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// The known name most likely meant by an unknown one: first a name it begins at a word's end
    /// (`Military Forces of Ukraine` → `Military Forces of Ukraine (2019-)`), then a name holding all
    /// its words (`Fidan` → `Hakan Fidan`, over `Iran` two edits away), the shortest of either; then the
    /// closest by edit distance.
    public static func nearestName<S: Sequence>(to word: String, among candidates: S) -> String? where S.Element == String {
        guard !word.isEmpty, word.utf8.count <= 200 else { return nil }
        let names = Array(candidates)
        let folded = word.lowercased()
        let wanted = Set(words(folded))
        var beginning: String?
        var holding: String?
        if folded.count >= 3 {
            for name in names {
                let lower = name.lowercased()
                if lower.count > folded.count, lower.hasPrefix(folded),
                   let next = lower.dropFirst(folded.count).first, !next.isLetter && !next.isNumber {
                    if beginning.map({ name.count < $0.count }) ?? true { beginning = name }
                } else if beginning == nil, !wanted.isEmpty, lower != folded, wanted.isSubset(of: words(lower)) {
                    if holding.map({ name.count < $0.count }) ?? true { holding = name }
                }
            }
        }
        return beginning ?? holding ?? closest(to: word, among: names)
    }

    /// The words of a name: its runs of letters and digits.
    private static func words(_ text: String) -> [Substring] {
        text.split { !$0.isLetter && !$0.isNumber }
    }

    static func allowedDistance(_ length: Int) -> Int {
        length <= 3 ? 1 : length <= 6 ? 2 : 3
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
