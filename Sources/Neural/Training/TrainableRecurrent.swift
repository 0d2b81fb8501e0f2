/// A trainable LSTM or GRU layer (one direction), with BPTT over whole sequences.
///
/// Parameters in the engine's canonical layout, shared with the inference layers:
/// `kernel` W_x (F, G·H), `recurrent_kernel` W_h (H, G·H), `bias` b_x (G·H),
/// `recurrent_bias` b_h (G·H); G = 4 (LSTM, gates i, f, g, o) or 3 (GRU).
///
/// Stateful training is truncated BPTT: the final state of one batch is the initial state of
/// the next (the batch size must stay the same), and gradients stop at the batch boundary.
public final class TrainableRecurrent: TrainableLayer {
    /// The cell type. A GRU's gate order says how weights given to an initialiser are laid out;
    /// the layer permutes them into the engine's order (r, z, n) at once, so `cell` reads
    /// `.gru(.pytorch)` on every GRU layer and its weights, tape and checkpoints are in that order.
    public enum Cell: Sendable, Equatable {
        case lstm
        case gru(GRUGateOrder)
        var gates: Int { self == .lstm ? 4 : 3 }
    }

    public let cell: Cell
    /// H.
    public let units: Int
    /// F.
    public let inputSize: Int
    /// Output every h_t (T, N, H) when true, only h_T (N, H) otherwise.
    public let returnSequences: Bool
    /// Carry the final state into the next batch (truncated BPTT).
    public let stateful: Bool
    /// Run from t = T−1 down to 0 (the backward half of a bidirectional layer); outputs stay
    /// aligned with their input timestep.
    public var reverse = false
    /// GRU only: where the reset gate applies; true for PyTorch and Keras `reset_after=True`,
    /// false for Keras `reset_after=False` (the original Cho et al. GRU).
    public var resetAfter = true {
        didSet { gruTape.resetAfter = resetAfter }
    }

    /// W_x (F, G·H).
    public let kernel: Parameter
    /// W_h (H, G·H).
    public let recurrentKernel: Parameter
    /// b_x (G·H).
    public let bias: Parameter
    /// b_h (G·H).
    public let recurrentBias: Parameter

    private let lstmTape: LSTMTape = {
        let tape = LSTMTape()
        tape.initialHiddenGradient = false  // nothing here reads ∂L/∂h_{-1}
        return tape
    }()
    private let gruTape = GRUTape()
    /// Whether the last forward pass was a training one, the only kind that records a tape: a
    /// backward pass needs it (an evaluation records none and overwrites the states the training
    /// one kept).
    private var lastForwardTrained = false
    /// Carried state of a stateful layer (N, H) each; empty when none.
    private var carriedH: [Float] = [], carriedC: [Float] = []
    /// The steps of each row of the next training batch when it is padded at the end (set by
    /// `TrainingModel.computeGradients(_:_:mask:lengths:)`). An LSTM or GRU (`reset_after`)
    /// that runs forward in time and carries no state then stops each row at its length, like
    /// PyTorch's packed sequences: outputs past it are zero, and their gradient is ignored.
    /// Other layers run the padding.
    /// Only set when every recurrent layer of the model returns sequences (see there).
    var sequenceLengths: [Int]?

    /// - Parameters:
    ///   - cell: `.lstm` or `.gru(order)`.
    ///   - units: H.
    ///   - inputSize: F.
    ///   - returnSequences: return every h_t (T, N, H) instead of h_T (N, H).
    ///   - stateful: carry state across batches.
    ///   - initialization: Keras or PyTorch defaults.
    ///   - rng: source of the initial weights.
    public init(
        cell: Cell, units: Int, inputSize: Int, returnSequences: Bool = false, stateful: Bool = false,
        initialization: WeightInitialization = .keras, rng: inout SeededGenerator
    ) {
        precondition(units > 0 && inputSize > 0, "units and inputSize must be positive")
        self.cell = cell == .lstm ? .lstm : .gru(.pytorch)
        self.units = units
        self.inputSize = inputSize
        self.returnSequences = returnSequences
        self.stateful = stateful
        let gh = cell.gates * units
        var wx: Tensor, wh: Tensor, bx: Tensor, bh: Tensor
        switch initialization {
        case .keras:
            wx = Initializer.glorotUniform(inputSize, gh, &rng)
            wh = Initializer.orthogonal(units, gh, &rng)
            bx = .zeros([gh])
            bh = .zeros([gh])
            if cell == .lstm {
                for j in units..<(2 * units) { bx.scalars[j] = 1 }  // unit_forget_bias
            }
        case .pytorch:
            let k = 1 / Float(units).squareRoot()
            // PyTorch draws weight_ih (G·H, F) etc.; the distribution is the same in any layout.
            wx = Initializer.uniform([inputSize, gh], limit: k, &rng)
            wh = Initializer.uniform([units, gh], limit: k, &rng)
            bx = Initializer.uniform([gh], limit: k, &rng)
            bh = Initializer.uniform([gh], limit: k, &rng)
        }
        kernel = Parameter(name: "kernel", value: wx)
        recurrentKernel = Parameter(name: "recurrent_kernel", value: wh)
        bias = Parameter(name: "bias", value: bx)
        recurrentBias = Parameter(name: "recurrent_bias", value: bh)
        if case .gru(let order) = cell { permuteToEngineOrder(from: order) }
    }

