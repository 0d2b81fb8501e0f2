import Foundation

/// A BERT encoder without its pooler: word, position and token-type embeddings, LayerNorm, then
/// the layers (`BertModel`'s `last_hidden_state`, what sentence-transformers pools).
///
/// Loaded from a Hugging Face `model.safetensors` under `BertModel`'s names
/// (`embeddings.word_embeddings.weight`, `encoder.layer.0.attention.self.query.weight`, …), with
/// or without a `bert.` prefix. Every sequence is one segment (token type 0).
public struct BertEncoder: Sendable {
    public let configuration: BertConfiguration
    /// (V, H).
    public let wordEmbeddings: Tensor
    /// (P, H).
    public let positionEmbeddings: Tensor
    /// (types, H).
    public let tokenTypeEmbeddings: Tensor
    /// `embeddings.LayerNorm`.
    public let embeddingNorm: LayerNorm
    public let layers: [BertLayer]

    /// H.
    public var width: Int { configuration.hiddenSize }

    /// - Parameters:
    ///   - weights: the tensors of a `BertModel` checkpoint.
    ///   - configuration: its `config.json`.
    /// - Throws: `WeightLoadingError`/`NeuralError` naming a missing tensor or a wrong shape.
    public init(weights: Safetensors, configuration: BertConfiguration) throws {
        let prefix = weights.tensors["embeddings.word_embeddings.weight"] != nil ? ""
            : weights.tensors.keys.first { $0.hasSuffix("embeddings.word_embeddings.weight") }
                .map { String($0.dropLast("embeddings.word_embeddings.weight".count)) } ?? ""
        let c = configuration, h = c.hiddenSize
        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor {
            guard let t = weights.tensors[prefix + name] else {
                throw NeuralError.invalidArgument("the checkpoint has no tensor '\(prefix + name)'; is it a BERT model?")
            }
            guard t.shape == shape else {
                throw NeuralError.shapeMismatch("'\(prefix + name)' has shape \(t.shape), config.json says \(shape)")
            }
            return t
        }
        func linear(_ name: String, _ inputs: Int, _ units: Int) throws -> Dense {
            try Dense(kernel: try tensor(name + ".weight", [units, inputs]).transposed(), bias: try tensor(name + ".bias", [units]))
        }
        func norm(_ name: String) throws -> LayerNorm {
            try LayerNorm(gamma: try tensor(name + ".weight", [h]), beta: try tensor(name + ".bias", [h]), epsilon: c.layerNormEpsilon)
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, h])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h])
        embeddingNorm = try norm("embeddings.LayerNorm")
        layers = try (0..<c.layers).map { i in
            let p = "encoder.layer.\(i)."
            let attention = try MultiHeadAttention(
                query: try linear(p + "attention.self.query", h, h), key: try linear(p + "attention.self.key", h, h),
                value: try linear(p + "attention.self.value", h, h), output: try linear(p + "attention.output.dense", h, h),
                heads: c.heads)
            return try BertLayer(
                attention: attention, attentionNorm: try norm(p + "attention.output.LayerNorm"),
                intermediate: try linear(p + "intermediate.dense", h, c.intermediateSize),
                output: try linear(p + "output.dense", c.intermediateSize, h), outputNorm: try norm(p + "output.LayerNorm"))
        }
        self.configuration = configuration
    }

    /// The last hidden states of each sequence of token ids (the fast path).
    /// - Parameters:
    ///   - sequences: token ids, each sequence 1…`maxPositions` long (with its [CLS] and [SEP]).
    ///   - recordingAttention: also keep every layer's attention weights.
    /// - Throws: `NeuralError.invalidArgument` for an empty or too long sequence or an id outside
    ///   the vocabulary.
    public func callAsFunction(_ sequences: [[Int]], recordingAttention: Bool = false) throws -> EncodedBatch {
        try validate(sequences)
        let h = width
        var ranges: [Range<Int>] = []
        var start = 0
        for s in sequences { ranges.append(start..<(start + s.count)); start += s.count }
        var hidden = Tensor.zeros([start, h])
        var maps: [AttentionMap] = []
        hidden.scalars.withUnsafeMutableBufferPointer { hp in
            let p = hp.baseAddress!
            embed(sequences, into: p)
            embeddingNorm.apply(rows: start, p)
            for (l, layer) in layers.enumerated() {
                var weights: [Tensor]? = recordingAttention ? [] : nil
                layer.apply(hidden: p, sequences: ranges, weights: &weights)
                for (s, w) in (weights ?? []).enumerated() { maps.append(AttentionMap(layer: l, sequence: s, probabilities: w)) }
            }
        }
        return EncodedBatch(hidden: hidden, sequences: ranges, attention: maps)
    }

    /// The definition on a padded batch: ids (B, T) and mask (B, T) as Hugging Face's tokenizer
    /// gives them, every position computed (PyTorch's `BertModel` in plain loops).
    /// - Returns: the last hidden states (B, T, H) and each layer's attention weights (B, heads, T, T).
    public func referenceForward(ids: [[Int]], mask: [[Int]]) throws -> (hidden: Tensor, attention: [Tensor]) {
        let b = ids.count, t = ids.first?.count ?? 0, h = width
        guard ids.allSatisfy({ $0.count == t }), mask.count == b, mask.allSatisfy({ $0.count == t }) else {
            throw NeuralError.shapeMismatch("ids and mask must be one (B, T) shape")
        }
        try validate(ids)
        var x = Tensor.zeros([b, t, h])
        for s in 0..<b {
            for i in 0..<t {
                for j in 0..<h {
                    x[s, i, j] = wordEmbeddings[ids[s][i], j] + positionEmbeddings[i, j] + tokenTypeEmbeddings[0, j]
                }
            }
        }
        x = try embeddingNorm.referenceForward(x)
        let m = try Tensor(shape: [b, t], scalars: mask.flatMap { $0.map(Float.init) })
        var attention: [Tensor] = []
        for layer in layers {
            let (y, w) = try layer.referenceForward(x, mask: m)
            x = y
            attention.append(w)
        }
        return (x, attention)
    }

    /// word + position + token type 0, row by row into the packed buffer.
    private func embed(_ sequences: [[Int]], into p: UnsafeMutablePointer<Float>) {
        let h = width
        wordEmbeddings.scalars.withUnsafeBufferPointer { w in
            positionEmbeddings.scalars.withUnsafeBufferPointer { pos in
                tokenTypeEmbeddings.scalars.withUnsafeBufferPointer { type in
                    var row = 0
                    for s in sequences {
                        for (i, id) in s.enumerated() {
                            let out = p + row * h
                            for j in 0..<h { out[j] = w[id * h + j] + pos[i * h + j] + type[j] }
                            row += 1
                        }
                    }
                }
            }
        }
    }

    private func validate(_ sequences: [[Int]]) throws {
        let c = configuration
        for (n, s) in sequences.enumerated() {
            guard !s.isEmpty, s.count <= c.maxPositions else {
                throw NeuralError.invalidArgument("sequence \(n) has \(s.count) tokens; the model takes 1 to \(c.maxPositions)")
            }
            if let bad = s.firstIndex(where: { $0 < 0 || $0 >= c.vocabularySize }) {
                throw NeuralError.invalidArgument("sequence \(n), position \(bad): token id \(s[bad]) is outside the vocabulary 0..<\(c.vocabularySize)")
            }
        }
    }
}
