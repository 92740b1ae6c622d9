import Foundation

// Usage: EmbedSample OUTPUT.swift SAMPLE.parley...
// Writes a Swift file holding each sample's bytes as a string literal, keyed by file name.
let arguments = CommandLine.arguments.dropFirst()
guard let outputPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedSample OUTPUT.swift SAMPLE.parley...\n".utf8))
    exit(2)
}
var text = "// Generated from Samples/ at build time; do not edit.\n"
text += "enum EmbeddedSamples {\n    static let files: [(name: String, text: String)] = [\n"
for path in arguments.dropFirst() {
    let contents = try String(contentsOfFile: path, encoding: .utf8)
    let name = URL(fileURLWithPath: path).lastPathComponent
    // A raw string whose delimiter cannot occur in the file.
    var hashes = "#"
    while contents.contains("\"" + hashes) || contents.contains(hashes + "\"") { hashes += "#" }
    text += "        (\"\(name)\", \(hashes)\"\"\"\n\(contents)\n\"\"\"\(hashes)),\n"
}
text += "    ]\n}\n"
try text.write(toFile: outputPath, atomically: true, encoding: .utf8)