    /// Reorders the gate blocks of all four parameters from `order` into the engine's r, z, n
    /// (weights drawn or given in Keras' z, r, h).
    func permuteToEngineOrder(from order: GRUGateOrder) {
        guard order != .pytorch else { return }
        for p in parameters { p.value = try! p.value.permutingColumnBlocks(order.canonicalBlocks) }
    }

    public var namedParameters: [NamedParameter] { namedParameters(pytorchSuffix: "", kerasPrefix: "") }

    /// PyTorch `weight_ih_l0` (G·H, F), `weight_hh_l0` (G·H, H), `bias_ih_l0`, `bias_hh_l0`,
    /// `suffix` added (`_reverse` for a backward direction); Keras `kernel`, `recurrent_kernel`,
    /// `bias` and (GRU, reset_after) `recurrent_bias`, after `kerasPrefix`.
    func namedParameters(pytorchSuffix suffix: String, kerasPrefix prefix: String) -> [NamedParameter] {
        [NamedParameter(kernel, pytorch: "weight_ih_l0" + suffix, keras: prefix + "kernel", pytorchTransposed: true),
         NamedParameter(recurrentKernel, pytorch: "weight_hh_l0" + suffix, keras: prefix + "recurrent_kernel", pytorchTransposed: true),
         NamedParameter(bias, pytorch: "bias_ih_l0" + suffix, keras: prefix + "bias"),
         NamedParameter(recurrentBias, pytorch: "bias_hh_l0" + suffix, keras: prefix + "recurrent_bias")]
    }

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

    /// A one-direction `Recurrent` of this layer's cell.
    public func inference() throws -> any Layer { try inference(directions: [self]) }

    /// A `Recurrent` of one layer whose directions are `directions` (this layer's cell type).
    func inference(directions: [TrainableRecurrent]) throws -> any Layer {
        switch cell {
        case .lstm: return try Recurrent<LSTM>(trained: directions, returnSequences: returnSequences)
        case .gru: return try Recurrent<GRU>(trained: directions, returnSequences: returnSequences)
        }
    }

    public var spec: LayerSpec {
        switch cell {
        case .lstm:
            return .lstm(units: units, inputSize: inputSize, returnSequences: returnSequences, stateful: stateful)
        case .gru(let order):
            return .gru(units: units, inputSize: inputSize, returnSequences: returnSequences, stateful: stateful,
                        gateOrder: order == .keras ? "keras" : "pytorch", resetAfter: resetAfter)
        }
    }

