import Foundation
import PackagePlugin

/// Generates a Swift file holding the bytes of a target's data files, so they travel inside the
/// binary (a resource bundle would be lost when the binary is copied alone): `EmbeddedSamples` from
/// every `Samples/*.parley` for ParleySession, `EmbeddedGeoNames` from ParleyImport's `GeoNames/*.txt`.
@main
struct EmbedSamplePlugin: BuildToolPlugin {
    /// What each target embeds: a folder (from the package's root), the files' suffix, the enum's name.
    static let embeddings: [String: (folder: String, suffix: String, enumName: String)] = [
        "ParleySession": ("Samples", ".parley", "EmbeddedSamples"),
        "ParleyImport": ("Sources/ParleyImport/GeoNames", ".txt", "EmbeddedGeoNames"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let embedding = EmbedSamplePlugin.embeddings[target.name] else { return [] }
        let folder = context.package.directoryURL.appending(path: embedding.folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path())) ?? []
        let inputs = names.filter { $0.hasSuffix(embedding.suffix) }.sorted().map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(embedding.enumName).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) file(s) as \(embedding.enumName)",
                executable: try context.tool(named: "EmbedSample").url,
                arguments: [embedding.enumName, output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
