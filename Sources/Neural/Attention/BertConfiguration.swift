import Foundation

/// The shape of a BERT encoder, as a Hugging Face `config.json` gives it.
public struct BertConfiguration: Sendable, Equatable, Decodable {
    /// H.
    public var hiddenSize: Int
    /// The number of encoder layers.
    public var layers: Int
    /// Attention heads per layer.
    public var heads: Int
    /// The feed-forward width (4·H in BERT).
    public var intermediateSize: Int
    /// V: the word-piece vocabulary.
    public var vocabularySize: Int
    /// The most positions (tokens) one sequence may have.
    public var maxPositions: Int
    /// Token types (2: sentence A and B).
    public var typeVocabularySize: Int
    /// ε of every LayerNorm.
    public var layerNormEpsilon: Float
    /// The feed-forward activation; only "gelu" (the erf form) is supported.
    public var hiddenActivation: String

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", layers = "num_hidden_layers", heads = "num_attention_heads"
        case intermediateSize = "intermediate_size", vocabularySize = "vocab_size"
        case maxPositions = "max_position_embeddings", typeVocabularySize = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps", hiddenActivation = "hidden_act"
        case positionEmbeddingType = "position_embedding_type"
    }

    public init(hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int, vocabularySize: Int,
                maxPositions: Int = 512, typeVocabularySize: Int = 2, layerNormEpsilon: Float = 1e-12,
                hiddenActivation: String = "gelu") {
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
        self.hiddenActivation = hiddenActivation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        layers = try c.decode(Int.self, forKey: .layers)
        heads = try c.decode(Int.self, forKey: .heads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        vocabularySize = try c.decode(Int.self, forKey: .vocabularySize)
        maxPositions = try c.decodeIfPresent(Int.self, forKey: .maxPositions) ?? 512
        typeVocabularySize = try c.decodeIfPresent(Int.self, forKey: .typeVocabularySize) ?? 2
        layerNormEpsilon = try c.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-12
        hiddenActivation = try c.decodeIfPresent(String.self, forKey: .hiddenActivation) ?? "gelu"
        let positions = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? "absolute"
        guard positions == "absolute" else {
            throw NeuralError.invalidArgument("position_embedding_type '\(positions)' is not supported (only 'absolute')")
        }
    }

    /// Reads a Hugging Face `config.json`.
    /// - Throws: `NeuralError.invalidArgument` naming the file and what is missing or unsupported.
    public init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw NeuralError.invalidArgument("cannot read the model configuration \(path): \(error.localizedDescription)")
        }
        do { self = try JSONDecoder().decode(BertConfiguration.self, from: data) } catch let e as NeuralError {
            throw e
        } catch DecodingError.keyNotFound(let key, _) {
            throw NeuralError.invalidArgument("\(path) has no '\(key.stringValue)'; is it a BERT config.json?")
        } catch {
            throw NeuralError.invalidArgument("\(path) is not a BERT config.json: \(error)")
        }
        guard hiddenActivation == "gelu" else {
            throw NeuralError.invalidArgument("\(path): hidden_act '\(hiddenActivation)' is not supported (only 'gelu', the erf form)")
        }
    }
}
