/// Keras' `TimeDistributed(layer)`: the inner layer applied to every timestep of a
/// (T, N, F) sequence, as one call over T·N rows.
public final class TrainableTimeDistributed: TrainableLayer {
    public let inner: TrainableLayer
    private var inputShape: [Int] = []

    /// - Parameter inner: a layer over (rows, F), e.g. `TrainableDense`.
    public init(_ inner: TrainableLayer) { self.inner = inner }

    public var spec: LayerSpec { .timeDistributed(inner.spec) }
    /// The inner layer's (Keras and PyTorch name them so inside the wrapper's prefix).
    public var namedParameters: [NamedParameter] { inner.namedParameters }

    public func inference() throws -> any Layer {
        func wrapped<Inner: Layer>(_ layer: Inner) -> any Layer { TimeDistributed(layer) }
        return wrapped(try inner.inference())
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard x.rank == 3 else {
            throw NeuralError.invalidShape("TimeDistributed expects a sequence (T, N, F), got shape \(x.shape)")
        }
        inputShape = x.shape
        let y = try inner.forward(try x.reshaped([x.shape[0] * x.shape[1], x.shape[2]]), training: training)
        return try y.reshaped([x.shape[0], x.shape[1], y.shape[1]])
    }

    public func backward(_ gradient: Tensor, needsInputGradient: Bool) throws -> Tensor? {
        guard gradient.rank == 3 else {
            throw NeuralError.invalidShape("TimeDistributed gradient must be (T, N, U), got \(gradient.shape)")
        }
        let g = try gradient.reshaped([gradient.shape[0] * gradient.shape[1], gradient.shape[2]])
        return try inner.backward(g, needsInputGradient: needsInputGradient)?.reshaped(inputShape)
    }
}

extension TimeDistributed: TrainableConvertible where Wrapped == Dense {
    public func trainableLayers() throws -> [TrainableLayer] {
        [TrainableTimeDistributed(TrainableDense(kernel: layer.kernel, bias: layer.bias, activation: layer.activation))]
    }
}
