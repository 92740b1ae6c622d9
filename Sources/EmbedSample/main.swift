import Foundation

// Usage: EmbedSample ENUM OUTPUT.swift FILE...
// Writes a Swift file declaring `enum ENUM` that holds each file's bytes as a string literal, keyed by
// file name.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: EmbedSample ENUM OUTPUT.swift FILE...\n".utf8))
    exit(2)
}
let (enumName, outputPath) = (arguments[0], arguments[1])
var text = "// Generated at build time; do not edit.\n"
text += "enum \(enumName) {\n    static let files: [(name: String, text: String)] = [\n"
for path in arguments.dropFirst(2) {
    let contents = try String(contentsOfFile: path, encoding: .utf8)
    let name = URL(fileURLWithPath: path).lastPathComponent
    // A raw string whose delimiter (and escape, `\#`) cannot occur in the file.
    var hashes = "#"
    while contents.contains("\"" + hashes) || contents.contains(hashes + "\"") || contents.contains("\\" + hashes) {
        hashes += "#"
    }
    text += "        (\"\(name)\", \(hashes)\"\"\"\n\(contents)\n\"\"\"\(hashes)),\n"
}
text += "    ]\n}\n"
try text.write(toFile: outputPath, atomically: true, encoding: .utf8)
