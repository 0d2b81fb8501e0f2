/// Moving weights between the training model and the inference engine's layers
/// (`Sequential` of `Recurrent`, `Dense`, `TimeDistributed`), which share the canonical layout.
extension TrainingModel {
    /// A training model initialised from an inference model (fine-tuning, or training a model
    /// loaded from PyTorch or Keras weights).
    ///
    /// Supported layers: `Recurrent<LSTM>` and `Recurrent<GRU>` (stacked layers become one
    /// trainable layer each; two directions become a bidirectional layer; both GRU variants),
    /// `Dense`, `TimeDistributed<Dense>`, `Embedding`.
    /// - Throws: `NeuralError.invalidArgument` for a layer that cannot be trained yet.
    public convenience init(_ sequential: Sequential) throws {
        var layers: [TrainableLayer] = []
        for (index, layer) in sequential.layers.enumerated() {
            if let r = layer as? Recurrent<LSTM> {
                layers += try Self.trainable(r.cells, returnSequences: r.returnSequences) { cell, seq in
                    TrainableRecurrent(cell: .lstm, kernel: cell.inputKernel, recurrentKernel: cell.recurrentKernel,
                                       bias: cell.inputBias, recurrentBias: cell.recurrentBias, returnSequences: seq)
                }
            } else if let r = layer as? Recurrent<GRU> {
                layers += try Self.trainable(r.cells, returnSequences: r.returnSequences) { cell, seq in
                    let layer = TrainableRecurrent(cell: .gru(.pytorch), kernel: cell.inputKernel, recurrentKernel: cell.recurrentKernel,
                                                   bias: cell.inputBias, recurrentBias: cell.recurrentBias, returnSequences: seq)
                    layer.resetAfter = cell.resetAfter
                    return layer
                }
            } else if let d = layer as? Dense {
                layers.append(TrainableDense(kernel: d.kernel, bias: d.bias, activation: d.activation))
            } else if let t = layer as? TimeDistributed<Dense> {
                let d = t.layer
                layers.append(TrainableTimeDistributed(TrainableDense(kernel: d.kernel, bias: d.bias, activation: d.activation)))
            } else if let e = layer as? Embedding {
                layers.append(TrainableEmbedding(table: e.table))
            } else {
                throw NeuralError.invalidArgument("layer \(index) (\(type(of: layer))) cannot be trained yet")
            }
        }
        self.init(layers: layers)
    }

    private static func trainable<C>(
        _ cells: [[C]], returnSequences: Bool, _ make: (C, Bool) -> TrainableRecurrent
    ) throws -> [TrainableLayer] {
        var out: [TrainableLayer] = []
        for (l, layer) in cells.enumerated() {
            let seq = l < cells.count - 1 || returnSequences
            if layer.count == 2 {
                out.append(TrainableBidirectional(forward: make(layer[0], seq), backward: make(layer[1], seq)))
            } else {
                out.append(make(layer[0], seq))
            }
        }
        return out
    }

    /// The current weights as an inference model, e.g. for `makeStream` or `wm nn predict`.
    /// An embedding model's inference `Sequential` takes ids (N, T) like `predict` (see `Embedding`).
    /// - Throws: `NeuralError.invalidArgument` for layers the inference engine lacks
    ///   (`TimeDistributed` of anything but Dense).
    public func sequential() throws -> Sequential {
        var out: [any Layer] = []
        for (index, layer) in layers.enumerated() {
            switch layer {
            case let r as TrainableRecurrent:
                out.append(try Self.inference([r], returnSequences: r.returnSequences))
            case let b as TrainableBidirectional:
                out.append(try Self.inference([b.forwardLayer, b.backwardLayer], returnSequences: b.forwardLayer.returnSequences))
            case let d as TrainableDense:
                out.append(try d.inference())
            case let t as TrainableTimeDistributed:
                guard let d = t.inner as? TrainableDense else {
                    throw NeuralError.invalidArgument("layer \(index): TimeDistributed of \(type(of: t.inner)) has no inference layer")
                }
                out.append(TimeDistributed(try d.inference()))
            case let e as TrainableEmbedding:
                out.append(try Embedding(table: e.embeddings.value))
            default:
                throw NeuralError.invalidArgument("layer \(index) (\(type(of: layer))) has no inference layer yet")
            }
        }
        return Sequential(out)
    }

    private static func inference(_ directions: [TrainableRecurrent], returnSequences: Bool) throws -> any Layer {
        if directions[0].cell == .lstm {
            let cells = try directions.map {
                try LSTM(inputKernel: $0.kernel.value, recurrentKernel: $0.recurrentKernel.value,
                         inputBias: $0.bias.value, recurrentBias: $0.recurrentBias.value)
            }
            return try Recurrent(layers: [cells], returnSequences: returnSequences)
        }
        let cells = try directions.map {
            try GRU(inputKernel: $0.kernel.value, recurrentKernel: $0.recurrentKernel.value,
                    inputBias: $0.bias.value, recurrentBias: $0.recurrentBias.value, resetAfter: $0.resetAfter)
        }
        return try Recurrent(layers: [cells], returnSequences: returnSequences)
    }
}

extension TrainableDense {
    /// From existing weights.
    public convenience init(kernel: Tensor, bias: Tensor, activation: Activation = .linear) {
        var rng = SeededGenerator(seed: 0)
        self.init(units: kernel.shape[1], inputSize: kernel.shape[0], activation: activation, rng: &rng)
        self.kernel.value = kernel
        self.bias.value = bias
    }

    func inference() throws -> Dense { try Dense(kernel: kernel.value, bias: bias.value, activation: activation) }
}

extension TrainableEmbedding {
    /// From an existing table E (V, D).
    public convenience init(table: Tensor) {
        var rng = SeededGenerator(seed: 0)
        self.init(vocabularySize: table.shape[0], dimension: table.shape[1], rng: &rng)
        embeddings.value = table
    }
}

extension TrainableRecurrent {
    /// From existing weights in the canonical layout (W_x (F, G·H) and so on), a GRU's gate
    /// blocks in the order `cell` names (Keras' z, r, h are permuted into r, z, n here).
    public convenience init(
        cell: Cell, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor, recurrentBias: Tensor,
        returnSequences: Bool = false, stateful: Bool = false
    ) {
        var rng = SeededGenerator(seed: 0)
        self.init(cell: cell == .lstm ? .lstm : .gru(.pytorch), units: recurrentKernel.shape[0], inputSize: kernel.shape[0],
                  returnSequences: returnSequences, stateful: stateful, rng: &rng)
        self.kernel.value = kernel
        self.recurrentKernel.value = recurrentKernel
        self.bias.value = bias
        self.recurrentBias.value = recurrentBias
        if case .gru(let order) = cell { permuteToEngineOrder(from: order) }
    }
}
