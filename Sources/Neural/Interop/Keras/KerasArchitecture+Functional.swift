/// Reading a Functional model's graph as a chain: from its one output back through each layer's
/// one inbound tensor to its one input.
extension KerasArchitecture {
    /// A tensor in a Functional graph: output `tensor` of call `node` of layer `layer`
    /// (Keras' `keras_history`).
    struct TensorReference: Equatable {
        var layer: String
        var node: Int
        var tensor: Int

        /// `["lstm", 0, 1]` (Keras 3's `keras_history`, Keras 2's inbound entries, which add kwargs).
        init?(_ json: KerasJSON) {
            guard let a = json.array, a.count >= 3, let layer = a[0].string,
                  let node = a[1].integer(in: 0...Int(Int32.max)), let tensor = a[2].integer(in: 0...Int(Int32.max))
            else { return nil }
            self.layer = layer
            self.node = node
            self.tensor = tensor
        }
    }

    /// The layers from input to output, each with the output index its successor reads (the last
    /// one's: the index the model outputs).
    static func functionalChain(_ layers: [KerasLayerConfig], _ model: [String: KerasJSON]) throws -> [(config: KerasLayerConfig, outputIndex: Int)] {
        var byName: [String: KerasLayerConfig] = [:]
        for layer in layers {
            guard byName[layer.name] == nil else {
                throw KerasError.unreadableConfig(file: "config.json", reason: "two layers are named '\(layer.name)'")
            }
            byName[layer.name] = layer
        }
        let outputs = try references(model["output_layers"], what: "output_layers")
        let inputs = try references(model["input_layers"], what: "input_layers")
        guard outputs.count == 1 else {
            throw KerasError.unsupportedModel(reason: "the model has \(outputs.count) outputs; wm nn predict writes one tensor y")
        }
        guard inputs.count == 1 else {
            throw KerasError.unsupportedModel(reason: "the model has \(inputs.count) inputs")
        }
        var chain: [(config: KerasLayerConfig, outputIndex: Int)] = []
        var current = outputs[0]
        while true {
            guard let layer = byName[current.layer] else {
                throw KerasError.unreadableConfig(file: "config.json", reason: "the graph refers to a layer '\(current.layer)' that the model does not list")
            }
            guard chain.count < layers.count, !chain.contains(where: { $0.config.name == layer.name }) else {
                throw KerasError.unsupportedModel(reason: "layer '\(layer.name)' is used more than once (shared layers are not supported)")
            }
            chain.insert((layer, current.tensor), at: 0)
            let nodes = layer.entry["inbound_nodes"]?.array ?? []
            if layer.className == "InputLayer" {
                guard current == inputs[0] else {
                    throw KerasError.unsupportedModel(reason: "the output does not depend on the model's input '\(inputs[0].layer)' alone")
                }
                return chain
            }
            guard nodes.count == 1, current.node == 0 else {
                throw KerasError.unsupportedModel(reason: "layer '\(layer.name)' is called \(nodes.count) times (shared layers are not supported)")
            }
            let sources = try inboundTensors(nodes[0], layer: layer)
            guard sources.count == 1 else {
                throw KerasError.unsupportedModel(
                    reason: "layer '\(layer.name)' (\(layer.className)) reads \(sources.count) tensors; only chains of single-input layers are supported")
            }
            current = sources[0]
        }
    }

    /// `input_layers` / `output_layers`: one reference `["name", 0, 0]` (Keras 3 writes a single
    /// one flat) or a list of them.
    private static func references(_ json: KerasJSON?, what: String) throws -> [TensorReference] {
        guard let json else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "a Functional model without \(what)")
        }
        if let one = TensorReference(json) { return [one] }
        guard let list = json.array else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "\(what) is \(json.brief), not a list of [layer, node, tensor]")
        }
        return try list.map { item in
            guard let r = TensorReference(item) else {
                throw KerasError.unreadableConfig(file: "config.json", reason: "\(what) holds \(item.brief), not [layer, node, tensor]")
            }
            return r
        }
    }

    /// The tensors one call of a layer reads: Keras 3 `{"args": [...], "kwargs": {...}}` with
    /// `__keras_tensor__` values, or Keras 2 `[["name", node, tensor, {kwargs}], ...]`.
    /// Tensors passed as keyword arguments (`initial_state=`, `mask=`) are refused.
    private static func inboundTensors(_ node: KerasJSON, layer: KerasLayerConfig) throws -> [TensorReference] {
        if let call = node.object {
            var found: [TensorReference] = []
            collectTensors(call["args"] ?? .null, into: &found, depth: 0)
            var inKeywords: [TensorReference] = []
            for (key, value) in call["kwargs"]?.object ?? [:] {
                collectTensors(value, into: &inKeywords, depth: 0)
                if !inKeywords.isEmpty {
                    throw KerasError.unsupportedOption(layer: layer.name, className: layer.className, option: key,
                                                       value: "a tensor", supported: "none (the layer reads its one input)")
                }
            }
            return found
        }
        guard let entries = node.array else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "layer '\(layer.name)': inbound node is \(node.brief)")
        }
        return try entries.map { entry in
            guard let r = TensorReference(entry) else {
                throw KerasError.unreadableConfig(file: "config.json", reason: "layer '\(layer.name)': inbound entry \(entry.brief) is not [layer, node, tensor, kwargs]")
            }
            return r
        }
    }

    /// Every `__keras_tensor__` inside `json` (arguments may nest them in lists).
    private static func collectTensors(_ json: KerasJSON, into found: inout [TensorReference], depth: Int) {
        guard depth < 64 else { return }
        switch json {
        case .array(let items):
            for item in items { collectTensors(item, into: &found, depth: depth + 1) }
        case .object(let o) where o["class_name"]?.string == "__keras_tensor__":
            if let history = o["config"]?.object?["keras_history"], let r = TensorReference(history) { found.append(r) }
        default:
            break
        }
    }
}
