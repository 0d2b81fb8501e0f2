/// A `Recurrent` layer (one direction, any number of stacked layers) running step by step with
/// its state carried between calls (Keras `stateful=True`; PyTorch passing `(h_n, c_n)` back in).
///
/// Every call writes each timestep's top-layer output, so a chunk gives (N, T, H); with
/// `returnSequences == false` the whole-sequence result is the output of the last step fed.
public final class RecurrentStream<Cell: RecurrentCell>: LayerStream {
    public let batchSize: Int
    public let inputWidth: Int
    public let outputWidth: Int
    private let cells: [Cell]
    private let h: [StreamBuffer]
    private let c: [StreamBuffer]
    private let outputs: [StreamBuffer]
    private let workspaces: [RecurrentWorkspace]
    private var capacitySteps: Int

    /// - Parameters:
    ///   - layer: the layer to stream; it must have one direction.
    ///   - batchSize: N.
    /// - Throws: `NeuralError.invalidArgument` for a bidirectional layer (its backward half needs the
    ///   whole sequence) or a batch size below 1.
    public init(_ layer: Recurrent<Cell>, batchSize: Int) throws {
        guard layer.directions == 1 else {
            throw NeuralError.invalidArgument(
                "a bidirectional layer needs the whole sequence (its backward half starts at the end); it cannot stream")
        }
        guard batchSize >= 1 else { throw NeuralError.invalidArgument("batch size must be at least 1, got \(batchSize)") }
        self.batchSize = batchSize
        cells = layer.cells.map { $0[0] }
        inputWidth = cells[0].inputSize
        outputWidth = cells[cells.count - 1].hiddenSize
        h = cells.map { StreamBuffer(capacity: batchSize * $0.hiddenSize) }
        c = cells.map { StreamBuffer(capacity: Cell.hasCellState ? batchSize * $0.hiddenSize : 1) }
        capacitySteps = 1
        outputs = cells.map { StreamBuffer(capacity: batchSize * $0.hiddenSize) }
        workspaces = cells.map { _ in RecurrentWorkspace() }
    }

    // Prespecialised for the two cells: the generic entry point dispatches to these, so a step
    // runs without witness-table calls or copies of the cell's tensors (retain/release).
    @_specialize(where Cell == LSTM)
    @_specialize(where Cell == GRU)
    @_specialize(where Cell == Int8LSTM)
    @_specialize(where Cell == Int8GRU)
    public func run(_ x: UnsafePointer<Float>, steps: Int) -> UnsafePointer<Float> {
        if steps > capacitySteps {
            capacitySteps = steps
            for (o, cell) in zip(outputs, cells) { o.reserve(batchSize * steps * cell.hiddenSize) }
        }
        var input = x
        for l in cells.indices {
            cells[l].run(x: input, batch: batchSize, steps: steps, reverse: false,
                         h: h[l].pointer, c: c[l].pointer,
                         output: outputs[l].pointer, outputStride: cells[l].hiddenSize,
                         workspace: workspaces[l])
            input = UnsafePointer(outputs[l].pointer)
        }
        return input
    }

    public func reset() {
        for b in h { b.zero() }
        for b in c { b.zero() }
    }

    /// The carried state of every layer (a copy), layer 0 first.
    public var states: [RecurrentState] {
        cells.indices.map { l in
            let n = batchSize * cells[l].hiddenSize
            let hs = try! Tensor(shape: [batchSize, cells[l].hiddenSize],
                                 scalars: Array(UnsafeBufferPointer(start: h[l].pointer, count: n)))
            let cs = Cell.hasCellState
                ? try! Tensor(shape: [batchSize, cells[l].hiddenSize],
                              scalars: Array(UnsafeBufferPointer(start: c[l].pointer, count: n)))
                : nil
            return RecurrentState(h: hs, c: cs)
        }
    }

    /// Replaces the carried state (Keras `reset_states(states)`, PyTorch's h_0 / c_0).
    /// - Parameter states: one per stacked layer, each (N, H) (and c for LSTM).
    /// - Throws: `NeuralError` when the count or a shape is wrong.
    public func setStates(_ states: [RecurrentState]) throws {
        guard states.count == cells.count else {
            throw NeuralError.invalidArgument("expected \(cells.count) states (one per layer), got \(states.count)")
        }
        for (l, s) in states.enumerated() {
            let shape = [batchSize, cells[l].hiddenSize]
            guard s.h.shape == shape, !Cell.hasCellState || s.c?.shape == shape else {
                throw NeuralError.shapeMismatch("state of layer \(l) must be \(shape) (h and c for LSTM)")
            }
        }
        for (l, s) in states.enumerated() {
            s.h.scalars.withUnsafeBufferPointer { h[l].pointer.update(from: $0.baseAddress!, count: $0.count) }
            if Cell.hasCellState, let cs = s.c {
                cs.scalars.withUnsafeBufferPointer { c[l].pointer.update(from: $0.baseAddress!, count: $0.count) }
            }
        }
    }
}

extension Recurrent {
    public func makeStream(batchSize: Int) throws -> any LayerStream {
        try RecurrentStream(self, batchSize: batchSize)
    }
}
