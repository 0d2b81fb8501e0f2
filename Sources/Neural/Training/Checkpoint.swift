import Foundation

/// Saving and restoring a training model with its optimizer, so training resumes exactly.
///
/// One safetensors file holds:
/// - the weights under PyTorch's names, layer i as prefix `layer<i>`: recurrent layers
///   `weight_ih_l0` (G·H, F), `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0` (and `_reverse` for the
///   backward direction), Dense `weight` (U, F) and `bias`; Embedding `weight` (V, D). So
///   `wm nn predict --weights FILE --layers layer0,layer1,...` and PyTorch's `load_state_dict`
///   read them as they are;
/// - the optimizer's moments as `optimizer.<k>.first` / `.second` and its step `optimizer.step`;
/// - metadata `wm.architecture` (JSON list of `LayerSpec`), `wm.loss`, `wm.optimizer` (JSON).
extension TrainingModel {
    /// Named tensors of every parameter in the file's layout (transposed where PyTorch is):
    /// each layer's PyTorch names (`TrainableLayer.namedParameters`) under `layer<i>.`.
    func checkpointNames() -> [(name: String, parameter: Parameter, transposed: Bool)] {
        layers.enumerated().flatMap { i, layer in
            layer.namedParameters.map { ("layer\(i).\($0.pytorchName)", $0.parameter, $0.pytorchTransposed) }
        }
    }

    /// Everything a checkpoint holds, as a safetensors value.
    public func checkpoint() throws -> Safetensors {
        var tensors: [String: Tensor] = [:]
        for (name, p, transposed) in checkpointNames() {
            tensors[name] = transposed ? try p.value.transposed() : p.value
        }
        for (k, v) in optimizer.stateTensors() { tensors["optimizer." + k] = v }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metadata = [
            "wm.architecture": String(decoding: try encoder.encode(layers.map(\.spec)), as: UTF8.self),
            "wm.loss": loss.rawValue,
            "wm.metrics": metrics.map(\.rawValue).joined(separator: ","),
            "wm.optimizer": String(decoding: try encoder.encode(optimizer.configuration), as: UTF8.self),
        ]
        return Safetensors(tensors: tensors, metadata: metadata)
    }

    /// Writes `checkpoint()` to a file.
    public func saveCheckpoint(to path: String) throws {
        try checkpoint().write(to: path)
    }

    /// A model rebuilt from a checkpoint: architecture, weights, loss, metrics and the optimizer
    /// with its state, ready to continue training where it stopped.
    /// - Throws: `NeuralError` or `SafetensorsError` when the file is not a training checkpoint
    ///   or its tensors do not fit the architecture.
    public static func loadCheckpoint(from path: String) throws -> TrainingModel {
        try restore(Safetensors(contentsOf: path))
    }

    /// `loadCheckpoint` from an in-memory safetensors value.
    public static func restore(_ file: Safetensors) throws -> TrainingModel {
        guard let arch = file.metadata["wm.architecture"] else {
            throw NeuralError.invalidArgument("not a training checkpoint: no wm.architecture metadata")
        }
        let specs = try JSONDecoder().decode([LayerSpec].self, from: Data(arch.utf8))
        let model = try TrainingModel(specs, seed: 0)
        let kerasOrder = Self.parametersInKerasGateOrder(specs, model.layers)
        for (name, p, transposed) in model.checkpointNames() {
            let shape = transposed ? Array(p.value.shape.reversed()) : p.value.shape
            let t = try file.tensor(name, shape: shape)
            p.value = transposed ? try t.transposed() : t
            if kerasOrder.contains(ObjectIdentifier(p)) { p.value = try p.value.permutingColumnBlocks(GRUGateOrder.keras.canonicalBlocks) }
        }
        let loss = Loss(rawValue: file.metadata["wm.loss"] ?? "mse") ?? .mse
        let metrics = (file.metadata["wm.metrics"] ?? "").split(separator: ",").compactMap { Metric(rawValue: String($0)) }
        var optimizer = Optimizer.adam()
        if let o = file.metadata["wm.optimizer"] {
            let c = try JSONDecoder().decode(Optimizer.Configuration.self, from: Data(o.utf8))
            optimizer = Optimizer(rule: c.rule, learningRate: c.learningRate, schedule: c.schedule, clipGlobalNorm: c.clipGlobalNorm)
            var state: [String: Tensor] = [:]
            for (name, t) in file.tensors where name.hasPrefix("optimizer.") { state[String(name.dropFirst(10))] = t }
            for (k, p) in model.parameters.enumerated() where kerasOrder.contains(ObjectIdentifier(p)) {
                for moment in ["\(k).first", "\(k).second"] {
                    guard let m = state[moment], m.count == p.value.count else { continue }
                    state[moment] = try m.reshaped(p.value.shape).permutingColumnBlocks(GRUGateOrder.keras.canonicalBlocks)
                        .reshaped([m.count])
                }
            }
            try optimizer.restoreState(state, parameterCount: model.parameters.count)
        }
        model.compile(optimizer: optimizer, loss: loss, metrics: metrics)
        return model
    }
}

