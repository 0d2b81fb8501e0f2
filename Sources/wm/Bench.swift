import ArgumentParser

/// `wm bench ...`: benchmarks of the memory engine (commands, not tests).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of the memory engine.",
        subcommands: [BenchMemory.self, BenchGates.self, BenchCrash.self, BenchServe.self, BenchProxy.self]
    )
}
