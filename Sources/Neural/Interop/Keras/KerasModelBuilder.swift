/// Turns a checked architecture and its weights into the engine's layers, one Keras layer at a
/// time: each layer becomes its `LayerSpec` (sizes from the configuration, the input width from
/// the layer before), and the spec is built with the layer's weights.
struct KerasModelBuilder {
    let architecture: KerasArchitecture
    let weights: KerasWeights

    init(_ architecture: KerasArchitecture, _ weights: KerasWeights) {
        self.architecture = architecture
        self.weights = weights
    }

    /// What `build()` returns.
    struct Built {
        var layers: [any Layer] = []
        var specs: [LayerSpec?] = []
        var summaries: [String] = []
        var inputFeatures = 0
    }

    /// One Keras layer, built.
    private struct Step {
        var layer: (any Layer)?
        var spec: LayerSpec?
        var summary: String
        var inputWidth: Int
        var outputWidth: Int
    }

    func build() throws -> Built {
        // Keras names layer groups by class; a Functional list's leading InputLayer only counts
        // `input_layer`, so the other layers' names are the same in both kinds of model.
        let groups = KerasWeights.groupNames(classes: architecture.layers.map(\.className))
        var built = Built()
        var width: Int? = architecture.input.features
        for (i, layer) in architecture.layers.enumerated() {
            var group = "layers/" + groups[i]
            if !weights.contains(group: group), weights.contains(group: "layers/" + layer.name) { group = "layers/" + layer.name }
            var w = KerasLayerWeights(layer: layer.name, group: group, weights: weights)
            if case .embedding = layer.kind, i > 0 {
                throw KerasError.unsupportedModel(reason: "Embedding '\(layer.name)' is not the first layer")
            }
            let step = try self.step(layer, reading: width, &w)
            try w.checkAllUsed()
            if i == 0 { built.inputFeatures = step.inputWidth }
            built.specs.append(step.spec)
            built.summaries.append(step.summary)
            width = step.outputWidth
            guard let next = step.layer else { continue }
            // An activation right after a linear Dense runs inside it (one pass, and the fast paths stay).
            if let a = next as? ActivationLayer, let last = built.layers.last {
                if var d = last as? Dense, d.activation == .linear {
                    d.activation = a.activation
                    built.layers[built.layers.count - 1] = d
                    continue
                }
                if var t = last as? TimeDistributed<Dense>, t.layer.activation == .linear {
                    t.layer.activation = a.activation
                    built.layers[built.layers.count - 1] = t
                    continue
                }
            }
            built.layers.append(next)
        }
        return built
    }

