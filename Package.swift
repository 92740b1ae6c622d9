// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Parley",
    products: [
        .executable(name: "parley", targets: ["parley"]),
    ],
    targets: [
        // The layers, lowest first. Each depends only on targets listed before it, so a call that
        // reaches up does not compile (README, "How the code is laid out").
        // What every layer needs: source text and spans, errors and their renderer, the interrupt flag,
        // UTF-8 checking, the version.
        .target(name: "ParleySupport"),
        // The graph: columnar tables, interned strings, the kinds, levels and dates it is made of.
        .target(name: "ParleyGraph", dependencies: ["ParleySupport"]),
        // Every field of every kind, defined once: name, meaning, type, storage, clause.
        .target(name: "ParleySchema", dependencies: ["ParleySupport", "ParleyGraph"]),
        // The language's text: lexer, parser, syntax tree, printer. It knows the graph's vocabulary
        // (kinds, levels, dates), never a graph.
        .target(name: "ParleySyntax", dependencies: ["ParleySupport", "ParleyGraph"]),
        // Statements over a graph: resolution, filters, stages, fields, `add`, corrections.
        .target(name: "ParleyEval", dependencies: ["ParleySupport", "ParleyGraph", "ParleySchema", "ParleySyntax"]),
        // Result sets as table, csv, tsv, json, markdown, line.
        .target(name: "ParleyRender", dependencies: ["ParleySupport", "ParleyEval"]),
        // ACLED files into a graph; GDELT events files (plain or zipped) read as records, and the
        // GeoNames crosswalks from GDELT's FIPS codes, embedded from GeoNames/ at build time.
        .target(
            name: "ParleyImport",
            dependencies: ["ParleySupport", "ParleyGraph", "ParleySchema", "CZlib"],
            exclude: ["GeoNames"],
            plugins: [.plugin(name: "EmbedSamplePlugin")]
        ),
        // The persistent store: a graph in SQLite, in chunks, loaded by column.
        .target(name: "ParleyStore", dependencies: ["ParleySupport", "ParleyGraph", "ParleySchema", "CSQLite", "CZstd"]),
        // Scripts, dot commands, the command line's options, `.dump`, the built-in sample.
        .target(
            name: "ParleySession",
            dependencies: ["ParleySupport", "ParleyGraph", "ParleySchema", "ParleySyntax", "ParleyEval", "ParleyRender",
                           "ParleyImport", "ParleyStore"],
            plugins: [.plugin(name: "EmbedSamplePlugin")]
        ),
        // What the shell decides without a terminal: statement ends, completion.
        .target(
            name: "ParleyShell",
            dependencies: ["ParleySupport", "ParleyGraph", "ParleySchema", "ParleySyntax", "ParleyEval", "ParleyRender",
                           "ParleySession"]
        ),
        // The system's SQLite (libsqlite3-dev): the file format of a persistent store.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The system's Zstandard (libzstd-dev): how a store compresses its chunks (`ChunkCodec`).
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // The system's zlib (zlib1g-dev): inflating the entries of zipped GDELT files, and their CRC-32.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // GNU readline, from the system (libreadline-dev).
        .systemLibrary(
            name: "CReadline",
            pkgConfig: "readline",
            providers: [.apt(["libreadline-dev"])]
        ),
        .executableTarget(
            name: "parley",
            dependencies: ["ParleySupport", "ParleySession", "ParleyShell", "CReadline"]
        ),
        // Turns Samples/article.parley (and ParleyImport's GeoNames tables) into Swift source, so they
        // live in the binary's own bytes.
        .executableTarget(name: "EmbedSample"),
        .plugin(
            name: "EmbedSamplePlugin",
            capability: .buildTool(),
            dependencies: ["EmbedSample"],
            path: "Sources/EmbedSamplePlugin"
        ),
        // Fuzz targets (`.ci/fuzz`): built with `-sanitize=fuzzer -DFUZZING` each is a libFuzzer
        // program; built plainly, each replays a corpus folder.
        .target(name: "FuzzDriver", dependencies: ["ParleySupport", "ParleySession"]),
        .executableTarget(name: "FuzzParse", dependencies: ["ParleySupport", "ParleySyntax", "ParleyShell", "FuzzDriver"]),
        .executableTarget(name: "FuzzEvaluate",
                          dependencies: ["ParleySupport", "ParleyGraph", "ParleySession", "ParleyShell", "FuzzDriver"]),
        .executableTarget(name: "FuzzAcled",
                          dependencies: ["ParleySupport", "ParleyGraph", "ParleyImport", "ParleySession", "FuzzDriver"]),
        // The library layers' own tests; they link no readline.
        .testTarget(
            name: "ParleyCoreTests",
            dependencies: ["ParleySupport", "ParleyGraph", "ParleySchema", "ParleySyntax", "ParleyEval", "ParleyRender",
                           "ParleyImport", "ParleyStore", "ParleySession", "ParleyShell", "CZlib"],
            exclude: ["Golden", "Fixtures"]
        ),
        // They run the built `parley` (which `swift test` builds with everything else) as a process.
        .testTarget(name: "ParleyEndToEndTests", dependencies: ["ParleySupport", "ParleyGraph", "ParleySchema", "ParleyStore", "ParleyShell"]),
    ]
)
