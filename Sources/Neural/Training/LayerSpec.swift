/// The architecture of one trainable layer, in one description: what `TrainingModel(_:)` builds
/// from, what a checkpoint stores as JSON (`wm.architecture`) and what restoring it builds again.
///
/// Written by hand (the Keras-like way), a spec may leave `inputSize` out: the builder takes it
/// from the previous layer. A built layer's `spec` always states it.
///
///     let model = try TrainingModel([.lstm(128, returnSequences: true, inputSize: 100), .timeDistributed(.dense(10))])
public indirect enum LayerSpec: Codable, Sendable, Equatable {
    /// Keras `LSTM(units, return_sequences=, stateful=)`.
    case lstm(units: Int, inputSize: Int?, returnSequences: Bool, stateful: Bool)
    /// Keras `GRU(units, reset_after=)` / PyTorch `nn.GRU` (reset after). `gateOrder` names the
    /// layout the initial weights are drawn in, "pytorch" (r, z, n) or "keras" (z, r, h); a built
    /// layer holds its blocks in the engine's order r, z, n and says "pytorch". (Checkpoints of
    /// older versions that say "keras" stored the blocks in Keras' order: `restore` permutes them.)
    case gru(units: Int, inputSize: Int?, returnSequences: Bool, stateful: Bool, gateOrder: String, resetAfter: Bool)
    /// Keras `Dense(units, activation=)`.
    case dense(units: Int, inputSize: Int?, activation: Activation)
    /// Keras `TimeDistributed(layer)`.
    case timeDistributed(LayerSpec)
    /// Keras `Bidirectional(layer, merge_mode="concat")` of an LSTM or GRU.
    case bidirectional(LayerSpec)
    /// Keras `Embedding(vocabularySize, dimension)`: ids in, vectors out.
    case embedding(vocabularySize: Int, dimension: Int)
}

// The inference engine's `Activation` names serve as the architecture JSON's activation names.
extension Activation: Codable {}

extension LayerSpec {
    /// Keras `LSTM(units, return_sequences=, stateful=)`.
    public static func lstm(_ units: Int, returnSequences: Bool = false, stateful: Bool = false, inputSize: Int? = nil) -> LayerSpec {
        .lstm(units: units, inputSize: inputSize, returnSequences: returnSequences, stateful: stateful)
    }

    /// Keras `GRU(units, reset_after=)` / PyTorch `nn.GRU` (reset after; gate order r, z, n).
    public static func gru(_ units: Int, returnSequences: Bool = false, stateful: Bool = false, resetAfter: Bool = true,
                           inputSize: Int? = nil) -> LayerSpec {
        .gru(units: units, inputSize: inputSize, returnSequences: returnSequences, stateful: stateful,
             gateOrder: GRUGateOrder.pytorch.name, resetAfter: resetAfter)
    }

    /// An LSTM or a GRU (reset after) by its cell; a GRU's gate order is the layout its initial
    /// weights are drawn in.
    public static func recurrent(_ cell: TrainableRecurrent.Cell, units: Int, returnSequences: Bool = false,
                                 stateful: Bool = false, inputSize: Int? = nil) -> LayerSpec {
        switch cell {
        case .lstm: return .lstm(units: units, inputSize: inputSize, returnSequences: returnSequences, stateful: stateful)
        case .gru(let order):
            return .gru(units: units, inputSize: inputSize, returnSequences: returnSequences, stateful: stateful,
                        gateOrder: order.name, resetAfter: true)
        }
    }

    /// Keras `Dense(units, activation=)`.
    public static func dense(_ units: Int, activation: Activation = .linear, inputSize: Int? = nil) -> LayerSpec {
        .dense(units: units, inputSize: inputSize, activation: activation)
    }

    /// The features this layer outputs, given what it reads (nil when unknown).
    func outputSize(inputSize: Int?) -> Int? {
        switch self {
        case let .lstm(units, _, _, _), let .gru(units, _, _, _, _, _), let .dense(units, _, _): return units
        case let .timeDistributed(inner): return inner.outputSize(inputSize: inputSize)
        case let .bidirectional(inner): return inner.outputSize(inputSize: inputSize).map { 2 * $0 }
        case let .embedding(_, dimension): return dimension
        }
    }

    /// The layer this spec describes, reading `given` features from the previous layer (nil for
    /// the first), its weights drawn from `rng`.
    /// - Throws: `NeuralError` when the input size is unknown or contradicts the previous layer,
    ///   a GRU gate order is unknown, or a bidirectional layer wraps no LSTM or GRU.
    func build(inputSize given: Int?, initialization: WeightInitialization, rng: inout SeededGenerator) throws -> TrainableLayer {
        func size(_ own: Int?) throws -> Int {
            guard let f = own ?? given else {
                throw NeuralError.invalidArgument("the first layer needs an inputSize")
            }
            if let own, let given, own != given {
                throw NeuralError.shapeMismatch("layer declares inputSize \(own) but the previous layer outputs \(given)")
            }
            return f
        }
        switch self {
        case let .lstm(units, inputSize, returnSequences, stateful):
            return TrainableRecurrent(cell: .lstm, units: units, inputSize: try size(inputSize), returnSequences: returnSequences,
                                      stateful: stateful, initialization: initialization, rng: &rng)
        case let .gru(units, inputSize, returnSequences, stateful, gateOrder, resetAfter):
            guard let order = GRUGateOrder(name: gateOrder) else {
                throw NeuralError.invalidArgument("unknown GRU gate order '\(gateOrder)' (pytorch or keras)")
            }
            let layer = TrainableRecurrent(cell: .gru(order), units: units, inputSize: try size(inputSize),
                                           returnSequences: returnSequences, stateful: stateful,
                                           initialization: initialization, rng: &rng)
            layer.resetAfter = resetAfter
            return layer
        case let .dense(units, inputSize, activation):
            return TrainableDense(units: units, inputSize: try size(inputSize), activation: activation,
                                  initialization: initialization, rng: &rng)
        case let .timeDistributed(inner):
            return TrainableTimeDistributed(try inner.build(inputSize: given, initialization: initialization, rng: &rng))
        case let .bidirectional(inner):
            guard inner.isRecurrent,
                  let f = try inner.build(inputSize: given, initialization: initialization, rng: &rng) as? TrainableRecurrent,
                  let b = try inner.build(inputSize: given, initialization: initialization, rng: &rng) as? TrainableRecurrent
            else { throw NeuralError.invalidArgument("bidirectional wraps an LSTM or GRU layer") }
            return TrainableBidirectional(forward: f, backward: b)
        case let .embedding(vocabularySize, dimension):
            return TrainableEmbedding(vocabularySize: vocabularySize, dimension: dimension,
                                      initialization: initialization, rng: &rng)
        }
    }

    /// An LSTM or GRU.
    var isRecurrent: Bool {
        switch self {
        case .lstm, .gru: return true
        default: return false
        }
    }

    /// Whether this layer outputs a sequence, when it decides (recurrent layers; nil for others,
    /// which keep what they read).
    var returnsSequences: Bool? {
        switch self {
        case let .lstm(_, _, r, _), let .gru(_, _, r, _, _, _): return r
        case let .bidirectional(inner): return inner.returnsSequences
        default: return nil
        }
    }
}
