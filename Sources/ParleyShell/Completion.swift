import ParleyEval
import ParleyGraph
import ParleyRender
import ParleySchema
import ParleySession
import ParleySupport
import ParleySyntax

/// Tab completion for the shell, kept apart from readline so it can be tested: from the text before
/// the cursor it works out what may come there — a kind, a stage, a field of the statement's kind,
/// a party, place or event name — and offers the ones that start with what is typed.
///
/// A word starts after the last of `wordBreakCharacters`, or at an open quote; the shell gives readline
/// the same two sets so both agree on where the word starts. Matching ignores case. Names that are not
/// plain identifiers (`Abu Dhabi`, `U.S.`) are offered quoted, as the lexer needs them; after an
/// open quote every name is offered in that quote.
public struct CompletionEngine {
    /// Bytes that end a word (the shell's `rl_completer_word_break_characters`).
    public static let wordBreakCharacters = " \t\n()[],|=<>!;"
    /// Bytes that open a quoted name (the shell's `rl_completer_quote_characters`).
    public static let quoteCharacters = "\"'"

    /// What may replace the word at the cursor.
    public struct Completion: Equatable, Sendable {
        /// The byte offset where the word starts; at its opening quote, if it has one.
        public var wordStart: Int
        /// Replacements for the bytes from `wordStart` to the cursor, keywords first, then names A–Z.
        public var candidates: [String]
        /// The word is a file path (after `.read`, `.output`, `.once`, `.import acled`, `.check`): the shell lists files itself.
        public var wantsFilePath: Bool
    }

    static let startKeywords = NodeKind.allCases.map(\.rawValue) + ["history", "members of", "add"] + Correction.keywords
    static let dotCommands = DotCommand.all.map { "." + $0.name }
    static let filterKeywords = ["where", "in", "within", "involving", "with", "during", "from", "before", "after",
                                 "same day as", "last", "reported by", "said by", "sourced by", "mentioning"]
    static let stageKeywords = ["select", "sort by", "limit", "count", "sum", "avg", "min", "max", "unknown",
                                "group by", "distinct", "where", "pair with"]
    static let aggregateKeywords = ["count", "sum", "avg", "min", "max", "unknown"]
    /// `involving X as ROLE`: incident roles, `side` (actor or target), then meeting roles.
    static let roles = IncidentRole.allCases.map(\.rawValue) + ["side"] + MeetingRole.allCases.map(\.rawValue)
    static let addKinds = ["party", "place", "meeting", "incident", "claim", "relation"]

    /// What each correction may be about.
    static func correctionTargets(_ keyword: String) -> [String] {
        switch keyword {
        case "alias", "merge": ["party", "place"]
        case "retract": ["party", "place", "meeting", "incident", "claim", "relation", "member"]
        default: ["party", "place", "meeting", "incident", "claim"]
        }
    }

    private let graph: Graph

    public init(graph: Graph) {
        self.graph = graph
    }

    /// The replacements for the word that ends at `cursor` (a byte offset into `line`).
    public func candidates(line: String, cursor: Int) -> [String] {
        complete(line: line, cursor: cursor).candidates
    }

