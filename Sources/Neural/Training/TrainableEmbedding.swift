/// A trainable lookup table: integer ids (stored as floats) to vectors.
///
/// `embeddings` E (V, D). Input (T, N) or (N) of ids in 0..<V; output (T, N, D) or (N, D).
/// Backward adds each output gradient row to the row of E it came from; ids get no gradient.
public final class TrainableEmbedding: TrainableLayer {
    /// V.
    public let vocabularySize: Int
    /// D.
    public let dimension: Int
    /// E (V, D).
    public let embeddings: Parameter
    private var ids: [Int] = []

    /// - Parameters:
    ///   - vocabularySize: V.  - dimension: D.
    ///   - initialization: Keras U(±0.05) or PyTorch N(0, 1).
    public init(vocabularySize: Int, dimension: Int, initialization: WeightInitialization = .keras,
                rng: inout SeededGenerator) {
        precondition(vocabularySize > 0 && dimension > 0, "vocabularySize and dimension must be positive")
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        let e = initialization == .keras
            ? Initializer.uniform([vocabularySize, dimension], limit: 0.05, &rng)
            : Initializer.normal([vocabularySize, dimension], std: 1, &rng)
        embeddings = Parameter(name: "embeddings", value: e)
    }

    public var spec: LayerSpec { .embedding(vocabularySize: vocabularySize, dimension: dimension) }

    /// PyTorch `nn.Embedding.weight` (V, D), Keras `embeddings` (V, D).
    public var namedParameters: [NamedParameter] { [NamedParameter(embeddings, pytorch: "weight", keras: "embeddings")] }

    /// From an existing table E (V, D).
    public convenience init(table: Tensor) {
        var rng = SeededGenerator(seed: 0)
        self.init(vocabularySize: table.shape[0], dimension: table.shape[1], rng: &rng)
        embeddings.value = table
    }

    /// An inference `Embedding`, which takes ids (N, T) like `predict`.
    public func inference() throws -> any Layer { try Embedding(table: embeddings.value) }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.rank == 1 || x.rank == 2 else {
            throw NeuralError.invalidShape("Embedding expects ids of shape (T, N) or (N), got \(x.shape)")
        }
        var found = [Int]()
        found.reserveCapacity(x.count)
        for v in x.scalars {
            guard v.isFinite, v == v.rounded(), v >= 0, Int(v) < vocabularySize else {
                throw NeuralError.invalidArgument("Embedding id \(v) is not an integer in 0..<\(vocabularySize)")
            }
            found.append(Int(v))
        }
        var out = [Float]()
        out.reserveCapacity(found.count * dimension)
        for id in found { out += embeddings.value.scalars[id * dimension..<(id + 1) * dimension] }
        if training { ids = found }
        return try Tensor(shape: x.shape + [dimension], scalars: out)
    }

    public func backward(_ gradient: Tensor, needsInputGradient: Bool) throws -> Tensor? {
        guard gradient.count == ids.count * dimension else {
            throw NeuralError.shapeMismatch("Embedding gradient \(gradient.shape) does not match \(ids.count) ids")
        }
        let d = dimension
        for (r, id) in ids.enumerated() {
            for j in 0..<d { embeddings.gradient.scalars[id * d + j] += gradient.scalars[r * d + j] }
        }
        return nil
    }
}

extension Embedding: TrainableConvertible {
    public func trainableLayers() throws -> [TrainableLayer] { [TrainableEmbedding(table: table)] }
}
