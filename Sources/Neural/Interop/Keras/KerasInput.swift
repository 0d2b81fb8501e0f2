/// What a Keras model reads, from its `InputLayer` (`batch_shape` and `dtype`).
public struct KerasInput: Sendable, Equatable {
    /// The shape without the batch axis: [T, F] for sequences, [T] for ids; nil where `None`.
    public var shape: [Int?]
    /// `dtype`, e.g. `float32`, `int32`.
    public var dtype: String

    /// F of sequences [N, T, F], when the shape says it.
    public var features: Int? { shape.count == 2 ? shape[1] : nil }

    /// Reads `batch_shape` (Keras 3) or `batch_input_shape` (Keras 2) and `dtype` of an `InputLayer`.
    /// - Throws: `KerasError.invalidOption` for a shape that is no list of sizes, or whose rank is
    ///   neither (N, T, F) nor (N, T).
    init(_ config: KerasLayerConfig) throws {
        let value = config.options["batch_shape"] ?? config.options["batch_input_shape"] ?? .null
        dtype = try config.string("dtype", default: "float32") ?? "float32"
        guard let dims = value.array else {
            throw config.invalid("batch_shape", "must be a list such as [null, null, 100], got \(value.brief)")
        }
        let sizes = try dims.map { d -> Int? in
            if d == .null { return nil }
            guard let n = d.integer(in: 1...KerasLayer.maximumWidth) else {
                throw config.invalid("batch_shape", "holds \(d.brief); each size must be null or a whole number ≥ 1")
            }
            return n
        }
        guard sizes.count == 2 || sizes.count == 3 else {
            throw KerasError.unsupportedOption(
                layer: config.name, className: config.className, option: "batch_shape",
                value: "[" + dims.map(\.brief).joined(separator: ", ") + "]",
                supported: "sequences [N, T, F], or ids [N, T] for a model that starts with an Embedding")
        }
        shape = Array(sizes.dropFirst())
    }

    /// - Parameters:
    ///   - shape: without the batch axis.  - dtype: e.g. `float32`.
    init(shape: [Int?], dtype: String) {
        self.shape = shape
        self.dtype = dtype
    }
}
