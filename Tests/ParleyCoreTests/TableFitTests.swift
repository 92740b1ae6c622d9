import Testing
@testable import ParleySupport
@testable import ParleyGraph
@testable import ParleySyntax
@testable import ParleyEval
@testable import ParleyRender
@testable import ParleyStore
@testable import ParleySession
@testable import ParleyShell

/// A boxed table on a terminal narrower than the table: text columns cut with `…`, widest first;
/// numbers never cut; past what cutting can do, one `name = value` block per row.
@Suite struct TableFitTests {
    let result = ResultSet(columns: ["name", "text", "deaths"], rows: [
        [.string("no_response_from_kyiv"), .string("Moscow has yet to receive a response from Kyiv"), .integer(1_234_567)],
        [.string("short"), .unknown, .integer(3)],
    ])

    func table(maxWidth: Int?, widths: [Int] = []) throws -> String {
        try Renderer.render(result, options: RenderOptions(format: .table, columnWidths: widths, maxWidth: maxWidth))
    }

    @Test func aTableThatFitsIsLeftAlone() throws {
        let natural = try table(maxWidth: nil)
        #expect(try table(maxWidth: 200) == natural)
        #expect(natural.split(separator: "\n")[0].count == 84)
    }

    @Test func theWidestTextColumnIsCutFirst() throws {
        #expect(try table(maxWidth: 60) == """
        ┌───────────────────────┬────────────────────────┬─────────┐
        │ name                  │ text                   │ deaths  │
        ├───────────────────────┼────────────────────────┼─────────┤
        │ no_response_from_kyiv │ Moscow has yet to rec… │ 1234567 │
        │ short                 │ ∅                      │       3 │
        └───────────────────────┴────────────────────────┴─────────┘
        2 rows

        """)
    }

    @Test func widestColumnsShareTheCutAndNumbersKeepEveryDigit() throws {
        let text = try table(maxWidth: 40)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 40 })
        #expect(text.contains("│ no_resp… │ Moscow has yet… │ 1234567 │"))
    }

    @Test func pastTheMinimumWidthEachRowIsABlock() throws {
        #expect(try table(maxWidth: 30) == """
          name = no_response_from_kyiv
          text = Moscow has yet to receive a response from Kyiv
        deaths = 1234567

          name = short
          text = ∅
        deaths = 3

        2 rows

        """)
    }

    @Test func widthCapsCutTextColumnsOnly() throws {
        let text = try table(maxWidth: nil, widths: [8, 0, 2])
        #expect(text.contains("│ no_resp… │ Moscow has yet to receive a response from Kyiv │ 1234567 │"))
    }

    @Test func aCutNeverSplitsACharacter() {
        #expect(DisplayWidth.truncate("Запоріжжя", to: 5) == "Запо…")
        #expect(DisplayWidth.truncate("東京都庁", to: 5) == "東京…")
        #expect(DisplayWidth.truncate("Kyiv", to: 4) == "Kyiv")
    }
}