extension TrainingModel {
    /// The parameters of GRU layers whose spec says `gateOrder: "keras"`: checkpoints of older
    /// versions stored such a layer's blocks in Keras' order (z, r, h) under PyTorch's names;
    /// they load permuted into the engine's order (as every GRU is now saved).
    static func parametersInKerasGateOrder(_ specs: [LayerSpec], _ layers: [TrainableLayer]) -> Set<ObjectIdentifier> {
        func keras(_ spec: LayerSpec) -> Bool {
            switch spec {
            case let .gru(_, _, _, _, gateOrder, _): return gateOrder == "keras"
            case let .bidirectional(inner): return keras(inner)
            default: return false
            }
        }
        var out: Set<ObjectIdentifier> = []
        for (spec, layer) in zip(specs, layers) where keras(spec) {
            out.formUnion(layer.parameters.map(ObjectIdentifier.init))
        }
        return out
    }
}

extension Optimizer {
    /// The hyperparameters, without state (checkpoint metadata).
    public struct Configuration: Codable, Sendable {
        public var rule: Rule
        public var learningRate: Float
        public var schedule: LearningRateSchedule
        public var clipGlobalNorm: Float?

        enum CodingKeys: String, CodingKey, CaseIterable { case rule, learningRate, schedule, clipGlobalNorm }

        /// A field this version does not know is an error, not ignored: a checkpoint written by a newer wm
        /// would otherwise resume with a setting left out.
        public init(from decoder: any Decoder) throws {
            let known = Set(CodingKeys.allCases.map(\.stringValue))
            let all = try decoder.container(keyedBy: FieldName.self)
            if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
                throw DecodingError.dataCorrupted(.init(codingPath: [FieldName(stringValue: unknown)],
                    debugDescription: "optimizer configuration: '\(unknown)' is not a known field (known: \(known.sorted().joined(separator: ", ")))"))
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            rule = try c.decode(Rule.self, forKey: .rule)
            learningRate = try c.decode(Float.self, forKey: .learningRate)
            schedule = try c.decodeIfPresent(LearningRateSchedule.self, forKey: .schedule) ?? .constant
            clipGlobalNorm = try c.decodeIfPresent(Float.self, forKey: .clipGlobalNorm)
        }

        /// Any field name of a JSON object.
        private struct FieldName: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public init(rule: Rule, learningRate: Float, schedule: LearningRateSchedule = .constant, clipGlobalNorm: Float? = nil) {
            self.rule = rule
            self.learningRate = learningRate
            self.schedule = schedule
            self.clipGlobalNorm = clipGlobalNorm
        }
    }

    /// A fresh optimizer (no state) with these hyperparameters.
    public convenience init(_ c: Configuration) {
        self.init(rule: c.rule, learningRate: c.learningRate, schedule: c.schedule, clipGlobalNorm: c.clipGlobalNorm)
    }

    public var configuration: Configuration {
        Configuration(rule: rule, learningRate: learningRate, schedule: schedule, clipGlobalNorm: clipGlobalNorm)
    }
}
