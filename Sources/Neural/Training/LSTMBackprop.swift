import CKernels
import Foundation

/// Forward pass of an LSTM layer over a whole sequence that saves what backpropagation
/// through time needs, and the fused backward pass over that saved tape.
///
/// Equations (Hochreiter & Schmidhuber 1997 with forget gate; PyTorch `nn.LSTM`, Keras `LSTM`,
/// gate order i, f, g, o in both):
///
///     a_t = x_t·W_x + b_x + h_{t-1}·W_h + b_h          (N, 4H)
///     i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
///     c_t = f ⊙ c_{t-1} + i ⊙ g
///     h_t = o ⊙ tanh(c_t)
///
/// Layout is time-major inside training (`TNF`), so each timestep's rows are contiguous; the
/// backward pass accumulates the weight gradients `dW_x = Σ_t x_tᵀ·dA_t`, `dW_h = Σ_t h_{t-1}ᵀ·dA_t`
/// as it goes (`LSTMTape+FusedBackward.swift`).
final class LSTMTape {
    private(set) var steps = 0, batch = 0, inputSize = 0, hiddenSize = 0
    /// Whether h_{-1} is zero (no initial state): step 0's products then skip the W_h rows.
    private(set) var initialHiddenIsZero = false
    /// Input copy (T, N, F), needed for dW_x.
    let x = ScratchBuffer()
    /// Gate activations after their nonlinearity (T, N, 4H): i, f, g, o.
    let gates = ScratchBuffer()
    /// Cell states (T+1, N, H); slot 0 holds c_{-1} (the initial state).
    let c = ScratchBuffer()
    /// Hidden states (T+1, N, H); slot 0 holds h_{-1}; slots 1...T are the layer's output.
    let h = ScratchBuffer()
    /// tanh(c_t) (T, N, H).
    let tanhC = ScratchBuffer()
    /// Gradient of the gate pre-activations of a group of timesteps (chunk, N, 4H).
    let dA = ScratchBuffer()
    /// Running gradients of h and c flowing back through time (N, H) each.
    let dh = ScratchBuffer(), dc = ScratchBuffer()
    /// b_x + b_h (4H) in the forward pass; the summed bias gradient (4H) in the backward pass.
    let biasSum = ScratchBuffer()
    /// The rows [x_t, h_{t−1}] of a step (N, F + H).
    let stepInputs = ScratchBuffer()
    /// Parts the batch is split into across cores (tests); nil: chosen by the work.
    var rowParts: Int?
    /// Whether the backward pass leaves ∂L/∂h_{-1} in `dh` (tests, a caller that trains initial
    /// states). The layers never read it: without it the fused pass skips step 0's dA_0·W_hᵀ,
    /// 1/T of those products, and `dh` is left undefined.
    var initialHiddenGradient = true
    /// Each part's bias and weight gradients [db; dW_x; dW_h] ((1 + F + H), 4H) in the fused backward pass.
    let weightPartials = ScratchBuffer()
    /// One step's gates (N, 4H) and tanh(c_t) (N, H) of a forward pass that records nothing.
    let stepGates = ScratchBuffer(), stepTanhC = ScratchBuffer()
    /// With sequence lengths, tape row i holds batch row `order[i]`: rows sorted by length,
    /// longest first, within each part of the split, so the rows still running at a step are a
    /// prefix of every part; nil: tape order is batch order.
    private(set) var order: [Int]?
    /// The length of each tape row (tape order) with sequence lengths, else nil.
    private(set) var rowLengths: [Int]?
    /// ∂L/∂outputs and ∂L/∂x in tape order (backward passes with sequence lengths).
    let tapeOrderOutputs = ScratchBuffer(), tapeOrderInputs = ScratchBuffer()

