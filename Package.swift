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
        .library(name: "WorkingMemory", targets: ["WorkingMemory"]),
        .library(name: "Server", targets: ["Server"]),
        .executable(name: "wm", targets: ["wm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // OpenBLAS through its C interface (Debian: libopenblas-dev).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        // Our own float32 kernels (AVX-512 / AVX2 / plain C, chosen at run time): SGEMM, GEMV,
        // fused LSTM and GRU cells. Per-function target attributes, so no unsafeFlags.
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Neural", dependencies: ["CBLAS", "CKernels"]),
        // The working-memory tasks (copy, adding, n-back, recall), their trainer and loss-curve plots.
        .target(name: "NeuralTasks", dependencies: ["Neural"]),
        .target(
            name: "WorkingMemory",
            dependencies: ["Neural", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The memory as a service: MCP tools (official swift-sdk) over stdio and streamable HTTP.
        .target(
            name: "Server",
            dependencies: [
                "WorkingMemory",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "wm",
            dependencies: [
                "Neural", "NeuralTasks", "WorkingMemory", "Server",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NeuralTests", dependencies: ["Neural", "NeuralTasks"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "WorkingMemoryTests",
            dependencies: ["WorkingMemory", "Neural", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // End-to-end tests of the `wm` binary (run as a process; found next to the test bundle).
        .testTarget(name: "wmTests", dependencies: ["Neural"]),
        // MCP end to end: the SDK's client in process, over a stdio pipe to the built `wm`, and over HTTP.
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "WorkingMemory",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ]
)
