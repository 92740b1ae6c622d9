import ParleyGraph

/// Renders a syntax tree back to canonical Parley text: one line, single spaces, names quoted only
/// when they must be. Parsing the printed text gives the same tree (a test checks it).
public enum Printer {
    public static func print(_ statement: Statement) -> String {
        switch statement.body {
        case let .query(query): print(query)
        case let .add(add): print(add)
        case let .correction(correction): print(correction)
        }
    }

    public static func print(_ query: Query) -> String {
        var parts = [head(query.head)]
        parts += query.filters.map(filter)
        var text = parts.joined(separator: " ")
        for stage in query.stages { text += " | " + self.stage(stage) }
        return text
    }

    static func name(_ name: Name) -> String {
        if name.isParameter { return "$" + name.text }
        return quotedIfNeeded(name.text)
    }

    /// A bare word when the lexer would read it back as one identifier that is not a keyword.
    static func quotedIfNeeded(_ text: String) -> String {
        var text = text
        return text.withUTF8 { isBare($0) } ? text : quoted(text)
    }

    /// Whether these bytes read back as one identifier that is not a keyword, a kind or a level.
    static func isBare(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, ByteClass.of(first) == .letter else { return false }
        // Every word that needs quotes is lowercase ASCII letters and digits: most names are decided without a String.
        var mayBeKeyword = true
        for byte in bytes {
            guard ByteClass.of(byte).continuesIdentifier else { return false }
            let lowercase = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if !lowercase && !digit { mayBeKeyword = false }
        }
        return !mayBeKeyword || !wordsNeedingQuotes.contains(String(decoding: bytes, as: UTF8.self))
    }

    private static let wordsNeedingQuotes: Set<String> = Parser.reservedWords
        .union(NodeKind.allCases.map(\.rawValue)).union(NodeKind.allCases.map(\.singular))
        .union(["members"]).union(PlaceLevel.allCases.map(\.rawValue))

    /// Appends `text`, in double quotes unless it reads back bare.
    package static func appendName(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if isBare(text) { out.append(contentsOf: text) } else { appendQuoted(text, to: &out) }
    }

    static func field(_ name: Name) -> String {
        name.isParameter ? "$" + name.text : quotedIfNeededField(name.text)
    }

    /// Fields may be keywords (`count`, `day`); only odd characters need quotes.
    static func quotedIfNeededField(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let bare = !bytes.isEmpty && ByteClass.of(bytes[0]) == .letter && bytes.allSatisfy { ByteClass.of($0).continuesIdentifier }
        return bare ? text : quotedIfNeeded(text)
    }

    static func date(_ literal: DateLiteral) -> String {
        literal.isParameter ? "$" + literal.text : literal.text
    }

    package static func head(_ head: Head) -> String {
        switch head {
        case let .kind(kind, _): kind.rawValue
        case let .members(of: party): "members of " + name(party)
        case let .navigate(from, direction, relation):
            nodeRef(from) + (direction == .outgoing ? " -> " : " <- ") + field(relation)
        case let .history(of: node): "history" + (node.map { " of " + nodeRef($0) } ?? "")
        case .events: "events"
        }
    }

    static func nodeRef(_ ref: NodeRef) -> String {
        if let place = ref.place { return "place " + self.place(place) }
        return (ref.kind.map { $0.singular + " " } ?? "") + name(ref.name)
    }

    package static func filter(_ filter: Filter) -> String {
        switch filter {
        case let .where(expr): "where " + expression(expr)
        case let .in(refs): "in " + (refs.count == 1 ? place(refs[0]) : "(" + refs.map(place).joined(separator: ", ") + ")")
        case let .within(party): "within " + name(party)
        case let .not(inner, _): "not " + Printer.filter(inner)
        case let .involving(parties, roles, membersOnly):
            "involving " + (membersOnly ? "members of " : "") + (parties.count == 1 ? name(parties[0]) : "(" + parties.map(name).joined(separator: ", ") + ")") + (roles.isEmpty ? "" : " as " + roles.map(name).joined(separator: " or "))
        case let .with(parties): "with " + parties.map(name).joined(separator: " and ")
        case let .during(literal): "during " + date(literal)
        case let .between(from, to): "from \(date(from)) to \(date(to))"
        case let .before(ref): "before " + timeRef(ref)
        case let .after(ref): "after " + timeRef(ref)
        case let .sameDay(event): "same day as " + name(event)
        case let .last(count, unit): "last \(count) \(name(unit))"
        case let .source(role, party): "\(role.rawValue) by \(name(party))"
        case let .mentioning(text): "mentioning " + name(text)
        case let .about(node): "about " + nodeRef(node)
        }
    }

    static func place(_ ref: PlaceRef) -> String {
        (ref.level.map { $0.text + " " } ?? "") + (ref.isAbsolute ? "/" : "") + ref.path.map(name).joined(separator: "/")
    }

    static func timeRef(_ ref: TimeRef) -> String {
        switch ref {
        case let .date(literal): date(literal)
        case let .event(event): name(event)
        }
    }

