import Foundation
import Testing
@testable import ParleySession

/// The README's language tour is run, not just read: each ```parley block runs in order on one
/// session over the sample, and the ```text block after it must be exactly what Parley printed.
/// PARLEY_BLESS=1 rewrites those text blocks.
enum ReadmeExamples {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    struct Block {
        var language: String
        var text: String
        /// Line range of the block's body within the README.
        var bodyLines: Range<Int>
    }

    static func blocks(_ readme: String) -> [Block] {
        let lines = readme.components(separatedBy: "\n")
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            if lines[index].hasPrefix("```") {
                let language = String(lines[index].dropFirst(3))
                let start = index + 1
                var end = start
                while end < lines.count && !lines[end].hasPrefix("```") { end += 1 }
                blocks.append(Block(language: language, text: lines[start..<end].joined(separator: "\n"), bodyLines: start..<end))
                index = end + 1
            } else {
                index += 1
            }
        }
        return blocks
    }

    /// The parley blocks with the text block right after each, when there is one.
    static func examples() throws -> [(statement: Block, expected: Block?)] {
        let all = blocks(try String(contentsOf: url, encoding: .utf8))
        var result: [(Block, Block?)] = []
        for (index, block) in all.enumerated() where block.language == "parley" {
            let next = index + 1 < all.count && all[index + 1].language == "text" ? all[index + 1] : nil
            result.append((block, next))
        }
        return result
    }
}

@Suite struct ReadmeTests {
    @Test func tourExamplesPrintWhatTheReadmeShows() throws {
        let examples = try ReadmeExamples.examples()
        #expect(examples.count >= 19, "the tour should hold its examples")
        let output = StringSink()
        let errors = StringSink()
        let session = Session(output: output, errors: errors)
        try session.loadSample()
        var lines = try String(contentsOf: ReadmeExamples.url, encoding: .utf8).components(separatedBy: "\n")
        var replacements: [(Range<Int>, [String])] = []
        for (statement, expected) in examples {
            let actual = GoldenFiles.run(statement.text, on: session, output: output, errors: errors)
            guard let expected else { continue }
            #expect(actual == expected.text + "\n", "README example: \(statement.text)")
            replacements.append((expected.bodyLines, actual.components(separatedBy: "\n").dropLast()))
        }
        if ProcessInfo.processInfo.environment["PARLEY_BLESS"] == "1" {
            for (range, text) in replacements.reversed() { lines.replaceSubrange(range, with: text) }
            try lines.joined(separator: "\n").write(to: ReadmeExamples.url, atomically: true, encoding: .utf8)
        }
    }
}
