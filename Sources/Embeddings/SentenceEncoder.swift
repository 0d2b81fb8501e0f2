import Foundation
import Neural

/// A sentence-transformers model run in-process: tokenizer, BERT encoder, pooling and, when the
/// model's `modules.json` lists a `Normalize` module, L2 normalisation: the vectors
/// `SentenceTransformer.encode` returns (all-MiniLM-L6-v2: mean pooling over the real tokens,
/// normalised, 384 numbers).
public struct SentenceEncoder: Sendable {
    public let tokenizer: WordPieceTokenizer
    public let encoder: BertEncoder
    public let pooling: Pooling
    /// Scale each vector to length 1 (a `Normalize` module).
    public let normalizes: Bool
    /// Longer texts are cut to this many tokens ([CLS] and [SEP] included).
    public let maxSequenceLength: Int
    /// A name for the model (its folder's name or the Hugging Face id), stored beside vectors.
    public let name: String

    /// D: the length of each vector.
    public var dimension: Int { pooling.dimension(width: encoder.width) }

    public init(tokenizer: WordPieceTokenizer, encoder: BertEncoder, pooling: Pooling, normalizes: Bool, maxSequenceLength: Int, name: String) {
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.pooling = pooling
        self.normalizes = normalizes
        self.maxSequenceLength = min(maxSequenceLength, encoder.configuration.maxPositions)
        self.name = name
    }

    /// Loads the model in a sentence-transformers folder (see `SentenceTransformerFolder`).
    public init(folder: SentenceTransformerFolder) throws {
        try self.init(tokenizer: folder.tokenizer(), encoder: folder.encoder(), pooling: folder.pooling(),
                      normalizes: folder.normalizes, maxSequenceLength: folder.maxSequenceLength, name: folder.name)
    }

    /// The token ids of `text` as the model sees them.
    public func tokenIDs(_ text: String) -> [Int] { tokenizer.encode(text, maxLength: maxSequenceLength) }

    /// One vector per text, in order, as (N, D); texts are run `batchSize` at a time.
    public func embed(_ texts: [String], batchSize: Int = 32) throws -> Tensor {
        let d = dimension
        var out = Tensor.zeros([texts.count, d])
        var start = 0
        while start < texts.count {
            let end = min(texts.count, start + max(1, batchSize))
            let ids = texts[start..<end].map(tokenIDs)
            let v = try embed(tokenIDs: ids)
            out.scalars.replaceSubrange((start * d)..<(end * d), with: v.scalars)
            start = end
        }
        return out
    }

    /// One vector per sequence of token ids (each with its [CLS] and [SEP]), as (N, D).
    public func embed(tokenIDs sequences: [[Int]]) throws -> Tensor {
        let d = dimension, h = encoder.width
        var out = Tensor.zeros([sequences.count, d])
        if sequences.isEmpty { return out }
        let batch = try encoder(sequences)
        batch.hidden.scalars.withUnsafeBufferPointer { hp in
            out.scalars.withUnsafeMutableBufferPointer { op in
                for (s, r) in batch.sequences.enumerated() {
                    let o = op.baseAddress! + s * d
                    pooling.pool(hp.baseAddress! + r.lowerBound * h, length: r.count, width: h, into: o)
                    if normalizes { Self.normalize(o, count: d) }
                }
            }
        }
        return out
    }

    /// x / max(‖x‖₂, 1e-12), as PyTorch's `F.normalize` (sentence-transformers' Normalize).
    static func normalize(_ p: UnsafeMutablePointer<Float>, count: Int) {
        var s: Float = 0
        for i in 0..<count { s += p[i] * p[i] }
        let scale = 1 / max(s.squareRoot(), 1e-12)
        for i in 0..<count { p[i] *= scale }
    }
}