    private func step(_ layer: KerasLayer, reading width: Int?, _ w: inout KerasLayerWeights) throws -> Step {
        let title = "\(layer.name) (\(layer.className))"
        switch layer.kind {
        case .recurrent(let r):
            let f = try resolve(width, w, sub: "cell")
            let spec: LayerSpec
            switch r.cell {
            case .lstm: spec = .lstm(units: r.units, inputSize: f, returnSequences: r.returnSequences, stateful: r.stateful)
            case .gru(let after):
                spec = .gru(units: r.units, inputSize: f, returnSequences: r.returnSequences, stateful: r.stateful,
                            gateOrder: GRUGateOrder.pytorch.name, resetAfter: after)
            }
            let (built, out) = try recurrent(spec, r, merge: .concat, outputIndex: layer.outputIndex, &w)
            return Step(layer: built, spec: spec, summary: "\(title): \(f) → \(out)\(Self.describe(r, layer.outputIndex))",
                        inputWidth: f, outputWidth: out)
        case let .bidirectional(r, merge):
            let f = try resolve(width, w, sub: "forward_layer/cell")
            let inner: LayerSpec
            switch r.cell {
            case .lstm: inner = .lstm(units: r.units, inputSize: f, returnSequences: r.returnSequences, stateful: r.stateful)
            case .gru(let after):
                inner = .gru(units: r.units, inputSize: f, returnSequences: r.returnSequences, stateful: r.stateful,
                             gateOrder: GRUGateOrder.pytorch.name, resetAfter: after)
            }
            let spec = LayerSpec.bidirectional(inner)
            let (built, out) = try recurrent(spec, r, merge: merge, outputIndex: layer.outputIndex, &w)
            return Step(layer: built, spec: spec,
                        summary: "\(title): \(f) → \(out), merge_mode=\(merge.rawValue)\(Self.describe(r, layer.outputIndex))",
                        inputWidth: f, outputWidth: out)
        case let .dense(units, activation, useBias):
            let f = try resolve(width, w, sub: "")
            let spec = LayerSpec.dense(units: units, inputSize: f, activation: activation)
            let d = try dense(units, f, activation, useBias, &w, sub: "")
            return Step(layer: d, spec: spec, summary: "\(title): \(f) → \(units), activation=\(activation.rawValue)",
                        inputWidth: f, outputWidth: units)
        case .timeDistributed(let inner):
            switch inner {
            case let .dense(units, activation, useBias):
                let f = try resolve(width, w, sub: "layer")
                let spec = LayerSpec.timeDistributed(.dense(units: units, inputSize: f, activation: activation))
                let d = try dense(units, f, activation, useBias, &w, sub: "layer")
                return Step(layer: TimeDistributed(d), spec: spec,
                            summary: "\(title): Dense \(f) → \(units), activation=\(activation.rawValue)", inputWidth: f, outputWidth: units)
            default:
                return try step(KerasLayer(name: layer.name, className: layer.className, kind: inner), reading: width, &w)
            }
        case let .embedding(vocabulary, dimension):
            let spec = LayerSpec.embedding(vocabularySize: vocabulary, dimension: dimension)
            let t = try w.take("", [("embeddings", [vocabulary, dimension])])
            return Step(layer: try Embedding(table: t[0]), spec: spec, summary: "\(title): ids in 0..<\(vocabulary) → \(dimension)",
                        inputWidth: 1, outputWidth: dimension)
        case .activation(let a):
            guard let f = width else { throw unknownWidth(layer) }
            return Step(layer: ActivationLayer(a, width: f), spec: nil, summary: "\(title): \(a.rawValue)", inputWidth: f, outputWidth: f)
        case .identity:
            guard let f = width else { throw unknownWidth(layer) }
            return Step(layer: nil, spec: nil, summary: "\(title): nothing at inference", inputWidth: f, outputWidth: f)
        }
    }

    /// The input width: the previous layer's output, or (first layer, no `InputLayer` shape)
    /// the rows of the layer's first kernel.
    private func resolve(_ width: Int?, _ w: KerasLayerWeights, sub: String) throws -> Int {
        if let width { return width }
        let path = sub.isEmpty ? w.group : w.group + "/" + sub
        guard let kernel = weights.variables(path).first?.tensor, kernel.rank == 2 else {
            throw KerasError.missingWeight(layer: w.layer, weight: "\(sub.isEmpty ? "" : sub + "/")kernel (\(path)/vars/0)",
                                           found: weights.weights(under: w.group))
        }
        return kernel.shape[0]
    }

    private func unknownWidth(_ layer: KerasLayer) -> KerasError {
        .unsupportedModel(reason: "the input width of '\(layer.name)' is unknown: give the model an Input with its feature size")
    }

    private static func describe(_ r: KerasRecurrent, _ outputIndex: Int) -> String {
        var s = r.returnSequences ? ", return_sequences=True" : ""
        if case .gru(let after) = r.cell { s += ", reset_after=\(after ? "True" : "False")" }
        if outputIndex > 0 { s += ", hands on final state \(outputIndex) (return_state)" }
        return s
    }

    // MARK: layers from specs

