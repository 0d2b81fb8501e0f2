import Embeddings
import WorkingMemory

/// The in-process sentence encoder as the memory's `TextEmbedder`.
public struct EncoderEmbedder: TextEmbedder {
    public let encoder: SentenceEncoder
    /// Texts per encoder pass.
    public var batchSize: Int

    public init(_ encoder: SentenceEncoder, batchSize: Int = 32) {
        self.encoder = encoder
        self.batchSize = batchSize
    }

    public var modelName: String { encoder.name }
    public var dimension: Int { encoder.dimension }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        let v = try encoder.embed(texts, batchSize: batchSize)
        let d = dimension
        return (0..<texts.count).map { Array(v.scalars[($0 * d)..<(($0 + 1) * d)]) }
    }
}
