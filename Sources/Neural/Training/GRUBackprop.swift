import CKernels
import Foundation

/// Where the three GRU gates sit inside the 3H columns of the kernels and biases.
///
/// PyTorch `nn.GRU` stores r, z, n; Keras `GRU` stores z, r, h. The math is the same
/// (`reset_after = true` in Keras is PyTorch's GRU), only the column blocks differ. The engine
/// runs and stores r, z, n alone: weights given in Keras' order are permuted once, where they
/// enter (`TrainableRecurrent.init`, `GRU.init(kerasKernel:…)`).
public struct GRUGateOrder: Sendable, Equatable {
    /// Column block (in units of H) of the reset gate r, the update gate z and the candidate n.
    public let reset: Int, update: Int, candidate: Int
    /// PyTorch: r, z, n.
    public static let pytorch = GRUGateOrder(reset: 0, update: 1, candidate: 2)
    /// Keras: z, r, h.
    public static let keras = GRUGateOrder(reset: 1, update: 0, candidate: 2)

    init(reset: Int, update: Int, candidate: Int) {
        (self.reset, self.update, self.candidate) = (reset, update, candidate)
    }

    /// The permutation of column blocks that turns this order into the engine's (r, z, n):
    /// block b of the result is block `canonicalBlocks[b]` of a tensor in this order.
    var canonicalBlocks: [Int] { [reset, update, candidate] }

    /// "pytorch" or "keras", as a `LayerSpec` names it.
    public var name: String { self == .keras ? "keras" : "pytorch" }

    /// The order `name` names, or nil.
    public init?(name: String) {
        switch name {
        case "pytorch": self = .pytorch
        case "keras": self = .keras
        default: return nil
        }
    }
}

/// Forward pass of a GRU layer (`reset_after`, PyTorch's and Keras' default) over a whole
/// sequence that saves what BPTT needs, and its fused backward pass.
///
/// Equations (Cho et al. 2014; PyTorch `nn.GRU` documentation):
///
///     x̂ = x_t·W_x + b_x,  ĥ = h_{t-1}·W_h + b_h                 (N, 3H) each
///     r = σ(x̂_r + ĥ_r)   z = σ(x̂_z + ĥ_z)
///     n = tanh(x̂_n + r ⊙ ĥ_n)
///     h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
///
/// Time-major (`TNF`) like `LSTMTape`, for the same reason: one GEMM per weight gradient.
final class GRUTape {
    var steps = 0, batch = 0, inputSize = 0, hiddenSize = 0
    /// The engine's gate blocks r, z, n.
    let order = GRUGateOrder.pytorch
    /// false: Keras `reset_after=False` (see `GRUTape+ResetBefore.swift`).
    var resetAfter = true
    /// The rows [x_t, 1, h_{t−1}] of the steps held by the backward pass (chunk, N, F + 1 + H).
    let stepInputs = ScratchBuffer()
    /// Each part's [dW_x; db_x; db_h; dW_h] ((F + 2 + H), 3H) in the backward pass.
    let weightPartials = ScratchBuffer()
    /// Parts the batch is split into across cores (tests); nil: chosen by the work.
    var rowParts: Int?
    /// Input copy (T, N, F).
    let x = ScratchBuffer()
    /// x̂ for all timesteps (T, N, 3H), then overwritten by the activations r, z, n.
    let gates = ScratchBuffer()
    /// One step's activations and ĥ (N, 3H) each of a forward pass that records nothing.
    let stepGates = ScratchBuffer(), stepHiddenProjection = ScratchBuffer()
    /// ĥ of every step (T, N, 3H); its candidate block ĥ_n is needed by the backward pass.
    let hproj = ScratchBuffer()
    /// Hidden states (T+1, N, H); slot 0 holds h_{-1}.
    let h = ScratchBuffer()
    /// Gradients of the input-side and recurrent-side pre-activations, (chunk, N, 3H) each in
    /// the fused backward pass, (T, N, 3H) with `reset_after = false`.
    let dAx = ScratchBuffer(), dAh = ScratchBuffer()
    /// Running ∂L/∂h (N, H).
    let dh = ScratchBuffer()
    /// reset_after = false only: r ⊙ h_{t-1} of every step (T, N, H) and its gradient (N, H).
    let resetHidden = ScratchBuffer(), dResetHidden = ScratchBuffer()
    /// With sequence lengths, tape row i holds batch row `rowOrder[i]` (as `LSTMTape.order`:
    /// longest first within each part, so the rows still going are a prefix of every part); nil:
    /// tape order is batch order.
    private(set) var rowOrder: [Int]?
    /// The length of each tape row (tape order) with sequence lengths, else nil.
    private(set) var rowLengths: [Int]?
    /// The parts of the forward pass's split: a backward pass with sequence lengths must use the
    /// same (its prefixes follow them).
    private(set) var forwardParts = 1
    /// ∂L/∂outputs and ∂L/∂x in tape order (backward passes with sequence lengths).
    let tapeOrderOutputs = ScratchBuffer(), tapeOrderInputs = ScratchBuffer()

