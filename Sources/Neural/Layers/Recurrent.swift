/// A recurrent layer as users of PyTorch and Keras know it: one or more stacked layers of a cell
/// (`LSTM` or `GRU`), each running in one direction or in both.
///
/// - PyTorch `nn.LSTM(F, H, num_layers: L, bidirectional: b, batch_first: true)` is
///   `Recurrent(layers:)` with L entries of 1 or 2 cells; layer l > 0 reads the (N, T, D·H)
///   output of layer l − 1 (both directions concatenated, forward first).
/// - Keras `LSTM(H, return_sequences: …)` is `Recurrent(cell, returnSequences: …)`;
///   Keras `Bidirectional(LSTM(H), merge_mode="concat")` is `Recurrent(forward:backward:)`.
/// The backward direction reads the sequence from t = T−1 down to 0; its output at position t
/// stays aligned with input t before concatenation (as in both frameworks).
public struct Recurrent<Cell: RecurrentCell>: Layer {
    /// `cells[l][d]`: layer l (0 = closest to the input), direction d (0 forward, 1 backward).
    public var cells: [[Cell]]
    /// Return every timestep's output (N, T, D·H) rather than the last one (N, D·H)
    /// (Keras `return_sequences`; PyTorch always returns sequences).
    public var returnSequences: Bool

    /// D: 2 when bidirectional, 1 otherwise.
    public var directions: Int { cells.first?.count ?? 1 }
    /// L: stacked layers.
    public var layerCount: Int { cells.count }
    /// F: input features of the first layer.
    public var inputSize: Int { cells[0][0].inputSize }
    /// Output features: D · H of the last layer.
    public var outputSize: Int { directions * cells[cells.count - 1][0].hiddenSize }

    /// Stacked layers of one or two directions each.
    /// - Parameters:
    ///   - layers: `layers[l]` holds [forward] or [forward, backward]; layer l's input size must be
    ///     D · H of layer l − 1.
    ///   - returnSequences: see `returnSequences`.
    /// - Throws: `NeuralError` when sizes do not chain or directions differ between layers.
    public init(layers: [[Cell]], returnSequences: Bool = true) throws {
        guard let d = layers.first?.count, d == 1 || d == 2 else {
            throw NeuralError.invalidArgument("a recurrent layer needs at least one layer of 1 or 2 directions")
        }
        for (l, layer) in layers.enumerated() {
            guard layer.count == d else {
                throw NeuralError.invalidArgument("layer \(l) has \(layer.count) directions, layer 0 has \(d)")
            }
            let h = layer[0].hiddenSize
            guard layer.allSatisfy({ $0.hiddenSize == h }) else {
                throw NeuralError.shapeMismatch("the directions of layer \(l) have different hidden sizes")
            }
            let f = layer[0].inputSize
            guard layer.allSatisfy({ $0.inputSize == f }) else {
                throw NeuralError.shapeMismatch("the directions of layer \(l) have different input sizes")
            }
            if l > 0 {
                let expected = d * layers[l - 1][0].hiddenSize
                guard f == expected else {
                    throw NeuralError.shapeMismatch(
                        "layer \(l) expects \(f) input features, but layer \(l - 1) outputs \(expected)")
                }
            }
        }
        self.cells = layers
        self.returnSequences = returnSequences
    }

    /// One layer, one direction (Keras `LSTM(H)` / `GRU(H)`).
    public init(_ cell: Cell, returnSequences: Bool = true) {
        self.cells = [[cell]]
        self.returnSequences = returnSequences
    }

    /// Keras `Bidirectional(layer, merge_mode="concat")`.
    /// - Throws: `NeuralError` when the two cells differ in size.
    public init(forward: Cell, backward: Cell, returnSequences: Bool = true) throws {
        try self.init(layers: [[forward, backward]], returnSequences: returnSequences)
    }

