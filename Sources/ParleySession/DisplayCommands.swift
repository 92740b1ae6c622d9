import ParleyEval
import ParleyGraph
import ParleyRender
import ParleySupport
import ParleySyntax

/// The dot commands that look at the session or change how results print: `.tables`, `.show`, `.mode`,
/// `.headers`, `.nullvalue`, `.width`, `.maxwidth`, `.maxrows`, `.pager`, `.prompt`.
extension Session {
    /// `on` or `off`, alone; nil for anything else.
    static func onOff(_ arguments: [String]) -> Bool? {
        guard arguments.count == 1 else { return nil }
        switch arguments[0] {
        case "on": return true
        case "off": return false
        default: return nil
        }
    }

    /// `.tables`: each kind and how many the graph holds (retracted ones left out), in the current mode.
    func tablesCommand(_ command: DotInvocation) -> Outcome {
        guard command.arguments.isEmpty else { return .failed(ParleyError(SessionProblem.takesNoArguments(command: "tables"), at: command.span)) }
        var rows = NodeKind.allCases.filter { $0 != .facts }.map { kind in
            [Value.string(kind.rawValue), .integer(Int64(graph.liveCount(of: kind)))]
        }
        rows.append([.string("history"), .integer(Int64(graph.changes.count))])
        do throws(ParleyError) {
            try write(ResultSet(columns: ["kind", "count"], rows: rows))
        } catch {
            return .failed(error)
        }
        return .finished
    }

    /// `.show`: the open store and every setting, one `name: value` line each.
    func showCommand(_ command: DotInvocation) -> Outcome {
        guard command.arguments.isEmpty else { return .failed(ParleyError(SessionProblem.takesNoArguments(command: "show"), at: command.span)) }
        let storeText: String
        if let store {
            storeText = store.path + (store.isReadOnly ? " (read only)" : "")
        } else {
            storeText = "none: the graph is in memory"
        }
        let timeout = settings.timeoutMilliseconds
        let parameters = settings.parameters.keys.sorted().map { "$\($0) = \(settings.parameters[$0]!)" }
        let lines: [(String, String)] = [
            ("store", storeText),
            ("mode", settings.format.rawValue),
            ("headers", settings.headers ? "on" : "off"),
            ("nullvalue", settings.nullValue.map { "\"\($0)\"" } ?? "∅ (an empty field in csv, tsv and markdown)"),
            ("timer", settings.timer ? "on" : "off"),
            ("timeout", timeout == 0 ? "none" : "\(TimeoutText.seconds(timeout)) s"),
            ("maxrows", maxRowsText + ", when no pager shows the result"),
            ("width", widthText),
            ("maxwidth", maxWidthText),
            ("pager", pagerText),
            ("prompt", "\"\(settings.prompt)\" \"\(settings.continuationPrompt)\""),
            ("output", redirect == nil ? "stdout" : "a file (`.output` alone: back to stdout)"),
            ("parameters", parameters.isEmpty ? "none" : parameters.joined(separator: ", ")),
        ]
        let width = lines.map(\.0.count).max() ?? 0
        output.write(lines.map { String(repeating: " ", count: width - $0.0.count) + $0.0 + ": " + $0.1 + "\n" }.joined())
        return .finished
    }

    private var maxRowsText: String { settings.maxRows == Int.max ? "0 (all)" : "\(settings.maxRows)" }

    private var widthText: String {
        settings.columnWidths.allSatisfy { $0 == 0 } ? "auto" : settings.columnWidths.map(String.init).joined(separator: " ")
    }

    private var maxWidthText: String {
        switch settings.maxWidth {
        case .terminal: "auto (the window's width)"
        case let .columns(count): "\(count)"
        case .off: "off"
        }
    }

    private var pagerText: String {
        if settings.safeFiles != nil { return "off (--safe runs no program)" }
        return settings.pager ? "on" : "off"
    }

