// swift-tools-version: 6.1
// WorkingMemory: a working memory for LLM applications, on a recurrent-network engine of its own.
// Layout and dependency direction: ../shared/DESIGN.md (arrows only point down).
import PackageDescription

let package = Package(
    name: "WorkingMemory",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Neural", targets: ["Neural"]),
        .library(name: "WorkingMemory", targets: ["WorkingMemory"]),
        .executable(name: "wm", targets: ["wm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // OpenBLAS through its C interface (Debian: libopenblas-dev).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        // Our own float32 kernels (AVX-512 / AVX2 / plain C, chosen at run time): SGEMM, GEMV,
        // fused LSTM and GRU cells. Per-function target attributes, so no unsafeFlags.
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Neural", dependencies: ["CBLAS", "CKernels"]),
        .target(
            name: "WorkingMemory",
            dependencies: ["Neural", .product(name: "GRDB", package: "GRDB.swift")]
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
                "Neural", "WorkingMemory", "LLM", "OpenAIStandIn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NeuralTests", dependencies: ["Neural"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "WorkingMemoryTests",
            dependencies: ["WorkingMemory", "Neural", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "OpenAIStandIn", .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // End-to-end tests of the `wm` binary (run as a process; found next to the test bundle).
        .testTarget(name: "wmTests", dependencies: ["Neural", "OpenAIStandIn"]),
    ]
)