    /// Runs the layer over x and records the tape.
    /// - Parameters:
    ///   - x: input (T, N, F), time-major.
    ///   - wx: input kernel (F, 4H).  - wh: recurrent kernel (H, 4H).
    ///   - bx, bh: biases (4H) each.
    ///   - h0, c0: initial states (N, H), zeros when nil.
    ///   - record: keep what the backward pass needs; false (evaluation, prediction) keeps only
    ///     the states: the gates and tanh(c_t) of a step live in an (N, 4H) block that stays in
    ///     cache instead of a (T, N, 4H) tape going through memory, and the input is not copied.
    ///   - lengths: with `record`, the steps of each row (N values in 0...T) when the batch is
    ///     padded at the end: a row stops at its length (as PyTorch's packed sequences), so a
    ///     step's products run over the rows still going. Outputs past a row's length are zero,
    ///     and the backward pass ignores ∂L/∂outputs there (the loss must mask them). The tape is
    ///     then kept in `order`; `outputs` and the states are in tape order.
    func forward(
        x input: UnsafePointer<Float>, steps T: Int, batch N: Int, inputSize F: Int, hiddenSize H: Int,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>, bx: UnsafePointer<Float>, bh: UnsafePointer<Float>,
        h0: UnsafePointer<Float>?, c0: UnsafePointer<Float>?, record: Bool = true, lengths: [Int]? = nil
    ) {
        (steps, batch, inputSize, hiddenSize) = (T, N, F, H)
        initialHiddenIsZero = h0 == nil
        let G = 4 * H, K = F + H
        let split = TrainingRowSplit(rows: N, flops: 2 * T * N * K * G, forced: rowParts)
        order = record ? lengths.map { Self.lengthOrder($0, split: split) } : nil
        rowLengths = order.map { $0.map { lengths![$0] } }
        let xs: UnsafePointer<Float>
        if record {
            let copy = x.resize(T * N * F)
            if let order {
                permuteRows(order, steps: T, width: F, from: input, to: copy, intoTapeOrder: true)
            } else {
                copy.update(from: input, count: T * N * F)
            }
            xs = UnsafePointer(copy)
        } else {
            xs = input
        }
        // Per step: gates at a + stepGate(t), tanh(c_t) at tc + stepState(t) (+ the part's rows).
        let a = record ? gates.resize(T * N * G) : stepGates.resize(N * G)
        let tc = record ? tanhC.resize(T * N * H) : stepTanhC.resize(N * H)
        let stepGate = record ? N * G : 0, stepState = record ? N * H : 0
        let cs = c.resize((T + 1) * N * H)
        let hs = h.resize((T + 1) * N * H)
        hs.update(fromOrZero: h0, count: N * H)
        cs.update(fromOrZero: c0, count: N * H)
        if let order, let h0 { permuteRows(order, steps: 1, width: H, from: h0, to: hs, intoTapeOrder: true) }
        if let order, let c0 { permuteRows(order, steps: 1, width: H, from: c0, to: cs, intoTapeOrder: true) }
        // Each part computes a_t = [x_t, h_{t−1}]·[W_x; W_h] for its rows just before step t, one
        // product with k = F + H on the stacked kernels packed once: the (N, 4H) block stays in
        // cache instead of a (T·N, 4H) projection buffer going through memory, the projection runs
        // on the part's core, and A is packed once per step instead of twice. The biases
        // (b_x + b_h, once) are added by the gate kernel of each step.
        let bias = biasSum.resize(G)
        for j in 0..<G { bias[j] = bx[j] + bh[j] }
        let packedW = PackedMatrix(stacking: wx, rows: F, over: wh, rows: H, columns: G, ldb: G)
        let xh = stepInputs.resize(N * K)
        let path = CKernelPath.best.c
        let threads = split.parts > 1 ? 1 : stepThreads
        let lens = rowLengths
        split.run { rows in
            let lo = rows.lowerBound, m = rows.count
            let xhp = xh + lo * K
            var live = m  // rows lo..<lo + live are still going at step t
            for t in 0..<T {
                let o = t * N * H + lo * H
                if let lens {
                    while live > 0 && lens[lo + live - 1] <= t { live -= 1 }
                    (hs + N * H + o + live * H).update(repeating: 0, count: (m - live) * H)
                    if live == 0 { continue }
                }
                let going = lo..<(lo + live)
                gatherStepInputs(into: xhp, x: xs, h: hs, step: t, rows: going, batch: N, inputSize: F, hiddenSize: H)
                let at = a + t * stepGate + lo * G
                if t == 0 && h0 == nil {
                    // h_{−1} = 0: its rows of W would only add exact zeros (1/T of the products).
                    sgemm(m: live, n: G, k: F, a: xs + lo * F, lda: F, b: wx, ldb: G, beta: 0, c: at, ldc: G,
                          threads: threads)
                } else {
                    sgemm(m: live, a: xhp, lda: K, packedB: packedW, beta: 0, c: at, ldc: G, threads: threads)
                }
                ck_lstm_train_forward(path, live, H, at, G, bias, cs + o, cs + N * H + o, tc + t * stepState + lo * H,
                                      hs + N * H + o, H)
            }
        }
    }

