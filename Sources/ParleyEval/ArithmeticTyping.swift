import ParleySchema
import ParleySupport
import ParleySyntax

/// The typing rules of arithmetic in `select` and `where`, applied before any row is read:
/// - its operands are numbers: a count or number field (a column a stage made from one, or
///   computed), a number written in the query, a `$parameter` set to one, or `unknown`; a field of
///   anything else (`name + 1`), a word, a string or a date is a located error;
/// - a comparison with arithmetic on either side compares numbers, so both sides are operands;
/// - a function is one of `ArithmeticFunction`'s, with as many arguments as it takes, and
///   `round`'s places a whole number written in the query (or a parameter set to one).
/// A column whose type the binder does not know (of `facts`, `history`, `pair`) is read as it comes:
/// a value there that is no number makes the result unknown.
struct ArithmeticTyping {
    /// Whether a bare word names a column of the rows.
    let isColumn: (String) -> Bool
    /// What a column holds, when the binder knows it.
    let type: (String) -> FieldType?
    /// The columns here, for hints.
    let columns: [String]
    let resolver: Resolver

    /// Checks the arithmetic in a condition.
    func check(condition expr: Expr) throws(ParleyError) {
        switch expr {
        case let .not(inner): try check(condition: inner)
        case let .and(a, b), let .or(a, b): try check(condition: a); try check(condition: b)
        case let .compare(a, _, b), let .contains(a, b):
            if a.isArithmetic || b.isArithmetic {
                try check(number: a)
                try check(number: b)
            } else {
                try check(condition: a)
                try check(condition: b)
            }
        case let .oneOf(subject, options):
            let numbers = subject.isArithmetic || options.contains { $0.isArithmetic }
            if numbers {
                try check(number: subject)
                for option in options { try check(number: option) }
            } else {
                // Without arithmetic every option is a field or a value, which `check(condition:)` passes.
                try check(condition: subject)
            }
        case let .isUnknown(inner, _):
            if inner.isArithmetic { try check(number: inner) } else { try check(condition: inner) }
        case .arithmetic, .negate, .call:
            // A number where true or false goes would keep no row.
            try check(number: expr)
            let written = Printer.expression(expr)
            throw ParleyError(EvalProblem.numberAsCondition(written), at: expr.range.map { resolver.span($0) },
                              hint: "compare it, as in `\(written) > 0`, or ask `\(written) is unknown`")
        case .field, .string, .number, .date, .unknown, .parameter:
            break
        }
    }

    /// Checks that `expr` is a number.
    func check(number expr: Expr) throws(ParleyError) {
        switch expr {
        case .number, .unknown:
            return
        case let .field(name):
            guard isColumn(name.text) else {
                throw ParleyError(EvalProblem.arithmeticOnValue("the word `\(name.text)`"), at: resolver.span(name.range),
                                  hint: NameSuggester.closest(to: name.text, among: columns).map { "did you mean the field `\($0)`?" } ?? numbersHint)
            }
            if let type = type(name.text), let holds = Self.holds(type) {
                throw ParleyError(EvalProblem.arithmeticOnField(name.text, holds: holds), at: resolver.span(name.range), hint: numbersHint)
            }
        case let .string(text, range):
            let number = Double(text).map { $0.isFinite } ?? false
            throw ParleyError(EvalProblem.arithmeticOnValue("the string \"\(text.replacingQuotes())\""), at: resolver.span(range),
                              hint: number ? "write the number without quotes: `\(text)`" : numbersHint)
        case let .date(literal):
            throw ParleyError(EvalProblem.arithmeticOnValue("the date `\(literal.text)`"), at: resolver.span(literal.range),
                              hint: "arithmetic works on counts and numbers, not dates")
        case let .parameter(name):
            let text = try resolver.text(name)
            guard let value = Double(text), value.isFinite else {
                throw ParleyError(EvalProblem.arithmeticOnValue("`$\(name.text)`, set to `\(text)`"), at: resolver.span(name.range),
                                  hint: "set it to a number, as in `-p \(name.text)=2`")
            }
        case let .arithmetic(a, _, b):
            try check(number: a)
            try check(number: b)
        case let .negate(inner):
            try check(number: inner)
        case let .call(name, arguments):
            try check(call: name, arguments)
        case .not, .and, .or, .compare, .isUnknown, .contains, .oneOf:
            throw ParleyError(EvalProblem.arithmeticOnValue("a condition, which is true or false"),
                              at: expr.range.map { resolver.span($0) }, hint: "arithmetic works on counts and numbers")
        }
    }

    private func check(call name: Name, _ arguments: [Expr]) throws(ParleyError) {
        guard let function = ArithmeticFunction(rawValue: name.text) else {
            let known = ArithmeticFunction.allCases.map(\.rawValue)
            throw ParleyError(EvalProblem.unknownFunction(name.text), at: resolver.span(name.range),
                              hint: (NameSuggester.closest(to: name.text, among: known).map { "did you mean `\($0)`? " } ?? "")
                                + "functions: " + ArithmeticFunction.allCases.map(\.usage).joined(separator: ", "))
        }
        guard function.arguments.contains(arguments.count) else {
            throw ParleyError(EvalProblem.argumentCount(function: name.text, takes: function.takes, found: arguments.count),
                              at: resolver.span(name.range), hint: "write \(function.usage)")
        }
        try check(number: arguments[0])
        if arguments.count == 2 { _ = try Self.places(arguments[1], resolver) }
    }

    /// `round`'s places: a whole number written in the query, or a parameter set to one.
    static func places(_ expr: Expr, _ resolver: Resolver) throws(ParleyError) -> Int {
        let found: String
        switch expr {
        case let .number(_, text, _):
            if let places = Int(text) { return places }
            found = text
        case let .parameter(name):
            let text = try resolver.text(name)
            if let places = Int(text) { return places }
            found = "$\(name.text)` (set to `\(text)"
        default:
            found = Printer.expression(expr)
        }
        throw ParleyError(EvalProblem.roundPlaces(found), at: expr.range.map { resolver.span($0) },
                          hint: "`round(x, 2)` rounds to hundredths, `round(x)` to a whole number, `round(x, -1)` to tens")
    }

    /// What a field of this type holds when it is no number; nil for counts and numbers.
    private static func holds(_ type: FieldType) -> String? {
        switch type {
        case .count, .number: nil
        case .code: "codes (numbers that name something)"
        case .text: "text"
        case .date: "dates"
        case .choice: "one of a closed set of words"
        case .party: "parties"
        case .place: "places"
        case .node: "names of nodes"
        }
    }

    private var numbersHint: String {
        let numeric = columns.filter { name in type(name).map { Self.holds($0) == nil } ?? false }
        return numeric.isEmpty ? "arithmetic works on counts and numbers"
            : "fields of numbers here: " + numeric.joined(separator: ", ")
    }
}