    package static func stage(_ stage: Stage) -> String {
        switch stage {
        case let .select(items):
            "select " + items.map { selectItem($0.expression) + ($0.alias.map { " as " + field($0) } ?? "") }.joined(separator: ", ")
        case let .sort(keys):
            "sort by " + keys.map { field($0.field) + ($0.descending ? " desc" : "") }.joined(separator: ", ")
        case let .limit(.number(count)): "limit \(count)"
        case let .limit(.parameter(name)): "limit $" + name.text
        case let .aggregate(list):
            list.map { aggregate in
                aggregate.function.rawValue + (aggregate.field.map { " " + field($0) } ?? "")
                    + (aggregate.alias.map { " as " + field($0) } ?? "")
            }.joined(separator: ", ")
        case let .group(keys): "group by " + keys.map { field($0.field) + ($0.filled != nil ? " filled" : "") }.joined(separator: ", ")
        case let .distinct(fields): fields.isEmpty ? "distinct" : "distinct " + distinctFields(fields)
        case let .filter(expr): "where " + expression(expr)
        case let .pair(query, keys): "pair with (\(print(query))) on " + keys.map(field).joined(separator: ", ")
        }
    }

    /// The parser reads a field list after `distinct` only if it opens with a name, so a keyword there is quoted.
    static func distinctFields(_ fields: [Name]) -> String {
        let first = fields[0]
        let opening = !first.isParameter && Parser.reservedWords.contains(first.text) ? quoted(first.text) : field(first)
        return ([opening] + fields.dropFirst().map(field)).joined(separator: ", ")
    }

    /// A select item: a field as a field (a keyword bare, odd text quoted), arithmetic as an expression.
    static func selectItem(_ expr: Expr) -> String {
        if case let .field(name) = expr { return field(name) }
        return expression(expr)
    }

    /// Expressions print fully parenthesised where precedence could matter, so the tree survives;
    /// arithmetic takes brackets only where its precedence needs them (`(a + b) * c`, `a - (b - c)`).
    package static func expression(_ expr: Expr) -> String {
        switch expr {
        case let .field(name): field(name)
        case let .string(text, _): quoted(text)
        case let .number(_, text, _): text
        case let .date(literal): date(literal)
        case .unknown: "unknown"
        case let .parameter(name): "$" + name.text
        case let .not(inner): "not " + operand(inner)
        case let .and(left, right): operand(left) + " and " + operand(right)
        case let .or(left, right): operand(left) + " or " + operand(right)
        case let .compare(left, op, right): operand(left) + " \(op.rawValue) " + operand(right)
        case let .isUnknown(inner, negated): operand(inner) + (negated ? " is not unknown" : " is unknown")
        case let .contains(left, right): operand(left) + " contains " + operand(right)
        case let .oneOf(left, options): operand(left) + " in (" + options.map(operand).joined(separator: ", ") + ")"
        case let .arithmetic(left, op, right):
            // Left to right: a right side of the same precedence keeps its brackets.
            term(left, above: op.precedence - 1) + " \(op.rawValue) " + term(right, above: op.precedence)
        case let .negate(inner):
            switch inner {
            case .number, .negate, .arithmetic: "-(" + expression(inner) + ")"
            default: "-" + operand(inner)
            }
        case let .call(name, arguments): field(name) + "(" + arguments.map(expression).joined(separator: ", ") + ")"
        }
    }

    /// Arithmetic binds tighter than comparisons and logic, so it needs no brackets as their operand.
    private static func operand(_ expr: Expr) -> String {
        switch expr {
        case .field, .string, .number, .date, .unknown, .parameter, .arithmetic, .negate, .call: expression(expr)
        default: "(" + expression(expr) + ")"
        }
    }

    /// An operand of arithmetic: in brackets unless it binds tighter than `precedence`.
    private static func term(_ expr: Expr, above precedence: Int) -> String {
        switch expr {
        case let .arithmetic(_, op, _) where op.precedence > precedence: expression(expr)
        case .arithmetic: "(" + expression(expr) + ")"
        default: operand(expr)
        }
    }

    /// Escapes byte by byte: a quote with an accent on it, or `\r\n`, is one `Character` but two scalars.
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        var text = text
        text.withUTF8 { appendQuoted($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` in double quotes with `"`, `\`, line breaks and tabs escaped (`Lexer.stringValue` undoes it):
    /// Parley's one way of quoting, used by the dump too.
    package static func appendQuoted(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var start = 0
        for index in 0..<text.count {
            let escaped: UInt8
            switch text[index] {
            case UInt8(ascii: "\""): escaped = UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
            out.append(UInt8(ascii: "\\"))
            out.append(escaped)
            start = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        out.append(UInt8(ascii: "\""))
    }

    public static func print(_ add: AddStatement) -> String {
        var text = "add "
        switch add.target {
        case let .node(kind, nodeName): text += kind.singular + " " + name(nodeName)
        case let .relation(subject, relation, object):
            text += "relation " + nodeRef(subject) + " " + field(relation) + " " + nodeRef(object)
        case .source: text += "source"
        }
        for clause in add.clauses {
            text += " " + self.clause(clause)
        }
        return text
    }

    static func value(_ value: ClauseValue) -> String {
        switch value {
        case let .name(text): name(text)
        case let .number(_, text, _): text
        case let .date(literal): date(literal)
        case .unknown: "unknown"
        case let .place(ref): place(ref)
        case let .node(ref): nodeRef(ref)
        case let .new(party): "new " + name(party)
        }
    }

    /// A source's value: a party named `new` is quoted, or it would read back as `new` and the next name.
    static func sourceValue(_ value: ClauseValue) -> String {
        if case let .name(party) = value, !party.isParameter, party.text == "new" { return quoted(party.text) }
        return self.value(value)
    }
}
