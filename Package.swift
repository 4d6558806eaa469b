// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "CodexContinue",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "codex", targets: ["codex"]),
        .library(name: "CodexCore", targets: ["CodexCore"]),
        .library(name: "CodexServer", targets: ["CodexServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // libcurl opened on first use (dlopen), with typed wrappers over its variadic setters,
        // which Swift cannot call. Not linked: most commands never make a request.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        // The int8 vector scan and the encoder's element-wise steps, compiled for several
        // instruction sets and picked at load time; OpenBLAS opened on first use (dlopen).
        // SHA-256 through libcrypto (opened on first use) or a portable fallback: swift-crypto
        // compiled all of BoringSSL, two to three minutes of every clean build, for one hash.
        .target(name: "CDigest", linkerSettings: [.linkedLibrary("dl")]),
        // libpq opened on first use (dlopen), declared by hand: no libpq-dev at build time, and
        // only a store at a postgres:// URL loads it.
        .target(name: "CPostgres", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O3"])], linkerSettings: [.linkedLibrary("dl")]),
        // What every layer stands on and that knows nothing of documents, models or chats: the one
        // error type, JSON, HTTP over libcurl with the egress policy, SHA-256, threads for blocking work.
        // It cannot import CodexCore (that would be a cycle), so none of it can reach into a flow.
        .target(
            name: "CodexFoundation",
            dependencies: ["CCurl", "CDigest", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "CodexCore",
            dependencies: [
                "CodexFoundation",
                "CArchive",
                "CVectorKernels",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The embedded store: every SQL statement and every use of GRDB. CodexCore does not
        // depend on GRDB, so a core flow that reached for the database would not compile.
        .target(
            name: "CodexSQLite",
            dependencies: [
                "CodexCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // A store on a PostgreSQL server, for a team: the same protocols over libpq. GRDB only
        // for FTS5's tokenizer, so its keyword index holds the very terms the SQLite store does.
        .target(
            name: "CodexPostgres",
            dependencies: ["CodexCore", "CPostgres", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Every backend, picked by the form of --store (a path or a postgres:// URL).
        .target(name: "CodexStores", dependencies: ["CodexCore", "CodexSQLite", "CodexPostgres"]),
        .target(
            name: "CodexServer",
            dependencies: [
                "CodexCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/ui")]
        ),
        .executableTarget(
            name: "codex",
            dependencies: [
                "CodexCore",
                "CodexStores",
                "CodexServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "codex-bench",
            dependencies: [
                "CodexCore", "CodexSQLite", "CodexPostgres", "CodexStores", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What every test target shares: temporary folders, seeded randomness, the built binary,
        // the scripted HTTP server every model fixture answers through.
        .target(name: "CodexTestSupport", dependencies: ["CodexCore"], path: "Tests/CodexTestSupport"),
        .testTarget(
            name: "CodexCoreTests",
            dependencies: [
                "CodexCore", "CodexSQLite", "CodexPostgres", "CodexStores", "CodexTestSupport", "CCurl", "CArchive", "CVectorKernels", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The command-line layer itself: golden --help and --json for every command, option groups.
        .testTarget(
            name: "CodexCLITests",
            dependencies: ["codex", "CodexTestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "CodexServerTests",
            dependencies: [
                "CodexServer", "CodexTestSupport",
                "CodexCore", "CodexSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                // An embedded channel for the router-only client. No HummingbirdTesting or WSClient: they
                // bring AsyncHTTPClient and two copies of BoringSSL into every debug build.
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
