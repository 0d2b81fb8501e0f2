import Testing
@testable import Neural

/// A large batch runs as one slice per core; the result must not depend on it.
@Suite struct BatchSplitTests {
    static func input(_ rng: inout SplitMix) -> Tensor { rng.tensor([40, 20, 64], scale: 1) }

    @Test func lstmSplitAcrossCoresEqualsOneCore() throws {
        var rng = SplitMix(seed: 21)
        let cell = try LSTM(inputKernel: rng.tensor([64, 512], scale: 0.2), recurrentKernel: rng.tensor([128, 512], scale: 0.2),
                            inputBias: rng.tensor([512]), recurrentBias: rng.tensor([512]))
        let x = Self.input(&rng)
        let split = try cell.forward(x, initialState: nil)
        let serial = try withSerialProducts { try cell.forward(x, initialState: nil) }
        expectClose(split.output, serial.output, "LSTM split output", tolerance: 1e-6)
        expectClose(split.state.h, serial.state.h, "LSTM split h", tolerance: 1e-6)
        expectClose(try #require(split.state.c), try #require(serial.state.c), "LSTM split c", tolerance: 1e-6)
    }

    @Test func gruSplitAcrossCoresEqualsOneCore() throws {
        var rng = SplitMix(seed: 22)
        let cell = try GRU(inputKernel: rng.tensor([64, 384], scale: 0.2), recurrentKernel: rng.tensor([128, 384], scale: 0.2),
                           inputBias: rng.tensor([384]), recurrentBias: rng.tensor([384]))
        let x = Self.input(&rng)
        let split = try cell.forward(x, initialState: nil)
        let serial = try withSerialProducts { try cell.forward(x, initialState: nil) }
        expectClose(split.output, serial.output, "GRU split output", tolerance: 1e-6)
    }
}
