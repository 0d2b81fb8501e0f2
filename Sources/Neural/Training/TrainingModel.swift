/// A stack of trainable layers with a loss and an optimizer: Keras' `Sequential` for training.
///
///     var rng = SeededGenerator(seed: 1)
///     let model = TrainingModel([
///         .lstm(128, returnSequences: true, inputSize: 100),
///         .lstm(64, returnSequences: true),
///         .timeDistributed(.dense(10)),
///     ], seed: 1)
///     model.compile(optimizer: .adam(), loss: .mse)
///     let history = try model.fit(x, y, epochs: 10, batchSize: 64)   // x (N, T, 100), y (N, T, 10)
///     let y = try model.predict(x)                                   // (N, T, 10)
///
/// The user's arrays are batch-major (`NTF`, or `NF` when a layer drops the time axis); inside,
/// sequences are time-major (`TNF`) so each recurrent step and each weight gradient is one GEMM.
public final class TrainingModel {
    /// The layers, input first.
    public let layers: [TrainableLayer]
    /// Set by `compile`.
    public private(set) var optimizer: Optimizer = .adam()
    public private(set) var loss: Loss = .mse
    public private(set) var metrics: [Metric] = []

    /// - Parameter layers: built layers, each taking the previous one's output.
    public init(layers: [TrainableLayer]) {
        self.layers = layers
    }

    /// Builds layers from their specs, inferring each input size from the previous layer.
    /// - Parameters:
    ///   - specs: the layers; the first needs its `inputSize`.
    ///   - initialization: Keras (default) or PyTorch initial weights.
    ///   - seed: seed of the initial weights.
    /// - Throws: `NeuralError` when a size is missing or does not chain (see `LayerSpec`).
    public convenience init(_ specs: [LayerSpec], initialization: WeightInitialization = .keras, seed: UInt64 = 0) throws {
        var rng = SeededGenerator(seed: seed)
        var built: [TrainableLayer] = []
        var width: Int? = nil
        for spec in specs {
            built.append(try spec.build(inputSize: width, initialization: initialization, rng: &rng))
            width = spec.outputSize(inputSize: width)
        }
        self.init(layers: built)
    }

    /// Chooses the optimizer, the loss and the reported metrics.
    public func compile(optimizer: Optimizer = .adam(), loss: Loss, metrics: [Metric] = []) {
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
    }

    /// All parameters, layer by layer, in canonical order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Forgets the carried state of stateful layers.
    public func resetStates() { layers.forEach { $0.resetState() } }

    // MARK: - One step on time-major tensors

    /// Runs all layers on a time-major batch.
    /// - Parameter x: (T, N, F) or (N, F) (or ids (T, N) for an embedding model).
    public func forwardTimeMajor(_ x: Tensor, training: Bool) throws -> Tensor {
        var a = x
        for layer in layers { a = try layer.forward(a, training: training) }
        return a
    }

    /// Forward, loss and backward on one time-major batch; gradients are left in the parameters
    /// (set, not accumulated). Nothing is updated.
    /// - Parameters:
    ///   - x: (T, N, F) or (N, F).
    ///   - y: target in the prediction's layout: (T, N, C) or (N, C) (sparse: one id per row).
    ///   - mask: one weight per prediction row ((T, N) flattened), or nil.
    ///   - lengths: the steps of each sequence (N values in 0...T) when x is padded at the end,
    ///     or nil. Recurrent layers may then stop each row at its length (LSTM and GRU do, like
    ///     PyTorch's packed sequences): the padding's predictions are unspecified and must be
    ///     masked out of the loss; the gradients are those of the padded batch with that mask.
    ///     A model with a layer that returns its last state instead of a sequence (many-to-one)
    ///     reads the state after the padding, as it does in `predict`: it runs the padding and
    ///     the lengths change nothing.
    /// - Returns: the loss and the prediction.
    @discardableResult
    public func computeGradients(_ x: Tensor, _ y: Tensor, mask: [Float]? = nil, lengths: [Int]? = nil) throws
        -> (loss: Float, prediction: Tensor) {
        for p in parameters { p.zeroGradient() }
        if let lengths { try Self.checkLengths(lengths, input: x, samplesAxis: 1) }
        // Only a step with lengths looks for recurrent layers (their hint is nil otherwise), and
        // only when every output past a length is a masked prediction: a layer that returns its
        // last state would read the padding's (states after the length), so it must run it.
        let manyToOne = layers.contains {
            ($0 as? TrainableRecurrent)?.returnSequences == false
                || ($0 as? TrainableBidirectional)?.forwardLayer.returnSequences == false
        }
        let recurrent = lengths == nil || manyToOne ? [] : layers.compactMap { $0 as? TrainableRecurrent }
        for layer in recurrent { layer.sequenceLengths = lengths }
        defer { for layer in recurrent { layer.sequenceLengths = nil } }
        let prediction = try forwardTimeMajor(x, training: true)
        let (value, dPrediction) = try loss.evaluate(prediction: prediction, target: y, mask: mask)
        var g = dPrediction
        for (i, layer) in layers.enumerated().reversed() {
            guard let next = try layer.backward(g, needsInputGradient: i > 0) else { break }
            g = next
        }
        return (value, prediction)
    }

    /// Refuses sequence lengths that are not one value in 0...T per sample of x, whose samples
    /// are on `samplesAxis` and timesteps on the other of its first two axes (time-major: 1;
    /// batch-major: 0).
    static func checkLengths(_ lengths: [Int], input x: Tensor, samplesAxis: Int) throws {
        guard x.rank >= 2, lengths.count == x.shape[samplesAxis] else {
            throw NeuralError.shapeMismatch(
                "lengths need one value per sample of a sequence input: \(lengths.count) for input of shape \(x.shape)")
        }
        let steps = x.shape[1 - samplesAxis]
        if let bad = lengths.first(where: { $0 < 0 || $0 > steps }) {
            throw NeuralError.invalidArgument("sequence length \(bad) is not in 0...\(steps)")
        }
    }

    /// One optimizer step on one time-major batch.
    /// - Returns: the loss before the update and the prediction.
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor, mask: [Float]? = nil, lengths: [Int]? = nil) throws
        -> (loss: Float, prediction: Tensor) {
        let result = try computeGradients(x, y, mask: mask, lengths: lengths)
        optimizer.update(parameters)
        return result
    }
}

extension TrainingModel {
    /// Whether the model reads a sequence: its first layer is recurrent, time-distributed or an
    /// embedding, so the user's arrays carry a time axis after the batch axis.
    var readsSequences: Bool {
        switch layers.first?.spec {
        case .lstm, .gru, .bidirectional, .timeDistributed, .embedding: return true
        default: return false
        }
    }
}

/// (A, B, rest...) → (B, A, rest...): between the user's batch-major and training's time-major.
public func swapLeadingAxes(_ x: Tensor) -> Tensor {
    guard x.rank >= 2 else { return x }
    let (a, b) = (x.shape[0], x.shape[1])
    let inner = x.count / max(a * b, 1)
    var out = [Float](repeating: 0, count: x.count)
    x.scalars.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for i in 0..<a {
                for j in 0..<b {
                    (dst.baseAddress! + (j * a + i) * inner)
                        .update(from: src.baseAddress! + (i * b + j) * inner, count: inner)
                }
            }
        }
    }
    var shape = x.shape
    shape.swapAt(0, 1)
    return try! Tensor(shape: shape, scalars: out)
}
