import Foundation

/// A Keras model's architecture, read from the `config.json` of a `.keras` archive and checked:
/// the input and the chain of layers the engine will run, input side first.
///
/// Read: Keras 3 `Sequential` models, and `Functional` models (also Keras 2's `Model`) that chain
/// one input through layers called once each to one output; a layer with `return_state=True` may
/// hand one of its states on. Anything else (branches, merges, shared or nested models, unknown
/// layer classes or options) is refused with an error that names the layer and what is supported.
///
/// Reference: Keras 3 `saving_lib` (`.keras` archives), `Sequential.get_config`,
/// `Functional.get_config` (`inbound_nodes` of `__keras_tensor__` arguments with `keras_history`
/// [layer, node, tensor]).
public struct KerasArchitecture: Sendable, Equatable {
    /// The model's name (`sequential`, or what the script named it).
    public var name: String
    /// What the model reads.
    public var input: KerasInput
    /// The layers in the order they run (the `InputLayer` not among them).
    public var layers: [KerasLayer]

    /// The largest `config.json` read (a seed-sized model's is 10 kB).
    public static let maximumConfigBytes = 16 << 20

    /// Reads `config.json`.
    /// - Throws: `KerasError` saying what was wrong: not JSON, not a model, an unsupported model
    ///   structure, layer class or option.
    public init(configJSON data: Data) throws {
        guard data.count <= Self.maximumConfigBytes else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "\(data.count) bytes, more than the \(Self.maximumConfigBytes >> 20) MiB a model configuration may have")
        }
        let json = try KerasJSON.parse(data, file: "config.json")
        guard let top = json.object else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "the document is \(json.brief), not a model object")
        }
        guard let className = top["class_name"]?.string else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "no class_name: not a Keras model configuration")
        }
        guard let config = top["config"]?.object else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "\(className) has no config object")
        }
        name = config["name"]?.string ?? className.lowercased()
        guard let entries = config["layers"]?.array else {
            throw KerasError.unsupportedModel(
                reason: "\(className) '\(name)' lists no layers (a subclassed model keeps its structure in Python code, not in config.json)")
        }
        let parsed = try entries.enumerated().map { try KerasLayerConfig($1, position: "layer \($0)") }
        let chain: [(config: KerasLayerConfig, outputIndex: Int)]
        switch className {
        case "Sequential":
            chain = parsed.map { ($0, 0) }
        case "Functional", "Model":
            chain = try Self.functionalChain(parsed, config)
        default:
            throw KerasError.unsupportedModel(reason: "a model of class \(className)")
        }
        var input: KerasInput?
        var layers: [KerasLayer] = []
        for (position, (layerConfig, outputIndex)) in chain.enumerated() {
            if layerConfig.className == "InputLayer" {
                guard position == 0 else {
                    throw KerasError.unsupportedModel(reason: "InputLayer '\(layerConfig.name)' is not the first layer")
                }
                input = try KerasInput(layerConfig)
                continue
            }
            if ["Sequential", "Functional", "Model"].contains(layerConfig.className) {
                throw KerasError.unsupportedModel(reason: "layer '\(layerConfig.name)' is a nested \(layerConfig.className) model; save the inner model on its own")
            }
            var layer = try KerasLayer(layerConfig)
            layer.outputIndex = outputIndex
            layers.append(layer)
        }
        guard !layers.isEmpty else {
            throw KerasError.unsupportedModel(reason: "'\(name)' has no layer after its input")
        }
        self.layers = layers
        self.input = try input ?? Self.inputFromFirstLayer(chain.first!.config, config, first: layers[0])
        try checkStates()
    }

    /// The input of a model saved without an `InputLayer`: from `build_input_shape` (Sequential)
    /// or the first layer's `build_config`; unknown sizes stay nil and the weights decide.
    private static func inputFromFirstLayer(_ first: KerasLayerConfig, _ model: [String: KerasJSON], first layer: KerasLayer) throws -> KerasInput {
        let built = model["build_input_shape"] ?? first.entry["build_config"]?.object?["input_shape"]
        let ids: Bool
        if case .embedding = layer.kind { ids = true } else { ids = false }
        if let dims = built?.array, dims.count == (ids ? 2 : 3) {
            return KerasInput(shape: dims.dropFirst().map { $0.integer(in: 1...KerasLayer.maximumWidth) }, dtype: ids ? "int32" : "float32")
        }
        return KerasInput(shape: ids ? [nil] : [nil, nil], dtype: ids ? "int32" : "float32")
    }

    /// Refuses states handed on by a layer without them, and outputs beyond the layer's.
    private func checkStates() throws {
        for layer in layers where layer.outputIndex != 0 {
            let available: Int
            switch layer.kind {
            case .recurrent(let r) where r.returnState: available = r.stateCount
            case .bidirectional(let r, _) where r.returnState: available = 2 * r.stateCount
            default: available = 0
            }
            guard layer.outputIndex <= available else {
                throw KerasError.unsupportedModel(
                    reason: "the next layer reads output \(layer.outputIndex) of '\(layer.name)', which has \(available + 1) output\(available == 0 ? "" : "s")")
            }
        }
    }
}
