import FuzzDriver
import ParleyShell
import ParleySupport
import ParleySyntax

/// Any bytes through the lexer and the parser: statement after statement, as a script is read (dot
/// command lines skipped), each error rendered as the user would see it; and every line through the
/// shell's "is this statement complete?". Errors are expected; a crash or a hang is a finding.
func parseInput(_ bytes: [UInt8]) {
    let source = SourceText(name: "input", bytes: bytes)
    var offset = 0
    while true {
        offset = statementStart(bytes, from: offset)
        guard offset < bytes.count else { break }
        do throws(ParleyError) {
            var parser = try Parser(source, at: offset)
            let (_, end) = try parser.parseStatementAndEnd()
            precondition(end > offset, "the parser did not move past a statement")
            offset = end
        } catch {
            _ = DiagnosticRenderer.render(error)
            break
        }
    }
    var shell = ShellInput()
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
        _ = shell.add(String(line))
    }
}

/// Where the next statement starts: past blanks, `;` and dot command lines.
func statementStart(_ bytes: [UInt8], from start: Int) -> Int {
    var offset = start
    while offset < bytes.count {
        switch bytes[offset] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ";"):
            offset += 1
        case UInt8(ascii: "."):
            while offset < bytes.count && bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
        default:
            return offset
        }
    }
    return offset
}

FuzzDriver.run { data, count in
    parseInput(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
