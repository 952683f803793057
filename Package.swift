// swift-tools-version: 6.0
import PackageDescription

/// CI (scripts/check.sh) sets SHIPSHAPE_STRICT=1: our own targets then build with warnings as errors.
let strict = Context.environment["SHIPSHAPE_STRICT"] != nil
let settings: [SwiftSetting] = strict ? [.unsafeFlags(["-warnings-as-errors"])] : []

let package = Package(
    name: "Shipshape",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shipshape", targets: ["shipshape"]),
        // The registry's scanning service (`shipshape serve` execs it): a separate program, so the CLI never links
        // or loads the HTTP server, the SQLite or the PostgreSQL client.
        .executable(name: "shipshape-serve", targets: ["shipshape-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // The scanning service only (ServeStore, ServeCore, ServeHTTP, shipshape-serve).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Shared vocabulary: practices, severities, findings and their reporters.
        .target(name: "Findings", swiftSettings: settings),

        // Dockerfile parser (BuildKit-compatible) and the lint rules built on it.
        .target(name: "DockerfileSyntax", swiftSettings: settings),
        // YAML 1.2 (the subset configuration and advisory files use), with bounded aliases; no Foundation.
        .target(name: "YAML", swiftSettings: settings),
        // The end-of-life table (scripts/refresh-eol.py writes it) is compiled into the binary: lint never goes online.
        .target(
            name: "Lint", dependencies: ["DockerfileSyntax", "Findings", "YAML"],
            resources: [.embedInCode("Resources/end-of-life.tsv")], swiftSettings: settings),
        // The Dockerfile language server (`shipshape lsp`): JSON-RPC over stdio, diagnostics, quick fixes, hover.
        .target(
            name: "LanguageServer", dependencies: ["Lint", "Findings", "ImageAnalysis"], swiftSettings: settings),

        // Images: formats (tar, compression, archives, OCI layout), analysis, registry, build.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // zstd's prototypes, declared by us and loaded with dlopen (Debian ships libzstd.so.1 but not zstd.h).
        .target(name: "CZstd"),
        // libdeflate's prototypes, the same way (libdeflate0 ships libdeflate.so.0 but not libdeflate.h).
        .target(name: "CDeflate"),
        .target(
            name: "ImageFormat",
            dependencies: ["CZlib", "CZstd", "CDeflate", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: settings
        ),
        .target(
            name: "ImageAnalysis",
            dependencies: [
                "ImageFormat", "Findings", "DockerfileSyntax", "Packages", "YAML",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings),
        // libcurl's easy interface, loaded with dlopen on first registry use (see its header for why).
        .target(name: "CCurl"),
        .target(
            name: "Registry",
            dependencies: ["ImageFormat", "CCurl", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: settings),
        .target(name: "ImageBuild", dependencies: ["ImageFormat", "ImageAnalysis"], swiftSettings: settings),
        // Package inventory (SBOM): a leaf that reads file contents handed to it, one cataloger a file.
        .target(name: "Packages", dependencies: ["Findings", "CZlib"], swiftSettings: settings),

        // Known vulnerabilities: version comparators, the OSV model, the local database (zip import, download
        // through Registry's HTTP transport) and the matcher.
        .target(
            name: "Vulnerabilities",
            dependencies: [
                "CZlib", "Findings", "Packages", "Registry", "YAML", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings),

        // shipshape-init's logic (options, signals, exit codes). The init binary itself is Embedded Swift built by
        // scripts/build-init.sh from these sources plus Sources/shipshape-init and Sources/CShipshapeInit.
        .target(name: "InitCore", swiftSettings: settings),

        // The scanning service (`shipshape serve`, docs/serve.md), in layers that point inward: the store (one protocol,
        // the schema, SQLite and PostgreSQL adapters, the queue), the roles (ingest, worker, re-match, reconcile,
        // notify) and the HTTP layer (API, HTML, metrics). Foundation is allowed here: GRDB and Hummingbird need it.
        .target(
            name: "ServeStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        .target(
            name: "ServeCore",
            dependencies: [
                "ServeStore", "Registry", "ImageFormat", "ImageAnalysis", "Packages", "Vulnerabilities", "Findings",
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings),
        .target(
            name: "ServeHTTP",
            dependencies: [
                "ServeCore", "ServeStore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: settings),
        .executableTarget(
            name: "shipshape-serve",
            dependencies: [
                "ServeHTTP", "ServeCore", "ServeStore", "Registry", "Vulnerabilities",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),

        // `shipshape probe`: the image run for real in fresh namespaces, PID 1 measured. CProbe is the namespace
        // child (clone, mounts, pivot_root, exec), which Swift cannot do safely after its threads start.
        .target(name: "CProbe"),
        .target(
            name: "Probe", dependencies: ["CProbe", "ImageFormat", "ImageAnalysis", "Findings"],
            swiftSettings: settings),

        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "shipshape",
            dependencies: [
                "Findings", "DockerfileSyntax", "Lint", "LanguageServer", "ImageFormat", "ImageAnalysis", "Registry",
                "ImageBuild", "Packages", "Vulnerabilities", "Probe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings,
            // Release builds are linked at a fixed address: no relocation pass over the binary at every start (with
            // `--static-swift-stdlib`, README "Set up", that is a third of the memory `shipshape --version` needs).
            linkerSettings: [.unsafeFlags(["-Xlinker", "-no-pie"], .when(configuration: .release))]
        ),

        // Helpers every test target shares (running programs, scratch directories, the built binary); only test
        // targets depend on it.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: settings),

        .testTarget(name: "FindingsTests", dependencies: ["Findings"], swiftSettings: settings),
        .testTarget(
            name: "DockerfileSyntaxTests", dependencies: ["DockerfileSyntax", "TestSupport"], swiftSettings: settings),
        .testTarget(
            name: "YAMLTests", dependencies: ["YAML", "TestSupport"], exclude: ["Reference"], swiftSettings: settings),
        .testTarget(
            name: "LintTests", dependencies: ["Lint", "DockerfileSyntax", "Findings", "TestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "LanguageServerTests", dependencies: ["LanguageServer", "Lint", "Findings", "TestSupport"],
            swiftSettings: settings),
        .testTarget(name: "ImageFormatTests", dependencies: ["ImageFormat", "TestSupport"], swiftSettings: settings),
        .testTarget(
            name: "ImageAnalysisTests", dependencies: ["ImageAnalysis", "ImageFormat", "Findings", "TestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "RegistryTests",
            dependencies: [
                "Registry", "ImageFormat", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "ImageBuildTests", dependencies: ["ImageBuild", "ImageFormat", "ImageAnalysis", "TestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "CLITests", dependencies: ["Findings", "ImageFormat", "TestSupport"],
            exclude: ["Fixtures", "Snapshots"],
            swiftSettings: settings),
        .testTarget(
            name: "PackagesTests", dependencies: ["Packages", "ImageAnalysis", "ImageFormat", "CZlib", "TestSupport"],
            exclude: ["Scripts"], swiftSettings: settings),
        .testTarget(
            name: "VulnerabilitiesTests", dependencies: ["Vulnerabilities", "Findings", "Registry", "TestSupport"],
            exclude: ["Reference"], swiftSettings: settings),
        .testTarget(
            name: "ProbeTests", dependencies: ["Probe", "ImageFormat", "Findings", "TestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "ServeTests",
            dependencies: [
                "ServeStore", "ServeCore", "ServeHTTP", "Registry", "ImageFormat", "Packages", "Vulnerabilities",
                "YAML", "TestSupport",
            ],
            swiftSettings: settings),
        .testTarget(
            name: "InitTests", dependencies: ["InitCore", "TestSupport"], exclude: ["Helpers"], swiftSettings: settings),
    ]
)
