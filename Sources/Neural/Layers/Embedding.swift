/// A lookup table from token ids to vectors (Keras `Embedding`, PyTorch `nn.Embedding`).
///
/// Ids arrive as floats holding integers, since every tensor here is Float32. As in both
/// frameworks, an input of shape S maps to S + [D]: ids (N, T) → (N, T, D), (N) → (N, D).
/// One exception, so that a model's input can keep the (N, T, F) form of `wm nn predict`: a
/// trailing axis of 1 is read as one id per timestep, (N, T, 1) → (N, T, D) (PyTorch would give
/// (N, T, 1, D), Keras the same).
///
/// Keras: `embeddings` (V, D). PyTorch: `weight` (V, D). Same layout, no transpose.
/// Ids are exact below 2²⁴ (Float32's integer range), far above any vocabulary here.
public struct Embedding: Layer {
    /// E (V, D): Keras `embeddings`, PyTorch `weight`.
    public let table: Tensor

    /// V: the number of ids.
    public var vocabularySize: Int { table.shape[0] }
    /// D: the vector size.
    public var dimension: Int { table.shape[1] }

    /// - Parameter table: E (V, D), row v the vector of id v.
    /// - Throws: `NeuralError.invalidShape` when E is not (V, D) with V, D ≥ 1.
    public init(table: Tensor) throws {
        guard table.rank == 2, table.shape[0] >= 1, table.shape[1] >= 1 else {
            throw NeuralError.invalidShape("Embedding table must be (V, D) with V, D ≥ 1, got \(table.shape)")
        }
        self.table = table
    }

    /// Looks the ids up: (…) → (…, D), or (N, T, 1) → (N, T, D).
    /// - Throws: `NeuralError.invalidShape` for an empty shape or a rank-3 input whose last axis is
    ///   not 1; `NeuralError.invalidArgument` for an id that is NaN, infinite, not an integer,
    ///   negative or ≥ V (the message gives its position and value).
    public func callAsFunction(_ ids: Tensor) throws -> Tensor {
        let outer: [Int]
        switch ids.rank {
        case 1, 2: outer = ids.shape
        case 3 where ids.shape[2] == 1: outer = Array(ids.shape.dropLast())
        default:
            throw NeuralError.invalidShape(
                "Embedding expects ids of shape (N, T), (N, T, 1) or (N), got \(ids.shape)")
        }
        let d = dimension
        var out = Tensor.zeros(outer + [d])
        for (i, id) in ids.scalars.enumerated() {
            let row = try checkedRow(id, at: i)
            for j in 0..<d { out.scalars[i * d + j] = table.scalars[row * d + j] }
        }
        return out
    }

    /// The table row of `id`, nil when `id` is not an integer in 0..<V.
    func row(_ id: Float) -> Int? {
        id.isFinite && id == id.rounded() && id >= 0 && id < Float(vocabularySize) ? Int(id) : nil
    }

    /// The table row of the id at flat position `index` of its input.
    /// - Throws: `NeuralError.invalidArgument` saying where the id is, what it is and why it is wrong.
    func checkedRow(_ id: Float, at index: Int) throws -> Int {
        if let row = row(id) { return row }
        let what = id.isNaN ? "NaN" : !id.isFinite ? "infinite" : id != id.rounded() ? "not an integer"
            : id < 0 ? "negative" : "out of range"
        throw NeuralError.invalidArgument(
            "Embedding id at flat index \(index) is \(id) (\(what)); ids must be integers in 0..<\(vocabularySize)")
    }

    /// A stream of ids, one per sample and timestep: (N, steps, 1) → (N, steps, D).
    public func makeStream(batchSize: Int) throws -> any LayerStream {
        try EmbeddingStream(self, batchSize: batchSize)
    }
}

/// An `Embedding` in a stream: stateless, each id becomes its vector as it comes. Ids are checked
/// by `checkInput` (the `Tensor` API calls it); `run` on an id it would reject writes zeros.
final class EmbeddingStream: LayerStream {
    let batchSize: Int
    var inputWidth: Int { 1 }
    var outputWidth: Int { embedding.dimension }
    private let embedding: Embedding
    private let output: StreamBuffer

    init(_ embedding: Embedding, batchSize: Int) throws {
        guard batchSize >= 1 else { throw NeuralError.invalidArgument("batch size must be at least 1, got \(batchSize)") }
        self.embedding = embedding
        self.batchSize = batchSize
        output = StreamBuffer(capacity: batchSize * embedding.dimension)
    }

    func checkInput(_ x: UnsafePointer<Float>, steps: Int) throws {
        for i in 0..<batchSize * steps { _ = try embedding.checkedRow(x[i], at: i) }
    }

    func run(_ x: UnsafePointer<Float>, steps: Int) -> UnsafePointer<Float> {
        let d = embedding.dimension, rows = batchSize * steps
        output.reserve(rows * d)
        embedding.table.scalars.withUnsafeBufferPointer { table in
            for i in 0..<rows {
                let out = output.pointer + i * d
                if let row = embedding.row(x[i]) {
                    out.update(from: table.baseAddress! + row * d, count: d)
                } else {
                    out.update(repeating: 0, count: d)
                }
            }
        }
        return UnsafePointer(output.pointer)
    }

    func reset() {}
}
