/// Vectors for a list of texts, in the order the texts were given.
public struct Embeddings: Sendable, Equatable {
    public var vectors: [[Float]]
    public var usage: TokenUsage?
    public var model: String?
}

struct EmbeddingsRequestBody: Encodable {
    var model: String
    var input: [String]
    var encoding_format = "float"
}

struct WireEmbeddings: Decodable {
    struct Item: Decodable {
        var index: Int?
        var embedding: [Float]
    }
    var data: [Item]
    var model: String?
    var usage: WireUsage?
}
