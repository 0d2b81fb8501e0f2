/// A layer to be built by `TrainingModel`: the Keras-like way to write an architecture, with
/// input sizes inferred from the previous layer.
public indirect enum LayerBlueprint: Sendable {
    case recurrent(TrainableRecurrent.Cell, units: Int, returnSequences: Bool, stateful: Bool, inputSize: Int?)
    case dense(units: Int, activation: Activation, inputSize: Int?)
    case timeDistributed(LayerBlueprint)
    case bidirectional(LayerBlueprint)
    case embedding(vocabularySize: Int, dimension: Int)
    /// Keras `GRU(reset_after=False)`.
    case gruResetBefore(units: Int, returnSequences: Bool, stateful: Bool, inputSize: Int?)

    /// Keras `LSTM(units, return_sequences=, stateful=)`.
    public static func lstm(_ units: Int, returnSequences: Bool = false, stateful: Bool = false, inputSize: Int? = nil) -> LayerBlueprint {
        .recurrent(.lstm, units: units, returnSequences: returnSequences, stateful: stateful, inputSize: inputSize)
    }

    /// Keras `GRU(units, reset_after=)` / PyTorch `nn.GRU` (reset after; gate order r, z, n).
    public static func gru(_ units: Int, returnSequences: Bool = false, stateful: Bool = false, resetAfter: Bool = true,
                           inputSize: Int? = nil) -> LayerBlueprint {
        resetAfter
            ? .recurrent(.gru(.pytorch), units: units, returnSequences: returnSequences, stateful: stateful, inputSize: inputSize)
            : .gruResetBefore(units: units, returnSequences: returnSequences, stateful: stateful, inputSize: inputSize)
    }

    /// Keras `Dense(units, activation=)`.
    public static func dense(_ units: Int, activation: Activation = .linear, inputSize: Int? = nil) -> LayerBlueprint {
        .dense(units: units, activation: activation, inputSize: inputSize)
    }

    func outputSize(inputSize: Int?) -> Int? {
        switch self {
        case let .recurrent(_, units, _, _, _), let .gruResetBefore(units, _, _, _): return units
        case let .dense(units, _, _): return units
        case let .timeDistributed(inner): return inner.outputSize(inputSize: inputSize)
        case let .bidirectional(inner): return inner.outputSize(inputSize: inputSize).map { 2 * $0 }
        case let .embedding(_, dimension): return dimension
        }
    }

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
        case let .recurrent(cell, units, returnSequences, stateful, inputSize):
            return TrainableRecurrent(cell: cell, units: units, inputSize: try size(inputSize), returnSequences: returnSequences,
                                      stateful: stateful, initialization: initialization, rng: &rng)
        case let .gruResetBefore(units, returnSequences, stateful, inputSize):
            let layer = TrainableRecurrent(cell: .gru(.pytorch), units: units, inputSize: try size(inputSize),
                                           returnSequences: returnSequences, stateful: stateful, initialization: initialization, rng: &rng)
            layer.resetAfter = false
            return layer
        case let .dense(units, activation, inputSize):
            return TrainableDense(units: units, inputSize: try size(inputSize), activation: activation,
                                  initialization: initialization, rng: &rng)
        case let .timeDistributed(inner):
            return TrainableTimeDistributed(try inner.build(inputSize: given, initialization: initialization, rng: &rng))
        case let .bidirectional(inner):
            let recurrent: Bool
            switch inner {
            case .recurrent, .gruResetBefore: recurrent = true
            default: recurrent = false
            }
            guard recurrent,
                  let f = try inner.build(inputSize: given, initialization: initialization, rng: &rng) as? TrainableRecurrent,
                  let b = try inner.build(inputSize: given, initialization: initialization, rng: &rng) as? TrainableRecurrent
            else { throw NeuralError.invalidArgument("bidirectional wraps an LSTM or GRU layer") }
            return TrainableBidirectional(forward: f, backward: b)
        case let .embedding(vocabularySize, dimension):
            return TrainableEmbedding(vocabularySize: vocabularySize, dimension: dimension,
                                      initialization: initialization, rng: &rng)
        }
    }
}
