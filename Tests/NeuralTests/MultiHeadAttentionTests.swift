import Testing
@testable import Neural

/// Multi-head self-attention: the fast path (packed real tokens, fused projection, per-head GEMMs)
/// against the plain-loop reference that computes every position with an additive mask.
@Suite struct MultiHeadAttentionTests {
    static func attention(width: Int = 24, heads: Int = 4, seed: UInt64 = 5) throws -> MultiHeadAttention {
        var rng = SplitMix(seed: seed)
        func dense() throws -> Dense { try Dense(kernel: rng.tensor([width, width]), bias: rng.tensor([width], scale: 0.1)) }
        return try MultiHeadAttention(query: try dense(), key: try dense(), value: try dense(), output: try dense(), heads: heads)
    }

    /// A padding mask (B, T) with the given real lengths.
    static func mask(_ lengths: [Int], t: Int) throws -> Tensor {
        try Tensor(shape: [lengths.count, t], scalars: lengths.flatMap { l in (0..<t).map { $0 < l ? 1 : 0 } })
    }

    @Test func fastPathMatchesTheReferenceOnRealTokensOfAPaddedBatch() throws {
        let a = try Self.attention()
        var rng = SplitMix(seed: 9)
        let lengths = [7, 3, 1], t = 7
        let x = rng.tensor([3, t, 24])
        let m = try Self.mask(lengths, t: t)
        let fast = try a(x, mask: m, recordingWeights: true)
        let reference = try a.referenceForward(x, mask: m)
        for (s, l) in lengths.enumerated() {
            for i in 0..<l {
                for j in 0..<24 {
                    #expect(abs(fast.output[s, i, j] - reference.output[s, i, j]) < 1e-5)
                }
                for h in 0..<4 {
                    for k in 0..<t {
                        #expect(abs(fast.weights![s, h, i, k] - reference.weights![s, h, i, k]) < 1e-6)
                    }
                }
            }
        }
    }

    @Test func paddedKeysGetNoWeight() throws {
        let a = try Self.attention()
        var rng = SplitMix(seed: 2)
        let x = rng.tensor([1, 5, 24])
        let reference = try a.referenceForward(x, mask: try Self.mask([2], t: 5))
        for h in 0..<4 { for q in 0..<5 { for k in 2..<5 { #expect(reference.weights![0, h, q, k] == 0) } } }
    }

    @Test func changingAPaddedTokenChangesNoRealOutput() throws {
        let a = try Self.attention()
        var rng = SplitMix(seed: 3)
        var x = rng.tensor([1, 4, 24])
        let m = try Self.mask([3], t: 4)
        let before = try a.referenceForward(x, mask: m).output
        for j in 0..<24 { x[0, 3, j] = 100 }
        let after = try a.referenceForward(x, mask: m).output
        for i in 0..<3 { for j in 0..<24 { #expect(abs(before[0, i, j] - after[0, i, j]) < 1e-6) } }
    }

    @Test func eachWeightRowSumsToOne() throws {
        let a = try Self.attention()
        var rng = SplitMix(seed: 4)
        let r = try a(rng.tensor([2, 6, 24]), mask: try Self.mask([6, 4], t: 6), recordingWeights: true)
        for (s, l) in [6, 4].enumerated() {
            for h in 0..<4 { for q in 0..<l {
                let sum = (0..<6).map { r.weights![s, h, q, $0] }.reduce(0, +)
                #expect(abs(sum - 1) < 1e-5)
            } }
        }
    }

    @Test func rejectsAMaskThatIsNotPadding() throws {
        let a = try Self.attention()
        let m = try Tensor(shape: [1, 3], scalars: [1, 0, 1])
        #expect(throws: NeuralError.self) { try a(Tensor.zeros([1, 3, 24]), mask: m) }
    }

    @Test func rejectsHeadsThatDoNotDivideTheWidth() throws {
        let d = try Dense(kernel: .zeros([6, 6]))
        #expect(throws: NeuralError.self) { try MultiHeadAttention(query: d, key: d, value: d, output: d, heads: 4) }
    }
}