    func modeCommand(_ command: DotInvocation) -> Outcome {
        guard let first = command.arguments.first else {
            output.write("\(settings.format.rawValue)\n")
            return .finished
        }
        guard command.arguments.count == 1, let format = OutputFormat.named(first) else {
            return .failed(ParleyError(SessionProblem.unknownOutputMode(first), at: command.span,
                                       hint: "modes: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                                        + "; also sqlite3's and DuckDB's \(OutputFormat.aliases.keys.sorted().joined(separator: ", "))"))
        }
        settings.format = format
        return .finished
    }

    func headersCommand(_ command: DotInvocation) -> Outcome {
        if command.arguments.isEmpty {
            output.write(settings.headers ? "on\n" : "off\n")
            return .finished
        }
        guard let on = Session.onOff(command.arguments) else {
            return .failed(ParleyError(SessionProblem.takesOnOrOff(command: "headers"), at: command.span))
        }
        settings.headers = on
        return .finished
    }

    /// `.nullvalue TEXT`; alone, back to each format's own.
    func nullValueCommand(_ command: DotInvocation) -> Outcome {
        guard let text = command.arguments.first else {
            settings.nullValue = nil
            return .finished
        }
        guard command.arguments.count == 1 else {
            return .failed(ParleyError(SessionProblem.nullValueArguments, at: command.span))
        }
        // Unknown must never pass for a count: `0` or `-1` for unknown would be a made-up answer.
        if Session.looksLikeNumber(text) {
            return .failed(ParleyError(SessionProblem.nullValueIsANumber(text), at: command.span,
                                       hint: "use text such as NULL, unknown or -"))
        }
        if text.utf8.contains(where: { $0 < 0x20 }) {
            return .failed(ParleyError(SessionProblem.nullValueControlCharacter, at: command.span))
        }
        settings.nullValue = text
        return .finished
    }

    /// Whether `text` reads as a number, in any of the ways a person or a spreadsheet would take it.
    static func looksLikeNumber(_ text: String) -> Bool {
        let trimmed = text.withoutEdgeSpaces.withoutCommas
        guard !trimmed.isEmpty else { return false }
        if Double(trimmed) != nil { return true }
        // `+3`, `.5`, `1_000`: still counts to a reader.
        let digits = trimmed.utf8.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        return !digits.isEmpty && trimmed.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || "+-._ ".utf8.contains($0) }
    }

    /// `.width N…`: the widest each column may be; alone or all zeros, as wide as they need.
    func widthCommand(_ command: DotInvocation) -> Outcome {
        var widths: [Int] = []
        for argument in command.arguments {
            guard let width = Int(argument), width >= 0, width <= 10_000 else {
                return .failed(ParleyError(SessionProblem.widthArguments, at: command.span))
            }
            // A cut cell keeps at least one character and its `…`.
            widths.append(width == 0 ? 0 : max(2, width))
        }
        settings.columnWidths = widths
        return .finished
    }

    func maxWidthCommand(_ command: DotInvocation) -> Outcome {
        guard let first = command.arguments.first else {
            output.write(maxWidthText + "\n")
            return .finished
        }
        switch first {
        case "auto" where command.arguments.count == 1: settings.maxWidth = .terminal
        case "off" where command.arguments.count == 1: settings.maxWidth = .off
        default:
            guard command.arguments.count == 1, let count = Int(first), count >= 20, count <= 100_000 else {
                return .failed(ParleyError(SessionProblem.maxWidthArguments, at: command.span))
            }
            settings.maxWidth = .columns(count)
        }
        return .finished
    }

    func maxRowsCommand(_ command: DotInvocation) -> Outcome {
        if command.arguments.isEmpty {
            output.write(maxRowsText + "\n")
            return .finished
        }
        guard command.arguments.count == 1, let count = Int(command.arguments[0]), count >= 0 else {
            return .failed(ParleyError(SessionProblem.maxRowsArguments, at: command.span))
        }
        settings.maxRows = count == 0 ? Int.max : count
        return .finished
    }

    func pagerCommand(_ command: DotInvocation) -> Outcome {
        if command.arguments.isEmpty {
            output.write(pagerText + "\n")
            return .finished
        }
        guard let on = Session.onOff(command.arguments) else {
            return .failed(ParleyError(SessionProblem.takesOnOrOff(command: "pager"), at: command.span))
        }
        if on && settings.safeFiles != nil {
            return .failed(ParleyError(SessionProblem.pagerRefusedInSafeMode, at: command.span))
        }
        settings.pager = on
        return .finished
    }

    func promptCommand(_ command: DotInvocation) -> Outcome {
        guard (1...2).contains(command.arguments.count) else {
            return .failed(ParleyError(SessionProblem.usage(".prompt MAIN [CONTINUE] (quote a prompt with spaces)"), at: command.span))
        }
        guard command.arguments.allSatisfy({ !$0.utf8.contains(where: { $0 < 0x20 }) }) else {
            return .failed(ParleyError(SessionProblem.promptControlCharacter, at: command.span))
        }
        settings.prompt = command.arguments[0]
        if command.arguments.count == 2 { settings.continuationPrompt = command.arguments[1] }
        return .finished
    }
}

private extension String {
    var withoutEdgeSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }

    /// `1,234` is a number to a reader.
    var withoutCommas: String { String(filter { $0 != "," }) }
}
