/// Layers applied one after another (Keras `Sequential`, PyTorch `nn.Sequential`).
///
/// The seed model of this project reads:
///
///     let model = Sequential([
///         Recurrent(lstm1),                 // LSTM(128, return_sequences=True), F = 100
///         Recurrent(lstm2),                 // LSTM(64, return_sequences=True)
///         TimeDistributed(dense),           // TimeDistributed(Dense(10))
///     ])
///     let y = try model(x)                  // x (N, T, 100) → y (N, T, 10)
public struct Sequential: Layer {
    /// The layers, input side first.
    public var layers: [any Layer] { didSet { splitStack = SplitLSTMStack(layers) } }
    /// The batch-1 fast path of leading LSTM layers (and a Dense head), when the model has them.
    private var splitStack: SplitLSTMStack?

    /// - Parameter layers: input side first.
    public init(_ layers: [any Layer]) {
        self.layers = layers
        splitStack = SplitLSTMStack(layers)
    }

    /// Runs every layer in turn (a batch of one through leading LSTM layers in one two-core job,
    /// bit-identical to running them one by one).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        if let stack = splitStack, let y = stack(x) {
            var h = y
            for layer in layers[stack.layerCount...] { h = try layer(h) }
            return h
        }
        return try layerByLayer(x)
    }

    /// Runs every layer in turn through its own `callAsFunction` (the path the batch-1 fast
    /// path is tested against).
    func layerByLayer(_ x: Tensor) throws -> Tensor {
        var h = x
        for layer in layers { h = try layer(h) }
        return h
    }

    /// Every layer's output in order (the last one is the model's output): for parity checks.
    public func layerOutputs(_ x: Tensor) throws -> [Tensor] {
        var h = x
        var outputs: [Tensor] = []
        for layer in layers {
            h = try layer(h)
            outputs.append(h)
        }
        return outputs
    }

    /// A stream that runs the model one timestep or one chunk at a time, carrying every recurrent
    /// layer's state between calls until `reset()`.
    /// - Parameter batchSize: N, fixed for the stream's life.
    /// - Throws: `NeuralError.invalidArgument` when a layer cannot stream (bidirectional layers need
    ///   the whole sequence; recurrent layers must return sequences).
    public func makeStream(batchSize: Int) throws -> any LayerStream {
        try SequentialStream(streams: layers.map { try $0.makeStream(batchSize: batchSize) }, batchSize: batchSize)
    }

    /// `makeStream(batchSize:)` with the concrete type, for the tensor-level `step` API.
    public func stream(batchSize: Int = 1) throws -> SequentialStream {
        try SequentialStream(streams: layers.map { try $0.makeStream(batchSize: batchSize) }, batchSize: batchSize)
    }
}