    /// The output (N, T, D·H) when `returnSequences`, else the last output (N, D·H).
    @_specialize(where Cell == LSTM)
    @_specialize(where Cell == GRU)
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let result = try forward(x)
        return returnSequences ? result.output : result.lastOutput
    }

    /// Runs the whole stack over a sequence (fast path).
    /// - Parameters:
    ///   - x: input (N, T, F).
    ///   - initialStates: L·D states in PyTorch's h_0 order (layer-major, forward before backward),
    ///     zeros when nil.
    /// - Returns: the top layer's outputs and every final state (Keras `return_state`, PyTorch h_n, c_n).
    @_specialize(where Cell == LSTM)
    @_specialize(where Cell == GRU)
    public func forward(_ x: Tensor, initialStates: [RecurrentState]? = nil) throws -> RecurrentOutput {
        try run(x, initialStates: initialStates) { cell, input, state, reverse in
            try cell.forward(input, initialState: state, reverse: reverse)
        }
    }

    /// The same as `forward`, through each cell's equation-by-equation reference path.
    public func referenceForward(_ x: Tensor, initialStates: [RecurrentState]? = nil) throws -> RecurrentOutput {
        try run(x, initialStates: initialStates) { cell, input, state, reverse in
            try cell.referenceForward(input, initialState: state, reverse: reverse)
        }
    }

    /// Runs every layer and direction through `cellForward` (fast, reference or traced).
    func run(
        _ x: Tensor, initialStates: [RecurrentState]?,
        _ cellForward: (Cell, Tensor, RecurrentState?, Bool) throws -> (output: Tensor, state: RecurrentState)
    ) throws -> RecurrentOutput {
        let d = directions
        if let s = initialStates, s.count != layerCount * d {
            throw NeuralError.invalidArgument(
                "expected \(layerCount * d) initial states (layers × directions), got \(s.count)")
        }
        var input = x
        var states: [RecurrentState] = []
        for (l, layer) in cells.enumerated() {
            var outputs: [Tensor] = []
            for (dir, cell) in layer.enumerated() {
                let (out, state) = try cellForward(cell, input, initialStates?[l * d + dir], dir == 1)
                outputs.append(out)
                states.append(state)
            }
            input = outputs.count == 1 ? outputs[0] : try concatenateLastAxis(outputs)
        }
        let top = Array(states.suffix(d)).map(\.h)
        return RecurrentOutput(output: input, states: states,
                               lastOutput: top.count == 1 ? top[0] : try concatenateLastAxis(top))
    }
}

/// What `Recurrent.forward` returns.
public struct RecurrentOutput: Sendable {
    /// The top layer's output at every timestep, (N, T, D·H).
    public var output: Tensor
    /// Final states of every layer and direction, layer-major, forward before backward
    /// (PyTorch `h_n[l·D + d]`, `c_n[l·D + d]`; Keras `return_state` of each direction).
    public var states: [RecurrentState]
    /// The output Keras gives with `return_sequences=False`: the top layer's final h of each
    /// direction, concatenated, (N, D·H). (For the backward direction this is its output at t = 0.)
    public var lastOutput: Tensor
}

/// Concatenates tensors of equal leading shape along the last axis: (…, A), (…, B) → (…, A + B).
func concatenateLastAxis(_ parts: [Tensor]) throws -> Tensor {
    let lead = Array(parts[0].shape.dropLast())
    guard parts.allSatisfy({ Array($0.shape.dropLast()) == lead }) else {
        throw NeuralError.shapeMismatch("cannot concatenate \(parts.map(\.shape)) on the last axis")
    }
    let widths = parts.map { $0.shape.last ?? 0 }
    let total = widths.reduce(0, +)
    let rows = lead.reduce(1, *)
    var out = [Float](repeating: 0, count: rows * total)
    for r in 0..<rows {
        var offset = r * total
        for (p, w) in zip(parts, widths) {
            out.replaceSubrange(offset..<offset + w, with: p.scalars[r * w..<(r + 1) * w])
            offset += w
        }
    }
    return try Tensor(shape: lead + [total], scalars: out)
}