    /// Runs the layer over x and records the tape.
    /// - Parameters:
    ///   - x: input (T, N, F), time-major.
    ///   - wx: input kernel (F, 3H).  - wh: recurrent kernel (H, 3H).  - bx, bh: biases (3H).
    ///   - h0: initial state (N, H), zeros when nil.
    ///   - record: keep what the backward pass needs; false (evaluation, prediction) keeps only
    ///     the states, as `LSTMTape.forward`: a step's gates and ĥ live in (N, 3H) blocks that
    ///     stay in cache instead of (T, N, 3H) tapes going through memory, and the input is not
    ///     copied. The outputs are bit-identical either way. (`reset_after = false` records.)
    ///   - lengths: the steps of each row (N values in 0...T) when the batch is padded at the end,
    ///     or nil: as `LSTMTape.forward`, a row stops at its length (outputs past it are zero,
    ///     the backward pass ignores their gradient) and the tape is kept in `rowOrder`.
    ///     `reset_after = false` runs the padding.
    func forward(
        x input: UnsafePointer<Float>, steps T: Int, batch N: Int, inputSize F: Int, hiddenSize H: Int,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>, bx: UnsafePointer<Float>, bh: UnsafePointer<Float>,
        h0: UnsafePointer<Float>?, record: Bool = true, lengths: [Int]? = nil
    ) {
        rowOrder = nil
        rowLengths = nil
        if !resetAfter {
            return forwardResetBefore(x: input, steps: T, batch: N, inputSize: F, hiddenSize: H, wx: wx, wh: wh, bx: bx, bh: bh, h0: h0)
        }
        (steps, batch, inputSize, hiddenSize) = (T, N, F, H)
        let G = 3 * H
        let split = TrainingRowSplit(rows: N, flops: 2 * T * N * (F + H) * G, forced: rowParts)
        forwardParts = split.parts
        rowOrder = record ? lengths.map { LSTMTape.lengthOrder($0, split: split) } : nil
        rowLengths = rowOrder.map { $0.map { lengths![$0] } }
        // Per step: activations at a + t·stepBlock, ĥ at hp + t·stepBlock (+ the part's rows).
        let a = record ? gates.resize(T * N * G) : stepGates.resize(N * G)
        let hp = record ? hproj.resize(T * N * G) : stepHiddenProjection.resize(N * G)
        let stepBlock = record ? N * G : 0
        let hs = h.resize((T + 1) * N * H)
        let xs: UnsafePointer<Float>
        if !record {
            xs = input
            hs.update(fromOrZero: h0, count: N * H)
        } else if let rowOrder {
            let copy = x.resize(T * N * F)
            permuteRows(rowOrder, steps: T, width: F, from: input, to: copy, intoTapeOrder: true)
            hs.update(repeating: 0, count: N * H)
            if let h0 { permuteRows(rowOrder, steps: 1, width: H, from: h0, to: hs, intoTapeOrder: true) }
            xs = UnsafePointer(copy)
        } else {
            let copy = x.resize(T * N * F)
            copy.update(from: input, count: T * N * F)
            hs.update(fromOrZero: h0, count: N * H)
            xs = UnsafePointer(copy)
        }
        let (ro, zo, no) = (order.reset * H, order.update * H, order.candidate * H)
        // Each part projects its rows of x_t just before step t (as LSTMTape); b_x is added by the
        // gate kernel. W_x and W_h are packed once for the T products.
        let packedWx = PackedMatrix(rows: F, columns: G, b: wx, ldb: G)
        let packedWh = PackedMatrix(rows: H, columns: G, b: wh, ldb: G)
        let path = CKernelPath.best.c
        let threads = split.parts > 1 ? 1 : stepThreads
        let lens = rowLengths
        split.run { rows in
            let lo = rows.lowerBound, m = rows.count
            var live = m  // rows lo..<lo + live are still going at step t
            for t in 0..<T {
                let o = t * N * H + lo * H
                if let lens {
                    while live > 0 && lens[lo + live - 1] <= t { live -= 1 }
                    (hs + N * H + o + live * H).update(repeating: 0, count: (m - live) * H)
                    if live == 0 { continue }
                }
                let at = a + t * stepBlock + lo * G, ht = hp + t * stepBlock + lo * G
                sgemm(m: live, a: xs + (t * N + lo) * F, lda: F, packedB: packedWx, beta: 0, c: at, ldc: G, threads: threads)
                for n in 0..<live { (ht + n * G).update(from: bh, count: G) }
                if H > 0 {
                    sgemm(m: live, a: hs + (t * N + lo) * H, lda: H, packedB: packedWh, beta: 1, c: ht, ldc: G,
                          threads: threads)
                }
                ck_gru_train_forward(path, live, H, ro, zo, no, at, bx, ht, G, hs + o, hs + N * H + o, H)
            }
        }
    }

