/// Turns texts into vectors for the memory's vector-similarity signal.
///
/// The memory knows no model: the caller wires one in, the in-process sentence encoder or an
/// OpenAI-compatible `/v1/embeddings` endpoint. Vectors are stored with `modelName` and
/// `dimension`; a memory opened with another model embeds its items again.
public protocol TextEmbedder: Sendable {
    /// The model's name (`sentence-transformers/all-MiniLM-L6-v2`, `text-embedding-3-small`).
    var modelName: String { get }
    /// The length of every vector.
    var dimension: Int { get }
    /// One vector per text, in order, each of length `dimension` (normalised by the memory if it
    /// is not already).
    func embed(_ texts: [String]) async throws -> [[Float]]
}
