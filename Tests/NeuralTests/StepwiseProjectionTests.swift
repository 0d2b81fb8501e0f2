import Testing
@testable import Neural

/// A long sequence projects each timestep just before its step (instead of all timesteps in one
/// GEMM); both must give the equations' result.
@Suite struct StepwiseProjectionTests {
    // N·T·G·H = 8·260·128 floats: past the all-at-once limit of 256 Ki floats.
    static let shape = [8, 260, 6]

    @Test func longLSTMSequenceMatchesTheReference() throws {
        var rng = SplitMix(seed: 31)
        let cell = try LSTM(inputKernel: rng.tensor([6, 128], scale: 0.3), recurrentKernel: rng.tensor([32, 128], scale: 0.3),
                            inputBias: rng.tensor([128]), recurrentBias: rng.tensor([128]))
        let x = rng.tensor(Self.shape, scale: 1)
        for reverse in [false, true] {
            let fast = try cell.forward(x, reverse: reverse), ref = try cell.referenceForward(x, reverse: reverse)
            expectClose(fast.output, ref.output, "long LSTM reverse=\(reverse) output")
            expectClose(try #require(fast.state.c), try #require(ref.state.c), "long LSTM reverse=\(reverse) c")
        }
    }

    @Test func longGRUSequenceMatchesTheReference() throws {
        var rng = SplitMix(seed: 32)
        for resetAfter in [true, false] {
            let cell = try GRU(inputKernel: rng.tensor([6, 129], scale: 0.3), recurrentKernel: rng.tensor([43, 129], scale: 0.3),
                               inputBias: rng.tensor([129]), recurrentBias: rng.tensor([129]), resetAfter: resetAfter)
            let x = rng.tensor(Self.shape, scale: 1)
            expectClose(try cell.forward(x).output, try cell.referenceForward(x).output, "long GRU resetAfter=\(resetAfter)")
        }
    }
}
