import Foundation
import PackagePlugin

/// Generates `EmbeddedSamples.swift` from every `Samples/*.parley` file, so the built-in sample
/// travels inside the binary (a resource bundle would be lost when the binary is copied alone).
@main
struct EmbedSamplePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let samples = context.package.directoryURL.appending(path: "Samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: samples.path())) ?? []
        let inputs = names.filter { $0.hasSuffix(".parley") }.sorted().map { samples.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSamples.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) sample graph(s)",
                executable: try context.tool(named: "EmbedSample").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
