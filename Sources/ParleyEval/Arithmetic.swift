import ParleySyntax

/// Arithmetic on values, as DuckDB does it: whole numbers stay whole while they can (`+`, `-`, `*`,
/// and a `/` that divides evenly), a `/` that does not gives a real number (7 / 2 = 3.5), and what
/// cannot be known is unknown — an unknown operand, a division by zero, a value that is no number,
/// a result past what a number holds. Nothing here is an error: the binder has typed the operands.
enum Arithmetic {
    static func apply(_ op: ArithmeticOperator, _ lhs: Value, _ rhs: Value) -> Value {
        if case let .integer(x) = lhs, case let .integer(y) = rhs {
            if op == .divide && y == 0 { return .unknown }
            let (result, overflow): (Int64, Bool) = switch op {
            case .plus: x.addingReportingOverflow(y)
            case .minus: x.subtractingReportingOverflow(y)
            case .times: x.multipliedReportingOverflow(by: y)
            // Whole when it divides evenly; otherwise (or past Int64) a real number below.
            case .divide:
                x.remainderReportingOverflow(dividingBy: y).partialValue == 0 ? x.dividedReportingOverflow(by: y) : (0, true)
            }
            if !overflow { return .integer(result) }
        }
        guard let x = lhs.numericValue, let y = rhs.numericValue else { return .unknown }
        switch op {
        case .plus: return real(x + y)
        case .minus: return real(x - y)
        case .times: return real(x * y)
        case .divide: return y == 0 ? .unknown : real(x / y)
        }
    }

    static func negate(_ value: Value) -> Value {
        switch value {
        case let .integer(x) where x != .min: .integer(-x)
        default: value.numericValue.map { real(-$0) } ?? .unknown
        }
    }

    static func absolute(_ value: Value) -> Value {
        switch value {
        case let .integer(x) where x != .min: .integer(Swift.abs(x))
        default: value.numericValue.map { real(Swift.abs($0)) } ?? .unknown
        }
    }

    /// `round(x, places)`, half away from zero (DuckDB's `round`): a whole number stays whole, and
    /// negative places round to tens, hundreds…
    static func round(_ value: Value, places: Int) -> Value {
        switch value {
        case let .integer(x):
            if places >= 0 { return value }
            if places < -18 { return .integer(0) }
            var unit: Int64 = 1
            for _ in 0 ..< -places { unit *= 10 }
            let (quotient, remainder) = x.quotientAndRemainder(dividingBy: unit)
            let away: Int64 = Swift.abs(remainder) >= unit - Swift.abs(remainder) ? (x < 0 ? -1 : 1) : 0
            let (rounded, overflow) = (quotient + away).multipliedReportingOverflow(by: unit)
            return overflow ? real(Double(quotient + away) * Double(unit)) : .integer(rounded)
        case let .double(x):
            // Past the digits a double holds, rounding changes nothing (DuckDB returns the input).
            if places > 308 { return value }
            var scale = 1.0
            for _ in 0 ..< min(Swift.abs(places), 400) { scale *= 10 }
            let rounded = places >= 0
                ? (x * scale).rounded(.toNearestOrAwayFromZero) / scale
                : (x / scale).rounded(.toNearestOrAwayFromZero) * scale
            return rounded.isFinite ? .double(rounded) : value
        default:
            return .unknown
        }
    }

    /// A real result, or unknown when it is past what a double holds.
    static func real(_ x: Double) -> Value { x.isFinite ? .double(x) : .unknown }
}

/// The functions of arithmetic, by the name a query calls them with.
enum ArithmeticFunction: String, CaseIterable {
    case abs, round, share

    /// How many arguments it takes, for the error when the count is wrong.
    var arguments: ClosedRange<Int> { self == .round ? 1...2 : 1...1 }

    /// How it is called, for hints.
    var usage: String {
        switch self {
        case .abs: "abs(x)"
        case .round: "round(x) or round(x, places)"
        case .share: "share(x) (x over the sum of x over all rows)"
        }
    }

    var takes: String { self == .round ? "one or two arguments (x, places)" : "one argument" }
}

extension Expr {
    /// Whether this is arithmetic (an operator, a minus or a function), whose value is a number.
    var isArithmetic: Bool {
        switch self {
        case .arithmetic, .negate, .call: true
        default: false
        }
    }

    /// Whether `share(…)` appears in it: its value reads every row, so no part of it runs as a coded loop first.
    var readsAllRows: Bool {
        switch self {
        case .field, .string, .number, .date, .unknown, .parameter: false
        case let .call(name, arguments): name.text == ArithmeticFunction.share.rawValue || arguments.contains { $0.readsAllRows }
        case let .not(inner), let .isUnknown(inner, _), let .negate(inner): inner.readsAllRows
        case let .and(a, b), let .or(a, b), let .compare(a, _, b), let .contains(a, b), let .arithmetic(a, _, b):
            a.readsAllRows || b.readsAllRows
        case let .oneOf(inner, list): inner.readsAllRows || list.contains { $0.readsAllRows }
        }
    }

    /// The bytes it was written in, as far as the tree knows them (for pointing at it).
    var range: Range<Int>? {
        switch self {
        case let .field(name), let .parameter(name): name.range
        case let .string(_, range), let .number(_, _, range), let .unknown(range): range
        case let .date(literal): literal.range
        case let .not(inner), let .isUnknown(inner, _), let .negate(inner): inner.range
        case let .and(a, b), let .or(a, b), let .compare(a, _, b), let .contains(a, b), let .arithmetic(a, _, b):
            Expr.span(a.range, b.range)
        case let .oneOf(inner, list): list.reduce(inner.range) { Expr.span($0, $1.range) }
        case let .call(name, arguments): arguments.reduce(name.range) { Expr.span($0, $1.range) }
        }
    }

    private static func span(_ a: Range<Int>?, _ b: Range<Int>?) -> Range<Int>? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound)
    }
}
