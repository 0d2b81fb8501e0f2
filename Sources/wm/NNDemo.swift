import ArgumentParser
import Foundation
import Neural

/// `wm nn demo`: the engine on embedded defaults, explained as it runs.
struct NNDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the seed model whole and streamed step by step, and show that they agree.",
        discussion: """
            Builds the seed model Sequential([LSTM(128), LSTM(64), TimeDistributed(Dense(10))]) on \
            100 input features with seeded random weights, runs one sequence at once, then again one \
            timestep per call with the state carried between calls, and compares the two.
            Build with -c release for meaningful timings: swift run -c release wm nn demo
            """)

    @Option(help: "Timesteps of the demo sequence.")
    var steps: Int = 50

    @Option(help: "Seed of the random weights and input.")
    var seed: UInt64 = 42

    /// The longest demo sequence: its input (100 floats a step) and outputs stay under a gigabyte.
    static let maxSteps = 1_000_000

    func validate() throws {
        guard (1...Self.maxSteps).contains(steps) else { throw ValidationError("--steps must be within 1...\(Self.maxSteps), got \(steps)") }
    }

    func run() throws {
        var rng = DemoRandom(seed: seed)
        let lstm1 = try LSTM(inputKernel: rng.tensor([100, 512], 0.1), recurrentKernel: rng.tensor([128, 512], 0.1),
                             inputBias: rng.tensor([512], 0.1))
        let lstm2 = try LSTM(inputKernel: rng.tensor([128, 256], 0.1), recurrentKernel: rng.tensor([64, 256], 0.1),
                             inputBias: rng.tensor([256], 0.1))
        let dense = try Dense(kernel: rng.tensor([64, 10], 0.3), bias: rng.tensor([10], 0.1))
        let model = Sequential([Recurrent(lstm1), Recurrent(lstm2), TimeDistributed(dense)])
        let parameters = [lstm1.inputKernel, lstm1.recurrentKernel, lstm1.inputBias, lstm1.recurrentBias,
                          lstm2.inputKernel, lstm2.recurrentKernel, lstm2.inputBias, lstm2.recurrentBias,
                          dense.kernel, dense.bias].map(\.count).reduce(0, +)
        let x = rng.tensor([1, steps, 100], 1)

        print("Seed model: Sequential([LSTM(128), LSTM(64), TimeDistributed(Dense(10))]), 100 input features")
        print("  \(parameters) parameters, seeded uniform weights (seed \(seed))")
        print("  input x: \(x.shape)  (N = batch, T = timesteps, F = features)")
        print()

        let clock = ContinuousClock()
        var y = try model(x)
        var whole = Duration.seconds(1_000)
        for _ in 0..<20 { whole = min(whole, try clock.measure { y = try model(x) }) }
        print("1. Whole sequence at once: y = model(x)")
        print("   y: \(y.shape), \(format(whole)) per call, best of 20 (input projection of all \(steps) steps in one GEMM)")
        print()

        let stream = try model.stream(batchSize: 1)
        var streamed = Tensor.zeros([1, steps, 10])
        let perStep = try x.scalars.withUnsafeBufferPointer { xp in
            try streamed.scalars.withUnsafeMutableBufferPointer { out in
                let runs = 20
                var best = Duration.seconds(1_000)
                for _ in 0..<runs {
                    stream.reset()
                    let d = clock.measure {
                        for t in 0..<steps {
                            let yt = stream.run(xp.baseAddress! + t * 100, steps: 1)  // (1, 1, 10), state carried
                            (out.baseAddress! + t * 10).update(from: yt, count: 10)
                        }
                    }
                    best = min(best, d)
                }
                guard stream.outputWidth == 10 else { throw ValidationError("unexpected stream width") }
                return best / steps
            }
        }
        print("2. Streamed: one timestep per call, the LSTM states (h, c) carried between calls")
        print("   \(steps) calls of stream.run(x_t, steps: 1), \(format(perStep)) per step (best of 20 runs)")
        print()

        let diff = streamed.maxAbsDifference(y)
        print("3. Do they agree?  max |whole − streamed| = \(diff)  → \(diff <= 1e-5 ? "yes" : "NO")")
        let last = (0..<10).map { String(format: "%+.4f", y[0, steps - 1, $0]) }.joined(separator: " ")
        print("   y[0, \(steps - 1), :] = \(last)")
        print()
        print("Next: `wm nn predict --help` runs PyTorch / Keras weights from a safetensors file.")
        if diff > 1e-5 { throw CLIError("streamed and whole-sequence outputs differ by \(diff), more than 1e-5") }
    }

    private func format(_ d: Duration) -> String {
        let us = Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) * 1e-12
        return us >= 1000 ? String(format: "%.2f ms", us / 1000) : String(format: "%.1f µs", us)
    }
}

/// Reproducible demo weights on every machine (Neural's SplitMix64 `SeededGenerator`).
private struct DemoRandom {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    mutating func next() -> UInt64 { generator.next() }
    /// A tensor of uniform values in [−scale, scale).
    mutating func tensor(_ shape: [Int], _ scale: Float) -> Tensor {
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = (Float(next() >> 40) / Float(1 << 24) * 2 - 1) * scale }
        return t
    }
}
