/// A dense, row-major float32 tensor.
///
/// Shapes are written with letters in doc comments: `NTF` is batch × timesteps × features.
/// The storage is one contiguous `[Float]`; the last axis varies fastest, as in NumPy and PyTorch.
public struct Tensor: Sendable, Equatable {
    /// The extent of each axis, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float]

    /// Wraps `scalars` in a tensor of `shape`.
    /// - Throws: `NeuralError.shapeMismatch` when the element count does not match the shape.
    public init(shape: [Int], scalars: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NeuralError.invalidShape("negative extent in shape \(shape)")
        }
        let count = shape.reduce(1, *)
        guard count == scalars.count else {
            throw NeuralError.shapeMismatch(
                "shape \(shape) holds \(count) elements, but \(scalars.count) were given")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }

    /// Number of axes.
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { scalars.count }

    /// The same elements viewed with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        try Tensor(shape: newShape, scalars: scalars)
    }

    /// Row-major flat index of a multi-index.
    @inlinable
    public func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) does not fit shape \(shape)")
        var flat = 0
        for (i, extent) in zip(index, shape) {
            precondition(i >= 0 && i < extent, "index \(index) out of bounds for shape \(shape)")
            flat = flat * extent + i
        }
        return flat
    }

    /// Element at a multi-index.
    public subscript(_ index: Int...) -> Float {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue }
    }

    /// Largest absolute elementwise difference to `other` (the parity metric of the tests).
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "shapes differ: \(shape) vs \(other.shape)")
        var worst: Float = 0
        for (a, b) in zip(scalars, other.scalars) {
            let d = abs(a - b)
            if d.isNaN { return .nan }
            worst = max(worst, d)
        }
        return worst
    }
}
