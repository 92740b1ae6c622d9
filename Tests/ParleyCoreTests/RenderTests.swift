import Foundation
import Testing
@testable import ParleyEval
@testable import ParleyGraph
@testable import ParleyRender

private func render(_ result: ResultSet, _ format: OutputFormat, maxRows: Int? = nil) -> String {
    do {
        return try Renderer.render(result, options: RenderOptions(format: format, maxRows: maxRows))
    } catch {
        Issue.record("rendering failed: \(error.message)")
        return ""
    }
}

/// Unknown, zero and the empty string: three different things every format must keep apart.
private let unknownZeroEmpty = ResultSet(
    columns: ["name", "deaths"],
    rows: [
        [.string("Kyiv"), .integer(0)],
        [.string(""), .unknown],
        [.unknown, .integer(3)],
    ]
)

private func numbers(_ count: Int) -> ResultSet {
    ResultSet(columns: ["n"], rows: (1...count).map { [.integer(Int64($0))] })
}

@Suite struct DisplayWidthTests {
    @Test func asciiCountsPrintableBytes() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("Kyiv") == 4)
        #expect(DisplayWidth.of("a\u{7}b") == 2)
    }

    @Test func scripts() {
        #expect(DisplayWidth.of("Запоріжжя") == 9)
        #expect(DisplayWidth.of("שלום") == 4)
        #expect(DisplayWidth.of("مرحبا") == 5)
        #expect(DisplayWidth.of("東京") == 4)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("Ａ") == 2)   // fullwidth Latin
        #expect(DisplayWidth.of("ｱ") == 1)   // halfwidth katakana
    }

    @Test func combiningAndInvisible() {
        #expect(DisplayWidth.of("Cafe\u{301}") == 4)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2) // conjoining jamo: one syllable
    }

    @Test func emoji() {
        #expect(DisplayWidth.of("🔥") == 2)
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)          // ZWJ sequence
        #expect(DisplayWidth.of("🇺🇦") == 2)           // flag
        #expect(DisplayWidth.of("👍🏽") == 2)           // skin tone
        #expect(DisplayWidth.of("❤") == 1)            // text presentation by default
        #expect(DisplayWidth.of("❤\u{FE0F}") == 2)    // VS16 asks for emoji
        #expect(DisplayWidth.of("⌚\u{FE0E}") == 1)    // VS15 asks for text
        #expect(DisplayWidth.of("a🔥b") == 4)
    }
}

