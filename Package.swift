// swift-tools-version: 6.1
// WorkingMemory: a working memory for LLM applications, on a recurrent-network engine of its own.
// Layout and dependency direction: docs/design.md (arrows only point down).
import PackageDescription

let package = Package(
    name: "WorkingMemory",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Neural", targets: ["Neural"]),
        .library(name: "NeuralTasks", targets: ["NeuralTasks"]),
        .library(name: "Embeddings", targets: ["Embeddings"]),
        .library(name: "WorkingMemory", targets: ["WorkingMemory"]),
        .library(name: "Server", targets: ["Server"]),
        .executable(name: "wm", targets: ["wm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // OpenBLAS through its C interface (Debian: libopenblas-dev).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        // Our own float32 kernels (AVX-512 / AVX2 / plain C, chosen at run time): SGEMM, GEMV,
        // fused LSTM and GRU cells. Per-function target attributes, so no unsafeFlags.
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("m")]),
        // HDF5 through its C interface (Debian: libhdf5-dev, serial build), for Keras weight files.
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .target(
            name: "Neural",
            dependencies: ["CBLAS", "CKernels", "CHDF5", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The working-memory tasks (copy, adding, n-back, recall), their trainer and loss-curve plots.
        .target(name: "NeuralTasks", dependencies: ["Neural"]),
        // Sentence vectors in-process: the WordPiece tokenizer and a BERT/MiniLM sentence-transformers model.
        .target(name: "Embeddings", dependencies: ["Neural"]),
        .target(
            name: "WorkingMemory",
            dependencies: ["Neural", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The PostgreSQL backend of the store (postgres-nio's pool): `--db postgres://…`; tenants kept apart by
        // row-level security. The memory itself knows only the storage interface.
        .target(
            name: "PostgresStore",
            dependencies: [
                "WorkingMemory",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The memory as a service: the HTTP API, its routes generated from the OpenAPI contract in
        // Sources/Server/openapi.json (one document; the interface cannot drift from it), and the MCP tools
        // (official swift-sdk) over stdio and streamable HTTP.
        .target(
            name: "Server",
            dependencies: [
                "WorkingMemory", "Embeddings", "LLM", "PostgresStore",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("openapi.json")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // OpenAI-compatible chat completions and embeddings over HTTP; knows nothing about memory.
        .target(
            name: "LLM",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // A loopback server speaking the OpenAI wire protocol, scripted by tests; behind `--provider echo`
        // (not a model: it answers with what it was sent).
        .target(
            name: "OpenAIStandIn",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "wm",
            dependencies: [
                "Neural", "NeuralTasks", "Embeddings", "WorkingMemory", "PostgresStore", "Server", "LLM", "OpenAIStandIn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "NeuralTests",
            dependencies: ["Neural", "NeuralTasks", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings", "Neural"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "WorkingMemoryTests",
            dependencies: ["WorkingMemory", "PostgresStore", "Neural", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "WorkingMemory", "LLM", "OpenAIStandIn", "PostgresStore", "WMTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "OpenAIStandIn", .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // End-to-end tests of the `wm` binary (run as a process; found next to the test bundle).
        .testTarget(name: "wmTests", dependencies: ["Neural", "OpenAIStandIn", "WMTestSupport"]),
        // Finds the built `wm` for the tests that run it (wmTests, ServerTests).
        .target(name: "WMTestSupport", path: "Tests/WMTestSupport"),
    ]
)
