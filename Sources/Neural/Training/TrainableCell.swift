/// A recurrent cell whose layers train as `TrainableRecurrent`: the conversions between the
/// inference cell and the trainable layer, both in the canonical layout (see `RecurrentCell`).
public protocol TrainableCell: RecurrentCell {
    /// A trainable layer (one direction) with this cell's weights.
    func trainable(returnSequences: Bool) -> TrainableRecurrent
    /// The cell with a trainable layer's current weights.
    init(trained layer: TrainableRecurrent) throws
}

extension LSTM: TrainableCell {
    public func trainable(returnSequences: Bool) -> TrainableRecurrent {
        TrainableRecurrent(cell: .lstm, kernel: inputKernel, recurrentKernel: recurrentKernel,
                           bias: inputBias, recurrentBias: recurrentBias, returnSequences: returnSequences)
    }

    public init(trained layer: TrainableRecurrent) throws {
        try self.init(inputKernel: layer.kernel.value, recurrentKernel: layer.recurrentKernel.value,
                      inputBias: layer.bias.value, recurrentBias: layer.recurrentBias.value)
    }
}

extension GRU: TrainableCell {
    public func trainable(returnSequences: Bool) -> TrainableRecurrent {
        let layer = TrainableRecurrent(cell: .gru(.pytorch), kernel: inputKernel, recurrentKernel: recurrentKernel,
                                       bias: inputBias, recurrentBias: recurrentBias, returnSequences: returnSequences)
        layer.resetAfter = resetAfter
        return layer
    }

    public init(trained layer: TrainableRecurrent) throws {
        try self.init(inputKernel: layer.kernel.value, recurrentKernel: layer.recurrentKernel.value,
                      inputBias: layer.bias.value, recurrentBias: layer.recurrentBias.value, resetAfter: layer.resetAfter)
    }
}

extension Recurrent where Cell: TrainableCell {
    /// One layer whose directions (forward, then backward) are trainable layers' current weights.
    init(trained directions: [TrainableRecurrent], returnSequences: Bool) throws {
        try self.init(layers: [directions.map { try Cell(trained: $0) }], returnSequences: returnSequences)
    }
}

extension Recurrent: TrainableConvertible where Cell: TrainableCell {
    /// One trainable layer per stacked layer (a bidirectional one for two directions); every
    /// layer but the top returns sequences, the top as this layer does.
    public func trainableLayers() throws -> [TrainableLayer] {
        cells.enumerated().map { l, layer in
            let sequences = l < cells.count - 1 || returnSequences
            let directions = layer.map { $0.trainable(returnSequences: sequences) }
            return directions.count == 2
                ? TrainableBidirectional(forward: directions[0], backward: directions[1]) : directions[0]
        }
    }
}
