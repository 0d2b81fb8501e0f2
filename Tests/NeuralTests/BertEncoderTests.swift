import Testing
@testable import Neural

/// The BERT encoder: loaded from tensors under Hugging Face's names, its fast packed pass against
/// the padded plain-loop reference.
@Suite struct BertEncoderTests {
    static let configuration = BertConfiguration(hiddenSize: 16, layers: 2, heads: 4, intermediateSize: 64, vocabularySize: 50, maxPositions: 12)

    /// A random checkpoint with BertModel's tensor names (and an optional prefix).
    static func weights(prefix: String = "", seed: UInt64 = 1) -> Safetensors {
        let c = configuration, h = c.hiddenSize
        var rng = SplitMix(seed: seed)
        var t: [String: Tensor] = [:]
        t[prefix + "embeddings.word_embeddings.weight"] = rng.tensor([c.vocabularySize, h])
        t[prefix + "embeddings.position_embeddings.weight"] = rng.tensor([c.maxPositions, h])
        t[prefix + "embeddings.token_type_embeddings.weight"] = rng.tensor([2, h])
        func norm(_ n: String) {
            var g = rng.tensor([h], scale: 0.2)
            for i in 0..<h { g.scalars[i] += 1 }
            t[prefix + n + ".weight"] = g
            t[prefix + n + ".bias"] = rng.tensor([h], scale: 0.1)
        }
        func linear(_ n: String, _ inputs: Int, _ units: Int) {
            t[prefix + n + ".weight"] = rng.tensor([units, inputs], scale: 0.3)
            t[prefix + n + ".bias"] = rng.tensor([units], scale: 0.1)
        }
        norm("embeddings.LayerNorm")
        for l in 0..<c.layers {
            let p = "encoder.layer.\(l)."
            for n in ["query", "key", "value"] { linear(p + "attention.self." + n, h, h) }
            linear(p + "attention.output.dense", h, h)
            norm(p + "attention.output.LayerNorm")
            linear(p + "intermediate.dense", h, c.intermediateSize)
            linear(p + "output.dense", c.intermediateSize, h)
            norm(p + "output.LayerNorm")
        }
        return Safetensors(tensors: t)
    }

    @Test func packedFastPassMatchesThePaddedReference() throws {
        let encoder = try BertEncoder(weights: Self.weights(), configuration: Self.configuration)
        let sequences = [[1, 7, 9, 30, 2], [1, 2], [1, 44, 3, 8, 8, 8, 49, 2]]
        let t = 8
        let ids = sequences.map { $0 + Array(repeating: 0, count: t - $0.count) }
        let mask = sequences.map { s in (0..<t).map { $0 < s.count ? 1 : 0 } }
        let fast = try encoder(sequences, recordingAttention: true)
        let reference = try encoder.referenceForward(ids: ids, mask: mask)
        var worst: Float = 0
        for (s, seq) in sequences.enumerated() {
            let states = fast.states(of: s)
            for i in 0..<seq.count { for j in 0..<16 { worst = max(worst, abs(states[i, j] - reference.hidden[s, i, j])) } }
        }
        print("bert packed vs reference maxdiff=\(worst)")
        #expect(worst < 2e-5)
        #expect(fast.attention.count == 2 * sequences.count)
        let last = try #require(fast.attention.first { $0.layer == 1 && $0.sequence == 2 })
        #expect(last.probabilities.shape == [4, 8, 8])
        #expect(abs(last.probabilities[3, 5, 6] - reference.attention[1][2, 3, 5, 6]) < 1e-5)
    }

    @Test func loadsCheckpointsWithABertPrefix() throws {
        let plain = try BertEncoder(weights: Self.weights(), configuration: Self.configuration)
        let prefixed = try BertEncoder(weights: Self.weights(prefix: "bert."), configuration: Self.configuration)
        #expect(try plain([[1, 5, 2]]).hidden == (try prefixed([[1, 5, 2]]).hidden))
    }

    @Test func aMissingTensorIsNamed() throws {
        var w = Self.weights()
        w.tensors["encoder.layer.1.output.dense.weight"] = nil
        #expect { try BertEncoder(weights: w, configuration: Self.configuration) } throws: { e in
            "\(e)".contains("encoder.layer.1.output.dense.weight")
        }
    }

    @Test func rejectsIdsOutsideTheVocabularyAndTooLongSequences() throws {
        let encoder = try BertEncoder(weights: Self.weights(), configuration: Self.configuration)
        #expect(throws: NeuralError.self) { try encoder([[1, 50, 2]]) }
        #expect(throws: NeuralError.self) { try encoder([Array(repeating: 3, count: 13)]) }
        #expect(throws: NeuralError.self) { try encoder([[]]) }
    }
}