    /// The word that ends at `cursor` (a byte offset into `line`) and what may replace it.
    /// `line` may hold earlier lines of the same statement, separated by line breaks.
    public func complete(line: String, cursor: Int) -> Completion {
        let bytes = Array(line.utf8)
        let word = TypedWord(bytes, cursor: min(max(0, cursor), bytes.count))
        let lineStart = (bytes[..<word.start].lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
        if let completion = completeDotCommand(bytes, lineStart: lineStart, word: word) {
            return completion
        }
        let before = String(decoding: bytes[..<word.start], as: UTF8.self)
        guard let context = CompletionContext.at(endOf: before) else {
            return Completion(wordStart: word.start, candidates: [], wantsFilePath: false)
        }
        // Dot commands hold a line of their own.
        let atLineStart = bytes[lineStart..<word.start].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return Completion(wordStart: word.start, candidates: offers(context, word: word, atLineStart: atLineStart),
                          wantsFilePath: false)
    }

    /// A line that starts with `.` where a statement may start is a dot command: the command's name,
    /// then its argument.
    private func completeDotCommand(_ bytes: [UInt8], lineStart: Int, word: TypedWord) -> Completion? {
        var first = lineStart
        while first < word.start && (bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")) { first += 1 }
        let startsWithDot = first < bytes.count && bytes[first] == UInt8(ascii: ".")
        guard startsWithDot else { return nil }
        let earlier = String(decoding: bytes[..<lineStart], as: UTF8.self)
        guard !ShellInput.needsMoreInput(earlier) else { return nil }
        let words = String(decoding: bytes[first..<word.start], as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var completion = Completion(wordStart: word.start, candidates: [], wantsFilePath: false)
        guard !words.isEmpty else {
            completion.candidates = matching(CompletionEngine.dotCommands, word)
            return completion
        }
        // What the command's table row says its argument at this position is.
        guard let command = DotCommand.named(String(words[0].dropFirst())) else { return completion }
        let position = words.count - 1
        // `.open --readonly FILE`: the flag takes no position of its own.
        let arguments = command.name == "open" && words.count > 1 && words[1] == "--readonly" ? [DotArgument.choices([])] + command.arguments : command.arguments
        guard position < arguments.count else { return completion }
        switch arguments[position] {
        case .file: completion.wantsFilePath = true
        case let .choices(words): completion.candidates = matching(words, word)
        case .helpTopics: completion.candidates = matching(HelpText.topics.map(\.name), word)
        case .kinds: completion.candidates = matching(NodeKind.allCases.map(\.rawValue), word)
        case .modes: completion.candidates = matching(OutputFormat.allNames, word)
        }
        return completion
    }

    // MARK: What each context offers

    private func offers(_ context: CompletionContext, word: TypedWord, atLineStart: Bool) -> [String] {
        var keywords: [String] = []
        var names: Set<CompletionContext.NameKind> = []
        switch context.slot {
        case .statementStart:
            keywords = CompletionEngine.startKeywords + (atLineStart ? CompletionEngine.dotCommands : [])
            // Every name is a possible start (`Russia -> controls`), but a bare TAB lists keywords only.
            if !word.text.isEmpty || word.quote != nil { names = [.parties, .places, .events] }
        case .subqueryStart:
            keywords = NodeKind.allCases.map(\.rawValue) + ["members of"]
        case let .keywords(words):
            keywords = words
        case .filterOrPipe:
            keywords = CompletionEngine.filterKeywords
            names = [.parties, .places, .events]
        case .afterComparison:
            keywords = ["and", "or"]
            if !context.inPipeline {
                keywords += CompletionEngine.filterKeywords
                names = [.parties, .places, .events]
            }
        case let .names(kinds):
            names = kinds
        case .fields:
            keywords = fields(of: context)
        case .byOrFields:
            keywords = ["by"] + fields(of: context)
        case .fieldsOrNames:
            keywords = fields(of: context)
            names = [.parties, .places, .events]
        case let .fieldValues(field):
            // Only the vocabulary fits; anything else is an error the compiler would report.
            keywords = context.head.flatMap { Vocabulary.values(of: field, in: $0) } ?? []
        case .stage:
            keywords = CompletionEngine.stageKeywords
        case .aggregate:
            keywords = CompletionEngine.aggregateKeywords
        case .roles:
            keywords = CompletionEngine.roles
        case .addKind:
            keywords = CompletionEngine.addKinds
        case .nothing:
            break
        }
        // Keywords and fields are words, never strings: after a quote only names fit.
        var offered = word.quote == nil ? matching(keywords, word) : []
        var seen = Set(offered)
        for name in matchingNames(names, word) where seen.insert(name).inserted {
            offered.append(name)
        }
        return offered
    }

    private func fields(of context: CompletionContext) -> [String] {
        if context.isHistory { return HistoryTable.columns }
        return context.head.map { Schema.fields(of: $0).map(\.name) } ?? []
    }

    private func matching(_ words: [String], _ word: TypedWord) -> [String] {
        let typed = word.text.lowercased()
        return words.filter { $0.lowercased().hasPrefix(typed) }
    }

    private func matchingNames(_ kinds: Set<CompletionContext.NameKind>, _ word: TypedWord) -> [String] {
        guard !kinds.isEmpty else { return [] }
        // A place path (`Ukraine/Za`): its last step, among the places inside the step before.
        if kinds.contains(.places), word.quote == nil, let slash = word.text.lastIndex(of: "/") {
            let path = word.text[...slash]
            let parent = path.dropLast().split(separator: "/").last.map(String.init) ?? ""
            var last = word
            last.text = String(word.text[word.text.index(after: slash)...])
            return matching(names: placeNames(inside: parent), last).map { path + $0 }
        }
        var all: [String] = []
        if kinds.contains(.parties) { all += graph.allPartyNames }
        if kinds.contains(.places) { all += graph.allPlaceNames }
        if kinds.contains(.events) { all += graph.allEventNames }
        return matching(names: all, word)
    }

    /// The names that start with the word, A–Z, quoted where the lexer needs it or the user opened a quote.
    private func matching(names: [String], _ word: TypedWord) -> [String] {
        let typed = word.text.lowercased()
        let found = Set(names.filter { $0.lowercased().hasPrefix(typed) })
            .sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
        return found.map { name in
            if let quote = word.quote { return CompletionEngine.quoted(name, with: quote) }
            return CompletionEngine.isPlainWord(name) ? name : CompletionEngine.quoted(name, with: UInt8(ascii: "\""))
        }
    }

    /// The names and aliases of every place inside the places called `parent`, at any depth.
    private func placeNames(inside parent: String) -> [String] {
        var names: [String] = []
        for root in graph.places(named: parent) {
            let inside = graph.placesWithin(root)
            for place in inside.indices where inside[place] && place != Int(root) && !graph.isRetracted(NodeID(.places, Int32(place))) {
                names.append(graph.strings[graph.places.names[place]])
                names += (graph.placeAliases[Int32(place)] ?? []).map { graph.strings[$0] }
            }
        }
        return names
    }

    /// Whether the lexer reads `name` as one identifier: letters (any UTF-8), digits, `_`, no digit first.
    static func isPlainWord(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { ByteClass.of($0).continuesIdentifier }
    }

    /// `name` as a string literal in `quote`, escaped as `Lexer.stringValue` reads it back.
    static func quoted(_ name: String, with quote: UInt8) -> String {
        var bytes = [quote]
        for byte in name.utf8 {
            if byte == quote || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        bytes.append(quote)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The word being completed: where it starts, its open quote, and its text with the quote removed.
struct TypedWord {
    var start: Int
    var quote: UInt8?
    var text: String

    init(_ bytes: [UInt8], cursor: Int) {
        // An open quote before the cursor starts the word (readline's rule); escapes inside are skipped.
        var open: (quote: UInt8, at: Int)?
        var escaped = false
        for index in 0..<cursor {
            let byte = bytes[index]
            if let current = open {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == current.quote { open = nil }
            } else if CompletionEngine.quoteCharacters.utf8.contains(byte) {
                open = (byte, index)
            }
        }
        if let open {
            start = open.at
            quote = open.quote
            // Closed, the typed part is a string literal the lexer can decode.
            let literal = Array(bytes[open.at..<cursor]) + [open.quote]
            text = Lexer.stringValue(Token(.string, 0..<literal.count), in: SourceText(name: "", bytes: literal))
            return
        }
        var index = cursor
        while index > 0 && !CompletionEngine.wordBreakCharacters.utf8.contains(bytes[index - 1]) { index -= 1 }
        start = index
        quote = nil
        text = String(decoding: bytes[index..<cursor], as: UTF8.self)
    }
}