    /// The tape order for rows of the given lengths: sorted longest first (ties by row), dealt
    /// to the parts in turn, so every part's rows are sorted too and the parts stay balanced.
    static func lengthOrder(_ lengths: [Int], split: TrainingRowSplit) -> [Int] {
        let sorted = lengths.indices.sorted { (lengths[$0], $1) > (lengths[$1], $0) }
        var parts = (0..<split.parts).map { _ in [Int]() }
        var p = 0
        for r in sorted {
            while parts[p].count == split.range(p).count { p = (p + 1) % split.parts }
            parts[p].append(r)
            p = (p + 1) % split.parts
        }
        return parts.flatMap { $0 }
    }

    /// Each batch row's output h_1...h_T (T, N, H) in batch order, zero past its length.
    func outputsInBatchOrder() -> [Float] {
        sequenceInBatchOrder(outputs, order: order, steps: steps, batch: batch, width: hiddenSize)
    }

    /// Each batch row's last state (N, H) in batch order: after its own length with sequence
    /// lengths, else h_T and c_T.
    func lastStatesInBatchOrder() -> (h: [Float], c: [Float]) {
        let (T, N, H) = (steps, batch, hiddenSize)
        guard let order, let rowLengths else {
            return (Array(UnsafeBufferPointer(start: lastHidden, count: N * H)),
                    Array(UnsafeBufferPointer(start: lastCell, count: N * H)))
        }
        return (statesAtLengths(h.pointer, order: order, lengths: rowLengths, steps: T, width: H),
                statesAtLengths(c.pointer, order: order, lengths: rowLengths, steps: T, width: H))
    }

    /// Hidden states h_1...h_T (T, N, H), the layer's sequence output (rows in `order` after a
    /// pass with sequence lengths: `outputsInBatchOrder()`).
    var outputs: UnsafeMutablePointer<Float> { h.pointer + batch * hiddenSize }
    /// Final hidden state h_T (N, H).
    var lastHidden: UnsafeMutablePointer<Float> { h.pointer + steps * batch * hiddenSize }
    /// Final cell state c_T (N, H).
    var lastCell: UnsafeMutablePointer<Float> { c.pointer + steps * batch * hiddenSize }

    /// Backpropagation through the recorded sequence.
    ///
    /// Gradients are *added* to dWx, dWh, dbx, dbh (so a caller can accumulate over chunks);
    /// dX is overwritten.
    /// - Parameters:
    ///   - dOutputs: ∂L/∂h_t for every t (T, N, H), or nil when only the last state is used.
    ///   - dLastHidden: ∂L/∂h_T (N, H) from a consumer of the final state, or nil.
    ///   - dLastCell: ∂L/∂c_T (N, H), or nil.
    ///   - dX: receives ∂L/∂x (T, N, F), or nil when the input needs no gradient.
    /// - Returns: nothing; ∂L/∂h_0 and ∂L/∂c_0 are left in `dh` and `dc` (N, H) (`dh` only with
    ///   `initialHiddenGradient`).
    func backward(
        dOutputs: UnsafePointer<Float>?, dLastHidden: UnsafePointer<Float>?, dLastCell: UnsafePointer<Float>?,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>,
        dWx: UnsafeMutablePointer<Float>, dWh: UnsafeMutablePointer<Float>,
        dbx: UnsafeMutablePointer<Float>, dbh: UnsafeMutablePointer<Float>,
        dX: UnsafeMutablePointer<Float>?
    ) {
        backwardFused(dOutputs: dOutputs, dLastHidden: dLastHidden, dLastCell: dLastCell, wx: wx, wh: wh,
                      dWx: dWx, dWh: dWh, dbx: dbx, dbh: dbh, dX: dX)
    }
}

