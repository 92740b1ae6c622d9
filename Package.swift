// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Parley",
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyCore", targets: ["ParleyCore"]),
    ],
    targets: [
        // The language, the graph, the renderers and the session: everything but the terminal.
        .target(
            name: "ParleyCore",
            dependencies: ["CSQLite"],
            plugins: [.plugin(name: "EmbedSamplePlugin")]
        ),
        // The system's SQLite (libsqlite3-dev): the file format of a persistent store.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // GNU readline, from the system (libreadline-dev).
        .systemLibrary(
            name: "CReadline",
            pkgConfig: "readline",
            providers: [.apt(["libreadline-dev"])]
        ),
        .executableTarget(
            name: "parley",
            dependencies: ["ParleyCore", "CReadline"]
        ),
        // Turns Samples/article.parley into Swift source so the sample lives in the binary's own bytes.
        .executableTarget(name: "EmbedSample"),
        .plugin(
            name: "EmbedSamplePlugin",
            capability: .buildTool(),
            dependencies: ["EmbedSample"],
            path: "Sources/EmbedSamplePlugin"
        ),
        // Fuzz targets (`.ci/fuzz`): built with `-sanitize=fuzzer -DFUZZING` each is a libFuzzer
        // program; built plainly, each replays a corpus folder.
        .target(name: "FuzzDriver", dependencies: ["ParleyCore"]),
        .executableTarget(name: "FuzzParse", dependencies: ["ParleyCore", "FuzzDriver"]),
        .executableTarget(name: "FuzzEvaluate", dependencies: ["ParleyCore", "FuzzDriver"]),
        .executableTarget(name: "FuzzAcled", dependencies: ["ParleyCore", "FuzzDriver"]),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore"], exclude: ["Golden", "Fixtures"]),
        .testTarget(name: "ParleyEndToEndTests", dependencies: ["ParleyCore", "parley"]),
    ]
)
