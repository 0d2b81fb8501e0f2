import LLM
import WorkingMemory

/// An OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, DashScope, a local
/// multilingual-e5 server) as the memory's `TextEmbedder`, through the `LLM` client. The way to
/// Chinese and other languages the in-process English encoder does not cover.
public struct EndpointEmbedder: TextEmbedder {
    public let client: LLMClient
    /// The embedding model the endpoint is asked for.
    public let model: String
    public let dimension: Int

    /// Asks the endpoint for one vector to learn its length.
    /// - Throws: `LLMError` when the endpoint does not answer, or `MemoryError.invalidArgument` when it
    ///   answers with an empty vector.
    public init(client: LLMClient, model: String? = nil) async throws {
        let name = model ?? client.configuration.embeddingModel ?? client.configuration.model
        let probe = try await client.embed(["dimension probe"], model: name)
        guard let d = probe.vectors.first?.count, d > 0 else {
            throw MemoryError.invalidArgument("the embeddings endpoint \(client.configuration.baseURL) answered with an empty vector")
        }
        self.client = client
        self.model = name
        self.dimension = d
    }

    public var modelName: String { model }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        if texts.isEmpty { return [] }
        // The endpoint is told nothing it cannot embed: an empty text becomes one space.
        let vectors = try await client.embed(texts.map { $0.isEmpty ? " " : $0 }, model: model).vectors
        if let bad = vectors.firstIndex(where: { $0.count != dimension }) {
            throw MemoryError.invalidArgument("the embeddings endpoint gave \(vectors[bad].count) numbers for text \(bad), not \(dimension)")
        }
        return vectors
    }
}
