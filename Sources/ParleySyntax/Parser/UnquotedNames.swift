import ParleyGraph
import ParleySupport

/// A name of several words written without quotes reads as a name and then a word that is nothing
/// here: `meetings involving United States` stops at `States`, `add party Rustem Umerov kind person`
/// reads `Umerov` as a clause. These find the words of such a name and say to quote them.
extension Parser {
    /// Every word that starts a clause of `add` or `change`, for any kind; ends a name in a clause.
    /// (A test checks that it holds every clause the schema and the fact writer take.)
    package static let clauseWords = Set<String>([
        "kind", "aka", "member", "notes", "country", "level", "within", "latitude", "longitude", "geo_precision",
        "status", "place", "date", "when", "same", "before", "after", "actor", "target", "associate",
        "actor_associate", "target_associate", "deaths", "injuries", "event_type", "sub_event_type",
        "disorder_type", "source_scale", "civilian_targeting", "tags", "time_precision", "timestamp", "inter1",
        "inter2", "interaction", "iso", "text", "about", "speaker", "said", "reported", "via", "also", "role",
    ]).union(MeetingRole.allCases.map(\.rawValue))

    /// At a word that is nothing here, right after a name written bare: the error that says to quote them.
    func unquotedNameError() -> ParleyError? {
        guard token.kind == .identifier, !Parser.reservedWords.contains(text),
              let name = lastBareName, name.upperBound == previousEnd else { return nil }
        return Parser.unquotedName(in: source, from: name.lowerBound, before: token.range.upperBound, inClauses: false)
    }

    /// The first two bare words in a row from `start` on (the second starting before `end`) that
    /// cannot both be what they were read as, as the error for the name they begin. In clauses a word
    /// that starts a clause ends a name, and a lowercase word near one (`kindd`) is a mistyped clause.
    package static func unquotedName(in source: SourceText, from start: Int, before end: Int, inClauses: Bool) -> ParleyError? {
        var lexer = Lexer(source, at: start)
        func nameWord(_ token: Token) -> Bool {
            guard token.kind == .identifier else { return false }
            let word = source.text(token.range)
            return !reservedWords.contains(word) && !(inClauses && clauseWords.contains(word))
        }
        func mistypedClause(_ token: Token) -> Bool {
            let word = source.text(token.range)
            return inClauses && word.first?.isLowercase == true && NameSuggester.closest(to: word, among: clauseWords) != nil
        }
        guard var previous = try? lexer.next() else { return nil }
        var words: [Token] = []
        // An error path, but a statement can be 16 MiB: look a few thousand words ahead at most.
        var scanned = 0
        while previous.range.lowerBound < end, scanned < 4096, let next = try? lexer.next() {
            scanned += 1
            if nameWord(previous), nameWord(next), next.range.lowerBound < end, !mistypedClause(next) {
                words = [previous, next]
                break
            }
            previous = next
        }
        guard !words.isEmpty else { return nil }
        // The name goes on over further words, and over `of` between two (`Military Forces of Russia`).
        var pending: Token?
        while words.count < 16, let next = try? lexer.next() {
            if nameWord(next) {
                if let of = pending { words.append(of) }
                words.append(next)
                pending = nil
            } else if pending == nil, next.kind == .identifier, source.text(next.range) == "of" {
                pending = next
            } else {
                break
            }
        }
        let range = words[0].range.lowerBound..<words[words.count - 1].range.upperBound
        let text = words.map { source.text($0.range) }.joined(separator: " ")
        return ParleyError(SyntaxProblem.unquotedName(text), at: SourceSpan(source, range),
                           hint: "quote it: `\(Printer.quoted(text))`")
    }
}