/// The logistic function σ(x) = 1 / (1 + e^(−x)) (libm expf, as the inference path).
@inline(__always)
func logistic(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

/// A backward pass's incoming gradients for a tape kept in `order` (tape row i holds batch row
/// order[i]; nil: batch order, nothing to do): ∂L/∂outputs (T, N, H) copied into
/// `outputsBuffer` in tape order, ∂L/∂h_T (already in `dh` in batch order) put in tape order
/// there, and `inputsBuffer` (T, N, F) as the place for ∂L/∂x in tape order (the caller permutes
/// it back into dX).
func gradientsInTapeOrder(
    _ order: [Int]?, dOutputs: UnsafePointer<Float>?, dLastHidden: UnsafePointer<Float>?, dh: UnsafeMutablePointer<Float>,
    dX: UnsafeMutablePointer<Float>?, steps T: Int, inputSize F: Int, hiddenSize H: Int,
    outputsBuffer: ScratchBuffer, inputsBuffer: ScratchBuffer
) -> (dOutputs: UnsafePointer<Float>?, dXTape: UnsafeMutablePointer<Float>?) {
    guard let order else { return (dOutputs, dX) }
    let N = order.count
    var tapeOutputs: UnsafePointer<Float>? = nil
    if let dOutputs {
        let p = outputsBuffer.resize(T * N * H)
        permuteRows(order, steps: T, width: H, from: dOutputs, to: p, intoTapeOrder: true)
        tapeOutputs = UnsafePointer(p)
    }
    if let dLastHidden { permuteRows(order, steps: 1, width: H, from: dLastHidden, to: dh, intoTapeOrder: true) }
    return (tapeOutputs, dX == nil ? nil : inputsBuffer.resize(T * N * F))
}

/// A copy of a tape's (T, N, width) sequence in batch order (tape row i holds batch row
/// order[i]; nil: the tape is in batch order already).
func sequenceInBatchOrder(_ sequence: UnsafePointer<Float>, order: [Int]?, steps T: Int, batch N: Int, width: Int) -> [Float] {
    let count = T * N * width
    guard let order else { return copyOnEveryCore(sequence, count: count) }
    return [Float](unsafeUninitializedCapacity: count) { out, initialized in
        permuteRows(order, steps: T, width: width, from: sequence, to: out.baseAddress!, intoTapeOrder: false)
        initialized = count
    }
}

/// Each batch row's state (N, width) at its own length, in batch order, from states (T + 1, N,
/// width) kept in a tape's `order` (tape row i holds batch row order[i] and has lengths[i] steps).
func statesAtLengths(_ states: UnsafePointer<Float>, order: [Int], lengths: [Int], steps T: Int, width: Int) -> [Float] {
    let N = order.count
    var out = [Float](repeating: 0, count: N * width)
    for (i, r) in order.enumerated() {
        let slot = (min(lengths[i], T) * N + i) * width
        for j in 0..<width { out[r * width + j] = states[slot + j] }
    }
    return out
}

/// Copies `steps` blocks of `order.count` rows of `width` floats between batch order and a tape
/// kept in `order` (tape row i holds batch row order[i]): into the tape's order, or back out of it.
func permuteRows(_ order: [Int], steps: Int, width: Int, from source: UnsafePointer<Float>,
                 to target: UnsafeMutablePointer<Float>, intoTapeOrder: Bool) {
    let N = order.count
    for t in 0..<steps {
        for (i, r) in order.enumerated() {
            let (tape, batch) = ((t * N + i) * width, (t * N + r) * width)
            if intoTapeOrder {
                (target + tape).update(from: source + batch, count: width)
            } else {
                (target + batch).update(from: source + tape, count: width)
            }
        }
    }
}

/// Writes the rows [x_t, h_{t−1}] of batch rows `rows` at step t, (rows.count, F + H), to `out`:
/// the A of the step's one product with the stacked [W_x; W_h] (forward); with `leadingOne`, the
/// rows [1, x_t, h_{t−1}] (rows.count, 1 + F + H) of its weight and bias gradient (backward).
/// - Parameters:
///   - x: the inputs (T, N, F).  - h: the hidden states (T + 1, N, H), h_{t−1} at index t.
func gatherStepInputs(into out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, h: UnsafePointer<Float>,
                      step t: Int, rows: Range<Int>, batch N: Int, inputSize F: Int, hiddenSize H: Int,
                      leadingOne: Bool = false) {
    let one = leadingOne ? 1 : 0, K = one + F + H
    for (i, r) in rows.enumerated() {
        let row = out + i * K
        if leadingOne { row.pointee = 1 }
        (row + one).update(from: x + (t * N + r) * F, count: F)
        (row + one + F).update(from: h + (t * N + r) * H, count: H)
    }
}

/// out[j] += Σ_r m[r, j] for a row-major (rows, columns) matrix.
func columnSums(_ m: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0..<rows { addElementwise(into: out, from: m + r * columns, count: columns) }
}

/// out[i] += x[i] for i in 0..<count, sixteen lanes at a time (the same sums as the scalar loop;
/// the scalar loop with Swift's overflow checks ran at one element per cycle on the weight
/// gradients of every step).
func addElementwise(into out: UnsafeMutablePointer<Float>, from x: UnsafePointer<Float>, count: Int) {
    var i = 0
    while i &+ 16 <= count {
        let sum = UnsafeRawPointer(out + i).loadUnaligned(as: FloatVector.self)
            + UnsafeRawPointer(x + i).loadUnaligned(as: FloatVector.self)
        UnsafeMutableRawPointer(out + i).storeBytes(of: sum, as: FloatVector.self)
        i &+= 16
    }
    while i < count {
        out[i] += x[i]
        i &+= 1
    }
}
