/// Layout changes needed to bring framework weights into the engine's canonical layout.
extension Tensor {
    /// The transpose of a matrix: (R, C) → (C, R). PyTorch stores `weight_ih_l0` as (G·H, F);
    /// the engine wants (F, G·H).
    /// - Throws: `NeuralError.invalidShape` when the tensor is not rank 2.
    public func transposed() throws -> Tensor {
        guard rank == 2 else { throw NeuralError.invalidShape("transpose needs a matrix, got \(shape)") }
        let (r, c) = (shape[0], shape[1])
        var out = Tensor.zeros([c, r])
        for i in 0..<r {
            for j in 0..<c { out.scalars[j * r + i] = scalars[i * c + j] }
        }
        return out
    }

    /// Reorders equal column blocks of the last axis: block `i` of the result is block
    /// `order[i]` of `self`. Keras GRU stores gates z, r, h; the engine uses r, z, n: order [1, 0, 2].
    /// - Throws: `NeuralError.shapeMismatch` when the last axis does not split into `order.count` blocks.
    public func permutingColumnBlocks(_ order: [Int]) throws -> Tensor {
        let width = shape.last ?? 0
        guard !order.isEmpty, width % order.count == 0 else {
            throw NeuralError.shapeMismatch("last axis of \(shape) does not split into \(order.count) gate blocks")
        }
        let block = width / order.count
        let rows = width == 0 ? 0 : count / width
        var out = self
        for r in 0..<rows {
            for (dst, src) in order.enumerated() {
                for j in 0..<block {
                    out.scalars[r * width + dst * block + j] = scalars[r * width + src * block + j]
                }
            }
        }
        return out
    }
}
