/// Applies a layer to every timestep independently: (N, T, …) → (N, T, …′) (Keras `TimeDistributed`).
///
/// The wrapped layer sees the N·T timesteps as one batch, so `TimeDistributed(Dense)` is a single
/// GEMM. (`Dense` alone already maps the last axis of any rank, as in Keras; the wrapper exists so
/// that Keras models read the same in Swift.)
public struct TimeDistributed<Wrapped: Layer>: Layer {
    /// The layer applied at each timestep.
    public var layer: Wrapped

    /// - Parameter layer: applied at each timestep.
    public init(_ layer: Wrapped) { self.layer = layer }

    /// (N, T, …) → (N, T, …′).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 3 else {
            throw NeuralError.invalidShape("TimeDistributed expects (N, T, …), got \(x.shape)")
        }
        let (n, t) = (x.shape[0], x.shape[1])
        let folded = try x.reshaped([n * t] + x.shape.dropFirst(2))
        let y = try layer(folded)
        return try y.reshaped([n, t] + y.shape.dropFirst())
    }

    /// Streams the wrapped layer: a stateless layer streams row by row.
    public func makeStream(batchSize: Int) throws -> any LayerStream {
        try layer.makeStream(batchSize: batchSize)
    }
}
