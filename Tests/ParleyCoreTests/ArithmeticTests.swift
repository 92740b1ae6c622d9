import Testing
@testable import ParleyEval
@testable import ParleySupport
@testable import ParleySyntax

/// Arithmetic's values at their edges (whole numbers past Int64, rounding at every scale) and the
/// trees its precedence makes.
@Suite struct ArithmeticTests {
    @Test func wholeNumbersStayWholeUntilTheyCannot() {
        #expect(Arithmetic.apply(.plus, .integer(2), .integer(3)) == .integer(5))
        #expect(Arithmetic.apply(.divide, .integer(6), .integer(3)) == .integer(2))
        #expect(Arithmetic.apply(.divide, .integer(7), .integer(2)) == .double(3.5))
        #expect(Arithmetic.apply(.divide, .integer(-7), .integer(2)) == .double(-3.5))
        // Int64.min / -1 and Int64.max + 1 do not fit: a real number, never a trap.
        #expect(Arithmetic.apply(.divide, .integer(.min), .integer(-1)) == .double(9.223372036854775808e18))
        #expect(Arithmetic.apply(.plus, .integer(.max), .integer(1)) == .double(9.223372036854775808e18))
        #expect(Arithmetic.apply(.times, .integer(.max), .integer(2)) == .double(1.8446744073709552e19))
        #expect(Arithmetic.negate(.integer(.min)) == .double(9.223372036854775808e18))
        #expect(Arithmetic.absolute(.integer(.min)) == .double(9.223372036854775808e18))
    }

    @Test func whatCannotBeKnownIsUnknown() {
        #expect(Arithmetic.apply(.divide, .integer(1), .integer(0)) == .unknown)
        #expect(Arithmetic.apply(.divide, .double(1), .double(0)) == .unknown)
        #expect(Arithmetic.apply(.divide, .integer(0), .double(-0.0)) == .unknown)
        #expect(Arithmetic.apply(.plus, .unknown, .integer(1)) == .unknown)
        #expect(Arithmetic.apply(.times, .integer(0), .unknown) == .unknown)
        #expect(Arithmetic.apply(.plus, .string("3"), .integer(1)) == .unknown)
        #expect(Arithmetic.apply(.times, .double(1e308), .double(10)) == .unknown)
        #expect(Arithmetic.round(.string("x"), places: 2) == .unknown)
    }

    @Test func roundIsHalfAwayFromZeroAtEveryScale() {
        #expect(Arithmetic.round(.double(0.5), places: 0) == .double(1))
        #expect(Arithmetic.round(.double(-0.5), places: 0) == .double(-1))
        #expect(Arithmetic.round(.double(1.25), places: 1) == .double(1.3))
        #expect(Arithmetic.round(.double(-1.25), places: 1) == .double(-1.3))
        #expect(Arithmetic.round(.double(1250), places: -2) == .double(1300))
        #expect(Arithmetic.round(.double(1.5), places: 400) == .double(1.5))
        #expect(Arithmetic.round(.integer(15), places: -1) == .integer(20))
        #expect(Arithmetic.round(.integer(-15), places: -1) == .integer(-20))
        #expect(Arithmetic.round(.integer(14), places: -1) == .integer(10))
        #expect(Arithmetic.round(.integer(7), places: 3) == .integer(7))
        #expect(Arithmetic.round(.integer(.max), places: -18) == .integer(9_000_000_000_000_000_000))
        #expect(Arithmetic.round(.integer(.max), places: -1) == .double(9.223372036854775808e18))
        #expect(Arithmetic.round(.integer(.max), places: -19) == .integer(0))
    }

    private func expression(_ text: String) throws -> Expr {
        let statement = try GrammarFile.statements("incidents where " + text)[0]
        guard case let .query(query) = statement.body, case let .where(expr) = query.filters[0] else {
            Issue.record("not a where: \(text)")
            return .unknown(range: 0..<0)
        }
        return expr
    }

    private func number(_ value: Double) -> Expr { .number(value, text: "", range: 0..<0) }
    private func field(_ name: String) -> Expr { .field(Name(name)) }

    @Test func productsBindTighterThanSumsAndBothGoLeftToRight() throws {
        #expect(try expression("1 - 2 - 3 > 0")
            == .compare(.arithmetic(.arithmetic(number(1), .minus, number(2)), .minus, number(3)), .greater, number(0)))
        #expect(try expression("a + b * c / d = 0")
            == .compare(.arithmetic(field("a"), .plus, .arithmetic(.arithmetic(field("b"), .times, field("c")), .divide, field("d"))),
                        .equal, number(0)))
        #expect(try expression("(a + b) * c = 0")
            == .compare(.arithmetic(.arithmetic(field("a"), .plus, field("b")), .times, field("c")), .equal, number(0)))
        // A minus before a number is its sign; before anything else, a negation.
        #expect(try expression("-3 * a = 0") == .compare(.arithmetic(number(-3), .times, field("a")), .equal, number(0)))
        #expect(try expression("-a - -b = 0") == .compare(.arithmetic(.negate(field("a")), .minus, .negate(field("b"))), .equal, number(0)))
        #expect(try expression("round(a / 2, 1) > abs(b)")
            == .compare(.call(Name("round"), [.arithmetic(field("a"), .divide, number(2)), number(1)]), .greater,
                        .call(Name("abs"), [field("b")])))
    }

    @Test func aSelectItemIsAFieldUnlessItComputes() throws {
        let statement = try GrammarFile.statements(#"incidents | select unknown, unknown + 1, count * 2, "odd name", $f, distinct"#)[0]
        guard case let .query(query) = statement.body, case let .select(items) = query.stages[0] else {
            Issue.record("not a select")
            return
        }
        #expect(items.map(\.expression) == [
            field("unknown"), .arithmetic(.unknown(range: 0..<0), .plus, number(1)), .arithmetic(field("count"), .times, number(2)),
            field("odd name"), .field(Name("f", isParameter: true)), field("distinct"),
        ])
        #expect(Printer.print(query) == #"incidents | select unknown, unknown + 1, count * 2, "odd name", $f, distinct"#)
    }
}
