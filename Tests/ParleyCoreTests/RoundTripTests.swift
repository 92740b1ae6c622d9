import Testing
@testable import ParleySupport
@testable import ParleySyntax

/// Printing a generated statement and parsing the text gives the same tree and prints the same again;
/// the printed text with a few bytes dropped, swapped, doubled or cut off parses (to a tree that round
/// trips too) or fails with a located error, never a crash or a hang.
///
/// A failure names its seed: `SyntaxGenerator(seed: N).statement()` builds that tree again.
@Suite struct RoundTripTests {
    static let batches = 0..<8
    static let treesPerBatch: UInt64 = 500

    static func seeds(_ batch: Int) -> Range<UInt64> {
        UInt64(batch) * treesPerBatch..<UInt64(batch + 1) * treesPerBatch
    }

    @Test(arguments: batches)
    func aPrintedStatementParsesBackToTheSameTree(batch: Int) {
        var failures = 0
        for seed in Self.seeds(batch) where failures < 5 {
            var generator = SyntaxGenerator(seed: seed)
            if let problem = GrammarFile.roundTripProblem(generator.statement()) {
                Issue.record("seed \(seed): \(problem)")
                failures += 1
            }
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: batches)
    func mangledPrintedTextParsesOrFailsWithALocatedError(batch: Int) {
        for seed in Self.seeds(batch) {
            var generator = SyntaxGenerator(seed: seed)
            var bytes = Array(Printer.print(generator.statement()).utf8)
            generator.mangle(&bytes)
            // Raw bytes, invalid UTF-8 included: the session refuses those first, the parser must not need it to.
            do {
                // What still parses is a tree the parser made: it too must print and parse back.
                for statement in try GrammarFile.statements(SourceText(name: "mangled", bytes: bytes)) {
                    if let problem = GrammarFile.roundTripProblem(statement) { Issue.record("seed \(seed), mangled: \(problem)") }
                }
            } catch {
                let text = String(decoding: bytes, as: UTF8.self)
                guard let span = error.span else {
                    Issue.record("seed \(seed): error without a location: \(error.message)\n  \(text)")
                    continue
                }
                // One past the last byte is where "found the end of the input" points.
                #expect(error.kind == .syntax && span.source.name == "mangled" && span.range.lowerBound >= 0
                        && span.range.lowerBound <= bytes.count && span.range.upperBound <= bytes.count + 1,
                        "seed \(seed): \(error.kind) error at \(span.range) of \(bytes.count) bytes: \(error.message)\n  \(text)")
                _ = DiagnosticRenderer.render(error)
            }
        }
    }
}
