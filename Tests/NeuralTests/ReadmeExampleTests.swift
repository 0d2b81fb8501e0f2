import Testing
@testable import Neural

/// The README's 30-second example, kept compiling and correct.
@Suite struct ReadmeExampleTests {
    @Test func readmeExampleRunsAndMatchesPyTorch() throws {
        let weights = try fixture("torch_seed")
        let (model, summaries) = try WeightLoader(weights).sequential(["lstm1", "lstm2", "dense"])
        let x = try weights.tensor("x")
        let y = try model(x)
        #expect(summaries == ["lstm1: PyTorch LSTM H=128, 1 layer", "lstm2: PyTorch LSTM H=64, 1 layer",
                              "dense: PyTorch Linear 64 → 10"])
        expectClose(y, try weights.tensor("y"), "readme torch_seed y")
        let stream = try model.stream(batchSize: 2)
        #expect(try stream.step(Tensor.zeros([2, 100])).shape == [2, 10])
        stream.reset()
    }
}
