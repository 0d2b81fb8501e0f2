/// One layer of a Keras model, read from `config.json` and checked: what the engine will run.
public struct KerasLayer: Sendable, Equatable {
    /// The layer's name in the model (`lstm_1`): its weights are stored under it.
    public var name: String
    /// Keras class (`LSTM`).
    public var className: String
    /// What the layer computes.
    public var kind: Kind
    /// Which of the layer's outputs the next layer reads: 0 its output; with `return_state`,
    /// 1… its final states in Keras' order (LSTM h, c; GRU h; Bidirectional the forward
    /// direction's, then the backward's).
    public var outputIndex: Int = 0

    /// What a layer computes.
    public indirect enum Kind: Sendable, Equatable {
        /// `LSTM` / `GRU`.
        case recurrent(KerasRecurrent)
        /// `Bidirectional(LSTM | GRU, merge_mode=)`.
        case bidirectional(KerasRecurrent, merge: KerasMergeMode)
        /// `Dense(units, activation=, use_bias=)` on the last axis.
        case dense(units: Int, activation: Activation, useBias: Bool)
        /// `TimeDistributed(layer)` of a layer without time steps of its own (Dense, Activation).
        case timeDistributed(Kind)
        /// `Embedding(input_dim, output_dim)`: ids in, vectors out.
        case embedding(inputDim: Int, outputDim: Int)
        /// `Activation`, `ReLU`, `Softmax`: an activation as a layer of its own.
        case activation(Activation)
        /// `Dropout`, `SpatialDropout1D`: nothing at inference.
        case identity
    }

    /// The classes the engine runs (`InputLayer` aside).
    public static let supportedClasses = [
        "InputLayer", "LSTM", "GRU", "Dense", "TimeDistributed", "Bidirectional", "Embedding",
        "Activation", "ReLU", "Softmax", "Dropout", "SpatialDropout1D",
    ]

    /// The largest width (units, vocabulary, features) accepted from a configuration: far above
    /// any recurrent model, and low enough that sizes derived from it cannot overflow.
    static let maximumWidth = 1 << 24

    /// - Parameters:
    ///   - name: Keras name.  - className: Keras class.  - kind: what it computes.
    ///   - outputIndex: the output the next layer reads.
    public init(name: String, className: String, kind: Kind, outputIndex: Int = 0) {
        self.name = name
        self.className = className
        self.kind = kind
        self.outputIndex = outputIndex
    }

    /// Reads and checks one layer entry (not an `InputLayer`).
    /// - Throws: `KerasError.unsupportedLayer` for a class the engine does not run,
    ///   `.unsupportedOption` / `.invalidOption` for an option it does not implement or that is
    ///   out of range.
    init(_ config: KerasLayerConfig) throws {
        name = config.name
        className = config.className
        kind = try Self.kind(config, inside: nil)
    }

    private static func kind(_ config: KerasLayerConfig, inside wrapper: String?) throws -> Kind {
        switch config.className {
        case "LSTM", "GRU":
            return .recurrent(try KerasRecurrent(config))
        case "Dense":
            try config.require("lora_rank", in: [], supported: "null (merge LoRA weights before saving)")
            return .dense(units: try config.int("units", in: 1...maximumWidth),
                          activation: try config.activation("activation", default: .linear),
                          useBias: try config.bool("use_bias", default: true))
        case "TimeDistributed" where wrapper == nil:
            let inner = try config.nested("layer")
            let k = try kind(inner, inside: config.className)
            switch k {
            case .dense, .activation, .identity: return .timeDistributed(k)
            default:
                throw KerasError.unsupportedLayer(name: inner.name, className: "\(inner.className) inside TimeDistributed",
                                                  supported: ["Dense", "Activation", "ReLU", "Softmax", "Dropout"])
            }
        case "Bidirectional" where wrapper == nil:
            let forward = try config.nested("layer")
            guard ["LSTM", "GRU"].contains(forward.className) else {
                throw KerasError.unsupportedLayer(name: forward.name, className: "\(forward.className) inside Bidirectional",
                                                  supported: ["LSTM", "GRU"])
            }
            let f = try KerasRecurrent(forward)
            if let entry = config.options["backward_layer"], entry != .null {
                let b = try KerasRecurrent(try KerasLayerConfig(entry, position: "\(config.name).backward_layer"), backward: true)
                guard b.cell == f.cell, b.units == f.units, b.useBias == f.useBias,
                      b.returnSequences == f.returnSequences, b.returnState == f.returnState else {
                    throw KerasError.unsupportedOption(
                        layer: config.name, className: config.className, option: "backward_layer", value: "a layer unlike the forward one",
                        supported: "a backward layer of the forward layer's class, units and options")
                }
            }
            return .bidirectional(f, merge: try KerasMergeMode(config))
        case "Embedding" where wrapper == nil:
            if try config.bool("mask_zero", default: false) {
                throw KerasError.unsupportedOption(layer: config.name, className: config.className, option: "mask_zero", value: "true",
                                                   supported: "false (masked time steps are not skipped by the engine)")
            }
            try config.require("lora_rank", in: [], supported: "null (merge LoRA weights before saving)")
            return .embedding(inputDim: try config.int("input_dim", in: 1...maximumWidth),
                              outputDim: try config.int("output_dim", in: 1...maximumWidth))
        case "Activation":
            guard let name = try config.string("activation") else { throw config.invalid("activation", "is missing") }
            return .activation(try KerasLayerConfig.activation(named: name, layer: config.name, className: config.className, option: "activation"))
        case "ReLU":
            // Plain max(0, x) only: Keras' defaults of the three options.
            try config.require("max_value", in: [], supported: "null")
            try config.require("negative_slope", in: [.number(0)], supported: "0")
            try config.require("threshold", in: [.number(0)], supported: "0")
            return .activation(.relu)
        case "Softmax":
            try config.require("axis", in: [.number(-1)], supported: "-1 (the last axis)")
            return .activation(.softmax)
        case "Dropout", "SpatialDropout1D":
            return .identity
        default:
            let supported = wrapper == nil ? supportedClasses : ["Dense", "Activation", "ReLU", "Softmax", "Dropout"]
            throw KerasError.unsupportedLayer(name: config.name,
                                              className: config.className + (wrapper.map { " inside \($0)" } ?? ""),
                                              supported: supported)
        }
    }
}

/// How `Bidirectional` joins its two directions (`merge_mode`).
public enum KerasMergeMode: String, Sendable, Equatable, CaseIterable {
    /// Forward then backward features, 2H wide (the default).
    case concat
    /// Elementwise sum.
    case sum
    /// Elementwise product.
    case mul
    /// Elementwise mean.
    case ave

    init(_ config: KerasLayerConfig) throws {
        guard let value = config.options["merge_mode"] else { self = .concat; return }
        guard let name = value.string, let mode = KerasMergeMode(rawValue: name) else {
            throw KerasError.unsupportedOption(
                layer: config.name, className: config.className, option: "merge_mode", value: value.brief,
                supported: Self.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ") + " (None gives two outputs)")
        }
        self = mode
    }
}