    /// The recurrent layer `spec` describes (an LSTM or GRU, or a bidirectional one), its weights
    /// taken from `w`, and the width it hands on.
    private func recurrent(_ spec: LayerSpec, _ r: KerasRecurrent, merge: KerasMergeMode, outputIndex: Int,
                           _ w: inout KerasLayerWeights) throws -> (any Layer, Int) {
        switch spec {
        case let .lstm(units, f?, returnSequences, _):
            let cell = try lstm(units, f, r.useBias, &w, sub: "cell")
            return choose(Recurrent(cell, returnSequences: returnSequences), merge: merge, outputIndex: outputIndex)
        case let .gru(units, f?, returnSequences, _, _, after):
            let cell = try gru(units, f, r.useBias, after, &w, sub: "cell")
            return choose(Recurrent(cell, returnSequences: returnSequences), merge: merge, outputIndex: outputIndex)
        case let .bidirectional(.lstm(units, f?, returnSequences, _)):
            let forward = try lstm(units, f, r.useBias, &w, sub: "forward_layer/cell")
            let backward = try lstm(units, f, r.useBias, &w, sub: "backward_layer/cell")
            return choose(try Recurrent(forward: forward, backward: backward, returnSequences: returnSequences), merge: merge, outputIndex: outputIndex)
        case let .bidirectional(.gru(units, f?, returnSequences, _, _, after)):
            let forward = try gru(units, f, r.useBias, after, &w, sub: "forward_layer/cell")
            let backward = try gru(units, f, r.useBias, after, &w, sub: "backward_layer/cell")
            return choose(try Recurrent(forward: forward, backward: backward, returnSequences: returnSequences), merge: merge, outputIndex: outputIndex)
        default:
            throw NeuralError.invalidArgument("not a recurrent layer spec: \(spec)")
        }
    }

    /// The plain `Recurrent` when the next layer reads its output joined as Keras' default does;
    /// otherwise the merged output or the state it reads.
    private func choose<Cell: RecurrentCell>(_ r: Recurrent<Cell>, merge: KerasMergeMode, outputIndex: Int) -> (any Layer, Int) {
        if outputIndex > 0 {
            let c = RecurrentOutputChoice(r, choice: .state(index: outputIndex - 1))
            return (c, c.outputSize)
        }
        if r.directions == 2, merge != .concat {
            let c = RecurrentOutputChoice(r, choice: .output(merge: merge))
            return (c, c.outputSize)
        }
        return (r, r.outputSize)
    }

    /// Keras `LSTMCell` variables: kernel (F, 4H), recurrent_kernel (H, 4H), bias (4H).
    private func lstm(_ h: Int, _ f: Int, _ useBias: Bool, _ w: inout KerasLayerWeights, sub: String) throws -> LSTM {
        var expected = [("kernel", [f, 4 * h]), ("recurrent_kernel", [h, 4 * h])]
        if useBias { expected.append(("bias", [4 * h])) }
        let t = try w.take(sub, expected)
        return try LSTM(kerasKernel: t[0], recurrentKernel: t[1], bias: useBias ? t[2] : nil)
    }

    /// Keras `GRUCell` variables: kernel (F, 3H), recurrent_kernel (H, 3H), bias (2, 3H) with
    /// `reset_after=True` (input and recurrent bias), (3H) without.
    private func gru(_ h: Int, _ f: Int, _ useBias: Bool, _ resetAfter: Bool, _ w: inout KerasLayerWeights, sub: String) throws -> GRU {
        var expected = [("kernel", [f, 3 * h]), ("recurrent_kernel", [h, 3 * h])]
        if useBias { expected.append(("bias", resetAfter ? [2, 3 * h] : [3 * h])) }
        let t = try w.take(sub, expected)
        return try GRU(kerasKernel: t[0], recurrentKernel: t[1], bias: useBias ? t[2] : nil, resetAfter: resetAfter)
    }

    /// Keras `Dense` variables: kernel (F, U), bias (U).
    private func dense(_ units: Int, _ f: Int, _ activation: Activation, _ useBias: Bool, _ w: inout KerasLayerWeights, sub: String) throws -> Dense {
        var expected = [("kernel", [f, units])]
        if useBias { expected.append(("bias", [units])) }
        let t = try w.take(sub, expected)
        return try Dense(kernel: t[0], bias: useBias ? t[1] : nil, activation: activation)
    }
}
