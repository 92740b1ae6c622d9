import Testing
@testable import ParleyEval
@testable import ParleyGraph

/// The column-at-a-time text search must find exactly what a row-by-row, case-folded search finds.
@Suite struct TextSearchTests {
    @Test func columnSearchAgreesWithRowByRowSearch() throws {
        var generator = SplitMix(seed: 42)
        let alphabet = Array("aAbBcCeEfFiIrRsS -,.\"Ж1")
        for _ in 0..<3000 {
            var column = TextColumn()
            var texts: [String?] = []
            for _ in 0..<Int(generator.next() % 12) {
                let length = Int(generator.next() % 40)
                let text = length == 0 ? nil : String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
                texts.append(text)
                column.append(text)
            }
            let needleLength = 1 + Int(generator.next() % 4)
            let needle = String((0..<needleLength).map { _ in alphabet[Int(generator.next() % 14)] }).lowercased()
            guard let marks = try TextSearch.rowsContaining(column, lowercasedNeedle: needle) else {
                Issue.record("an ASCII needle has a column search")
                continue
            }
            let expected = texts.map { $0.map { $0.lowercased().contains(needle) } ?? false }
            #expect(marks == expected, "needle \(needle) in \(texts)")
        }
    }

    @Test func aMatchAcrossTwoRowsIsNoMatch() throws {
        var column = TextColumn()
        column.append("cease")
        column.append("fire")
        #expect(try TextSearch.rowsContaining(column, lowercasedNeedle: "ceasefire") == [false, false])
        #expect(try TextSearch.rowsContaining(column, lowercasedNeedle: "fire") == [false, true])
    }

    @Test func aNeedleBeyondASCIIIsLeftToTheRowSearch() throws {
        var column = TextColumn()
        column.append("Запоріжжя")
        #expect(try TextSearch.rowsContaining(column, lowercasedNeedle: "запор") == nil)
    }
}

/// A small deterministic generator for tests: a failing seed runs again the same way.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