    public func resetState() {
        carriedH = []
        carriedC = []
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try checkInput(x, ranks: [3], features: inputSize, layer: "\(cell == .lstm ? "LSTM" : "GRU")")
        let (T, N, H) = (x.shape[0], x.shape[1], units)
        let input = reverse ? reverseTime(x) : x
        if stateful && !carriedH.isEmpty && carriedH.count != N * H {
            throw NeuralError.shapeMismatch(
                "stateful layer carries state for \(carriedH.count / H) samples but got a batch of \(N); call resetState() first")
        }
        let h0: [Float]? = stateful && !carriedH.isEmpty ? carriedH : nil
        let c0: [Float]? = stateful && !carriedC.isEmpty ? carriedC : nil
        let lengths = training && !reverse && !stateful ? sequenceLengths : nil
        input.scalars.withUnsafeBufferPointer { xp in
            kernel.value.scalars.withUnsafeBufferPointer { wx in
                recurrentKernel.value.scalars.withUnsafeBufferPointer { wh in
                    bias.value.scalars.withUnsafeBufferPointer { bx in
                        recurrentBias.value.scalars.withUnsafeBufferPointer { bh in
                            h0.withOptionalPointer { h0p in
                                c0.withOptionalPointer { c0p in
                                    switch cell {
                                    case .lstm:
                                        lstmTape.forward(
                                            x: xp.baseAddress!, steps: T, batch: N, inputSize: inputSize, hiddenSize: H,
                                            wx: wx.baseAddress!, wh: wh.baseAddress!, bx: bx.baseAddress!,
                                            bh: bh.baseAddress!, h0: h0p, c0: c0p, record: training, lengths: lengths)
                                    case .gru:
                                        gruTape.forward(
                                            x: xp.baseAddress!, steps: T, batch: N, inputSize: inputSize, hiddenSize: H,
                                            wx: wx.baseAddress!, wh: wh.baseAddress!, bx: bx.baseAddress!,
                                            bh: bh.baseAddress!, h0: h0p, record: training, lengths: lengths)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        lastForwardTrained = training
        let (outputs, last, lastC) = cell == .lstm
            ? (lstmTape.outputs, lstmTape.lastHidden, Optional(lstmTape.lastCell))
            : (gruTape.outputs, gruTape.lastHidden, nil)
        if stateful {
            carriedH = Array(UnsafeBufferPointer(start: last, count: N * H))
            if let lastC { carriedC = Array(UnsafeBufferPointer(start: lastC, count: N * H)) }
        }
        if cell == .lstm && lstmTape.order != nil {
            return returnSequences ? try Tensor(shape: [T, N, H], scalars: lstmTape.outputsInBatchOrder())
                : try Tensor(shape: [N, H], scalars: lstmTape.lastStatesInBatchOrder().h)
        }
        if cell != .lstm && gruTape.rowOrder != nil {
            return returnSequences ? try Tensor(shape: [T, N, H], scalars: gruTape.outputsInBatchOrder())
                : try Tensor(shape: [N, H], scalars: gruTape.lastHiddenInBatchOrder())
        }
        if returnSequences {
            let y = try Tensor(shape: [T, N, H], scalars: copyOnEveryCore(outputs, count: T * N * H))
            return reverse ? reverseTime(y) : y
        }
        return try Tensor(shape: [N, H], scalars: Array(UnsafeBufferPointer(start: last, count: N * H)))
    }

    public func backward(_ gradient: Tensor, needsInputGradient: Bool) throws -> Tensor? {
        if !lastForwardTrained {
            throw NeuralError.invalidArgument(
                "backward needs the \(cell == .lstm ? "LSTM" : "GRU") layer's last forward pass to be a training one (training: true)")
        }
        let (T, N, F, H) = cell == .lstm
            ? (lstmTape.steps, lstmTape.batch, inputSize, units)
            : (gruTape.steps, gruTape.batch, inputSize, units)
        let expected = returnSequences ? [T, N, H] : [N, H]
        guard gradient.shape == expected else {
            throw NeuralError.shapeMismatch("gradient of shape \(gradient.shape) for an output of shape \(expected)")
        }
        let g = returnSequences && reverse ? reverseTime(gradient) : gradient
        var dX: [Float] = needsInputGradient ? [Float](repeating: 0, count: T * N * F) : []
        g.scalars.withUnsafeBufferPointer { gp in
            let dOut = returnSequences ? gp.baseAddress : nil
            let dLast = returnSequences ? nil : gp.baseAddress
            kernel.value.scalars.withUnsafeBufferPointer { wx in
            recurrentKernel.value.scalars.withUnsafeBufferPointer { wh in
            kernel.gradient.scalars.withUnsafeMutableBufferPointer { dwx in
            recurrentKernel.gradient.scalars.withUnsafeMutableBufferPointer { dwh in
            bias.gradient.scalars.withUnsafeMutableBufferPointer { dbx in
            recurrentBias.gradient.scalars.withUnsafeMutableBufferPointer { dbh in
            dX.withUnsafeMutableBufferPointer { dxp in
                let dxPointer = needsInputGradient ? dxp.baseAddress : nil
                switch cell {
                case .lstm:
                    lstmTape.backward(
                        dOutputs: dOut, dLastHidden: dLast, dLastCell: nil, wx: wx.baseAddress!, wh: wh.baseAddress!,
                        dWx: dwx.baseAddress!, dWh: dwh.baseAddress!, dbx: dbx.baseAddress!, dbh: dbh.baseAddress!,
                        dX: dxPointer)
                case .gru:
                    gruTape.backward(
                        dOutputs: dOut, dLastHidden: dLast, wx: wx.baseAddress!, wh: wh.baseAddress!,
                        dWx: dwx.baseAddress!, dWh: dwh.baseAddress!, dbx: dbx.baseAddress!, dbh: dbh.baseAddress!,
                        dX: dxPointer)
                }
            }}}}}}}
        }
        guard needsInputGradient else { return nil }
        let dx = try Tensor(shape: [T, N, F], scalars: dX)
        return reverse ? reverseTime(dx) : dx
    }
}

/// The same (T, N, F) sequence with its time axis reversed.
func reverseTime(_ x: Tensor) -> Tensor {
    let T = x.shape[0]
    let block = T == 0 ? 0 : x.count / T
    var y = x
    for t in 0..<T {
        let src = (T - 1 - t) * block
        y.scalars.replaceSubrange(t * block..<(t + 1) * block, with: x.scalars[src..<src + block])
    }
    return y
}

extension Optional where Wrapped == [Float] {
    /// Calls body with a pointer to the elements, or nil.
    func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case .some(let a): return a.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: return body(nil)
        }
    }
}

/// A copy of `count` floats, one chunk per core past 256k floats (the sequence output of an
/// LSTM-256 training step, 2.7 MB: ~120 µs on one core, while the other waits).
func copyOnEveryCore(_ source: UnsafePointer<Float>, count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        guard let target = buffer.baseAddress, count > 0 else { return }
        let pointers = UncheckedSendable((target, source))
        forEachChunk(of: count, splittingFrom: 1 << 18) { r in
            let (target, source) = pointers.value
            (target + r.lowerBound).update(from: source + r.lowerBound, count: r.count)
        }
        initialized = count
    }
}