@Suite struct TableRenderTests {
    @Test func unknownZeroAndEmptyDiffer() {
        #expect(render(unknownZeroEmpty, .table) == """
        ┌──────┬────────┐
        │ name │ deaths │
        ├──────┼────────┤
        │ Kyiv │      0 │
        │      │      ∅ │
        │ ∅    │      3 │
        └──────┴────────┘
        3 rows

        """)
    }

    @Test func defaultOptionsAreAFullTable() throws {
        #expect(try Renderer.render(unknownZeroEmpty, options: RenderOptions()) == render(unknownZeroEmpty, .table))
        #expect(RenderOptions().maxRows == nil)
    }

    @Test func alignsByDisplayWidth() {
        let result = ResultSet(
            columns: ["city", "n"],
            rows: [
                [.string("Запоріжжя"), .integer(1)],
                [.string("東京"), .integer(22)],
                [.string("🔥 Bakhmut"), .double(3.5)],
                [.string("Cafe\u{301}"), .integer(-4)],
            ]
        )
        #expect(render(result, .table) == """
        ┌────────────┬─────┐
        │ city       │ n   │
        ├────────────┼─────┤
        │ Запоріжжя  │   1 │
        │ 東京       │  22 │
        │ 🔥 Bakhmut │ 3.5 │
        │ Cafe\u{301}       │  -4 │
        └────────────┴─────┘
        4 rows

        """)
    }

    @Test func controlCharactersStayOnOneLine() {
        let result = ResultSet(columns: ["note\tx"], rows: [[.string("a\nb\tc\r\nd")]])
        #expect(render(result, .table) == """
        ┌──────────────┐
        │ note\\tx      │
        ├──────────────┤
        │ a\\nb\\tc\\r\\nd │
        └──────────────┘
        1 row

        """)
    }

    @Test func typesPrintByTheirText() {
        let result = ResultSet(
            columns: ["when", "ok", "who"],
            rows: [[.date(CalendarDate(year: 2024, month: 3, day: 5)), .boolean(true), .list([.string("A"), .string("B")])],
                   [.date(.unknown), .boolean(false), .list([])]]
        )
        #expect(render(result, .table) == """
        ┌────────────┬───────┬──────┐
        │ when       │ ok    │ who  │
        ├────────────┼───────┼──────┤
        │ 2024-03-05 │ true  │ A; B │
        │ ∅          │ false │      │
        └────────────┴───────┴──────┘
        2 rows

        """)
    }

    @Test func emptyResultStillShowsHeader() {
        #expect(render(ResultSet(columns: ["a", "bb"], rows: []), .table) == """
        ┌───┬────┐
        │ a │ bb │
        ├───┼────┤
        └───┴────┘
        0 rows

        """)
    }

    @Test func noColumnsPrintsOnlyFooter() {
        #expect(render(ResultSet(columns: [], rows: []), .table) == "0 rows\n")
        let many = ResultSet(columns: [], rows: Array(repeating: [], count: 1234))
        #expect(render(many, .table) == "1,234 rows\n")
    }

    @Test func footerUsesThousandsSeparators() {
        #expect(TableRenderer.count(0) == "0")
        #expect(TableRenderer.count(999) == "999")
        #expect(TableRenderer.count(1000) == "1,000")
        #expect(TableRenderer.count(1_234_567) == "1,234,567")
        #expect(render(numbers(1234), .table).hasSuffix("│ 1234 │\n└──────┘\n1,234 rows\n"))
    }

    @Test func maxRowsShowsHeadAndTail() {
        #expect(render(numbers(1000), .table, maxRows: 4) == """
        ┌──────┐
        │ n    │
        ├──────┤
        │    1 │
        │    2 │
        │  ·   │
        │  999 │
        │ 1000 │
        └──────┘
        1,000 rows (4 shown)

        """)
    }

    @Test func oddMaxRowsRoundsTheHeadUp() {
        #expect(render(numbers(10), .table, maxRows: 3) == """
        ┌────┐
        │ n  │
        ├────┤
        │  1 │
        │  2 │
        │ ·  │
        │ 10 │
        └────┘
        10 rows (3 shown)

        """)
    }

    @Test func widthsComeFromShownRowsOnly() {
        var result = numbers(5)
        result.rows[2] = [.string("a very long value in the middle")]
        #expect(render(result, .table, maxRows: 2) == """
        ┌───┐
        │ n │
        ├───┤
        │ 1 │
        │ · │
        │ 5 │
        └───┘
        5 rows (2 shown)

        """)
    }

    @Test func maxRowsAtOrAboveCountShowsEverything() {
        let full = render(numbers(4), .table)
        #expect(render(numbers(4), .table, maxRows: 4) == full)
        #expect(render(numbers(4), .table, maxRows: 100) == full)
        #expect(full.hasSuffix("4 rows\n"))
        #expect(!full.contains("·"))
    }
}

@Suite struct DelimitedRenderTests {
    @Test func csvKeepsUnknownEmptyAndZeroApart() {
        #expect(render(unknownZeroEmpty, .csv) == """
        name,deaths
        Kyiv,0
        "",
        ,3

        """)
    }

    @Test func csvQuotesWhatNeedsQuoting() {
        let result = ResultSet(
            columns: ["text", "a,b"],
            rows: [
                [.string("Kyiv, Ukraine"), .string("said \"no\"")],
                [.string("line1\nline2"), .string("cr\rhere")],
                [.string(" padded"), .string("trailing ")],
                [.string("inner space"), .double(2.5)],
                [.string("Запоріжжя"), .double(4)],
            ]
        )
        #expect(render(result, .csv) == #"""
        text,"a,b"
        "Kyiv, Ukraine","said ""no"""
        "line1
        line2","cr\#rhere"
        " padded","trailing "
        inner space,2.5
        Запоріжжя,4.0

        """#)
    }

    @Test func tsvEscapes() {
        let result = ResultSet(
            columns: ["a\tb", "c"],
            rows: [
                [.string("x\ty\nz\r"), .string("back\\slash")],
                [.unknown, .integer(0)],
                [.string(""), .boolean(true)],
            ]
        )
        #expect(render(result, .tsv) == "a\\tb\tc\nx\\ty\\nz\\r\tback\\\\slash\n\t0\n\ttrue\n")
    }

    @Test func emptyResultIsJustTheHeader() {
        #expect(render(ResultSet(columns: ["a", "b"], rows: []), .csv) == "a,b\n")
        #expect(render(ResultSet(columns: ["a", "b"], rows: []), .tsv) == "a\tb\n")
        #expect(render(ResultSet(columns: [], rows: []), .csv) == "")
    }
}

@Suite struct JSONRenderTests {
    @Test func arrayOfObjectsOnePerLine() {
        let result = ResultSet(columns: ["name", "deaths"],
                               rows: [[.string("Kyiv"), .integer(3)], [.string("Lviv"), .unknown]])
        #expect(render(result, .json) == "[{\"name\":\"Kyiv\",\"deaths\":3},\n{\"name\":\"Lviv\",\"deaths\":null}]\n")
    }

    @Test func unknownZeroAndEmptyDiffer() {
        #expect(render(unknownZeroEmpty, .jsonl) == """
        {"name":"Kyiv","deaths":0}
        {"name":"","deaths":null}
        {"name":null,"deaths":3}

        """)
    }

    @Test func types() {
        let result = ResultSet(
            columns: ["i", "d", "b", "date", "week", "list", "nan", "inf"],
            rows: [[.integer(-7), .double(2.5), .boolean(false),
                    .date(CalendarDate(year: 2024, month: 3, day: 5)), .date(CalendarDate.parse("2024-W09")!),
                    .list([.string("A"), .unknown, .integer(1)]), .double(.nan), .double(-.infinity)]]
        )
        #expect(render(result, .jsonl) == """
        {"i":-7,"d":2.5,"b":false,"date":"2024-03-05","week":"2024-W09","list":["A",null,1],"nan":null,"inf":null}

        """)
    }

    @Test func escaping() {
        let result = ResultSet(columns: ["k\"ey"], rows: [[.string("q\" b\\ n\n r\r t\t bell\u{7} \u{1F} Київ 東京 🔥")]])
        let expected = #"{"k\"ey":"q\" b\\ n\n r\r t\t bell\u0007 \u001f Київ 東京 🔥"}"# + "\n"
        #expect(render(result, .jsonl) == expected)
    }

    @Test func outputParsesAsJSON() throws {
        let result = ResultSet(columns: ["s", "n"],
                               rows: [[.string("a\u{0}\"\\\n"), .double(1e20)], [.unknown, .double(1e-7)]])
        let parsed = try JSONSerialization.jsonObject(with: Data(render(result, .json).utf8)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?.first?["s"] as? String == "a\u{0}\"\\\n")
        #expect(parsed?.last?["s"] is NSNull)
    }

    @Test func emptyResults() {
        #expect(render(ResultSet(columns: ["a"], rows: []), .json) == "[]\n")
        #expect(render(ResultSet(columns: ["a"], rows: []), .jsonl) == "")
    }
}

@Suite struct MarkdownRenderTests {
    @Test func numericColumnsAlignRight() {
        let result = ResultSet(columns: ["name", "deaths"],
                               rows: [[.string("Kyiv"), .integer(3)], [.string("Lviv"), .unknown], [.string(""), .integer(120)]])
        #expect(render(result, .markdown) == """
        | name | deaths |
        |------|-------:|
        | Kyiv |      3 |
        | Lviv |        |
        |      |    120 |

        """)
    }

    @Test func columnOfOnlyUnknownsIsNotNumeric() {
        let result = ResultSet(columns: ["x", "y"], rows: [[.unknown, .integer(1)], [.unknown, .string("2")]])
        #expect(render(result, .markdown) == """
        | x | y |
        |---|---|
        |   | 1 |
        |   | 2 |

        """)
    }

    @Test func escapesPipesAndPadsByDisplayWidth() {
        let result = ResultSet(columns: ["a|b", "n"],
                               rows: [[.string("東京"), .double(1.5)], [.string("x|y\nz"), .integer(10)]])
        #expect(render(result, .markdown) == """
        | a\\|b      | n   |
        |-----------|----:|
        | 東京      | 1.5 |
        | x\\|y<br>z |  10 |

        """)
    }

    @Test func emptyResultKeepsHeader() {
        #expect(render(ResultSet(columns: ["a"], rows: []), .markdown) == "| a |\n|---|\n")
    }
}

@Suite struct LineRenderTests {
    @Test func namesAlignAndRowsAreSeparated() {
        #expect(render(unknownZeroEmpty, .line) == """
          name = Kyiv
        deaths = 0
        """ + "\n\n  name = \n" + """
        deaths = ∅

          name = ∅
        deaths = 3

        """)
    }

    @Test func alignsNamesByDisplayWidth() {
        let result = ResultSet(columns: ["東京", "id"], rows: [[.string("x"), .integer(1)]])
        #expect(render(result, .line) == "東京 = x\n  id = 1\n")
    }

    @Test func noRowsPrintsNothing() {
        #expect(render(ResultSet(columns: ["a"], rows: []), .line) == "")
    }
}

@Test(arguments: OutputFormat.allCases)
func nonEmptyOutputEndsWithNewline(format: OutputFormat) {
    let text = render(unknownZeroEmpty, format)
    #expect(!text.isEmpty)
    #expect(text.hasSuffix("\n"))
    #expect(!text.hasSuffix("\n\n"))
}
