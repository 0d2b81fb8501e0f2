/// A Keras `LSTM` or `GRU` layer's options, as far as they change what the layer computes.
///
/// Dropout, initializers, regularizers, constraints, `unroll` and `use_cudnn` do not change
/// inference and are ignored; options the engine does not implement are refused by name.
public struct KerasRecurrent: Sendable, Equatable {
    /// The cell: LSTM, or GRU in one of its two variants.
    public enum Cell: Sendable, Equatable {
        /// Keras `LSTM` (gate order i, f, c, o: the engine's).
        case lstm
        /// Keras `GRU`; `resetAfter` is `reset_after` (True: the reset gate multiplies the
        /// recurrent projection, as PyTorch and cuDNN; False: it multiplies h before it).
        case gru(resetAfter: Bool)
    }

    /// LSTM or GRU.
    public var cell: Cell
    /// H, `units`.
    public var units: Int
    /// `use_bias`.
    public var useBias: Bool
    /// `return_sequences`: every timestep's output (N, T, H), else the last one (N, H).
    public var returnSequences: Bool
    /// `return_state`: the layer also returns its final states (read by a Functional model).
    public var returnState: Bool
    /// `stateful` (a single predict call starts from zeros either way).
    public var stateful: Bool

    /// The states `return_state` adds after the output: h and c for an LSTM, h for a GRU.
    var stateCount: Int {
        if case .lstm = cell { return 2 }
        return 1
    }

    /// Reads and checks an `LSTM` or `GRU` entry.
    /// - Parameter backward: the entry is a `Bidirectional`'s backward layer, which reads the
    ///   sequence from its end (`go_backwards=True`, as Keras requires of it).
    /// - Throws: `KerasError` for another class, a missing or invalid `units`, or an option the
    ///   engine does not implement (activations other than tanh / sigmoid, `go_backwards`).
    init(_ layer: KerasLayerConfig, backward: Bool = false) throws {
        switch layer.className {
        case "LSTM": cell = .lstm
        case "GRU": cell = .gru(resetAfter: try layer.bool("reset_after", default: true))
        default:
            throw KerasError.unsupportedLayer(name: layer.name, className: layer.className, supported: ["LSTM", "GRU"])
        }
        units = try layer.int("units", in: 1...KerasLayer.maximumWidth)
        useBias = try layer.bool("use_bias", default: true)
        returnSequences = try layer.bool("return_sequences", default: false)
        returnState = try layer.bool("return_state", default: false)
        stateful = try layer.bool("stateful", default: false)
        // The fused cell kernels compute tanh candidates and sigmoid gates, Keras' defaults.
        try layer.require("activation", in: [.string("tanh")], supported: "'tanh'")
        try layer.require("recurrent_activation", in: [.string("sigmoid")], supported: "'sigmoid'")
        if try layer.bool("go_backwards", default: false) != backward {
            throw KerasError.unsupportedOption(layer: layer.name, className: layer.className, option: "go_backwards",
                                               value: backward ? "false" : "true",
                                               supported: backward ? "true in a backward layer" : "false (for both directions use Bidirectional)")
        }
        if try layer.bool("time_major", default: false) {
            throw KerasError.unsupportedOption(layer: layer.name, className: layer.className, option: "time_major",
                                               value: "true", supported: "false (batch-major inputs)")
        }
    }
}