    /// Hidden states h_1...h_T (T, N, H).
    var outputs: UnsafeMutablePointer<Float> { h.pointer + batch * hiddenSize }
    /// Final hidden state h_T (N, H).
    var lastHidden: UnsafeMutablePointer<Float> { h.pointer + steps * batch * hiddenSize }

    /// Backpropagation through the recorded sequence. Adds to dWx, dWh, dbx, dbh; overwrites dX.
    /// ∂L/∂h_0 is left in `dh` (N, H).
    /// - Parameters:
    ///   - dOutputs: ∂L/∂h_t (T, N, H), or nil.  - dLastHidden: ∂L/∂h_T (N, H), or nil.
    ///   - dX: receives ∂L/∂x (T, N, F), or nil.
    func backward(
        dOutputs: UnsafePointer<Float>?, dLastHidden: UnsafePointer<Float>?,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>,
        dWx: UnsafeMutablePointer<Float>, dWh: UnsafeMutablePointer<Float>,
        dbx: UnsafeMutablePointer<Float>, dbh: UnsafeMutablePointer<Float>,
        dX: UnsafeMutablePointer<Float>?
    ) {
        if !resetAfter {
            return backwardResetBefore(dOutputs: dOutputs, dLastHidden: dLastHidden, wx: wx, wh: wh, dWx: dWx, dWh: dWh,
                                       dbx: dbx, dbh: dbh, dX: dX)
        }
        backwardFused(dOutputs: dOutputs, dLastHidden: dLastHidden, wx: wx, wh: wh, dWx: dWx, dWh: dWh,
                      dbx: dbx, dbh: dbh, dX: dX)
    }

    /// Each batch row's output h_1...h_T (T, N, H) in batch order, zero past its length.
    func outputsInBatchOrder() -> [Float] {
        sequenceInBatchOrder(outputs, order: rowOrder, steps: steps, batch: batch, width: hiddenSize)
    }

    /// Each batch row's last state (N, H) in batch order: after its own length with sequence
    /// lengths, else h_T.
    func lastHiddenInBatchOrder() -> [Float] {
        guard let rowOrder, let rowLengths else { return Array(UnsafeBufferPointer(start: lastHidden, count: batch * hiddenSize)) }
        return statesAtLengths(h.pointer, order: rowOrder, lengths: rowLengths, steps: steps, width: hiddenSize)
    }
}
