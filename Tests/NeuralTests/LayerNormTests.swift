import Testing
@testable import Neural

/// LayerNorm's fast path against its Double reference, and the definition on a known row.
@Suite struct LayerNormTests {
    @Test func fastPathMatchesTheReference() throws {
        var rng = SplitMix(seed: 11)
        let norm = try LayerNorm(gamma: rng.tensor([37]), beta: rng.tensor([37]), epsilon: 1e-12)
        let x = rng.tensor([3, 5, 37], scale: 4)
        expectClose(try norm(x), try norm.referenceForward(x), "layernorm", tolerance: 2e-6)
    }

    @Test func normalisesARowToZeroMeanAndUnitVariance() throws {
        let norm = try LayerNorm(gamma: Tensor(shape: [4], repeating: 1), beta: .zeros([4]), epsilon: 0)
        let y = try norm(try Tensor(shape: [1, 4], scalars: [1, 2, 3, 4]))
        // mean 2.5, biased variance 1.25
        let s = 1 / Float(1.25).squareRoot()
        expectClose(y, try Tensor(shape: [1, 4], scalars: [-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s]), "layernorm row", tolerance: 1e-6)
    }

    @Test func rejectsAnInputOfAnotherWidth() throws {
        let norm = try LayerNorm(gamma: .zeros([4]), beta: .zeros([4]))
        #expect(throws: NeuralError.self) { try norm(Tensor.zeros([2, 3])) }
    }
}
