import CKernels
import Foundation

/// Where the three GRU gates sit inside the 3H columns of the kernels and biases.
///
/// PyTorch `nn.GRU` stores r, z, n; Keras `GRU` stores z, r, h. The math is the same
/// (`reset_after = true` in Keras is PyTorch's GRU), only the column blocks differ.
public struct GRUGateOrder: Sendable, Equatable {
    /// Column block (in units of H) of the reset gate r, the update gate z and the candidate n.
    public let reset: Int, update: Int, candidate: Int
    /// PyTorch: r, z, n.
    public static let pytorch = GRUGateOrder(reset: 0, update: 1, candidate: 2)
    /// Keras: z, r, h.
    public static let keras = GRUGateOrder(reset: 1, update: 0, candidate: 2)
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
    var order = GRUGateOrder.pytorch
    /// false: Keras `reset_after=False` (see `GRUTape+ResetBefore.swift`).
    var resetAfter = true
    /// Bias gradients of each row, summed over time (N, 3H) each.
    let biasRowsX = ScratchBuffer(), biasRowsH = ScratchBuffer()
    /// Parts the batch is split into across cores (tests); nil: chosen by the work.
    var rowParts: Int?
    /// Input copy (T, N, F).
    let x = ScratchBuffer()
    /// x̂ for all timesteps (T, N, 3H), then overwritten by the activations r, z, n.
    let gates = ScratchBuffer()
    /// ĥ of every step (T, N, 3H); its candidate block ĥ_n is needed by the backward pass.
    let hproj = ScratchBuffer()
    /// Hidden states (T+1, N, H); slot 0 holds h_{-1}.
    let h = ScratchBuffer()
    /// Gradients of the input-side and recurrent-side pre-activations (T, N, 3H) each.
    let dAx = ScratchBuffer(), dAh = ScratchBuffer()
    /// Running ∂L/∂h (N, H).
    let dh = ScratchBuffer()
    /// reset_after = false only: r ⊙ h_{t-1} of every step (T, N, H) and its gradient (N, H).
    let resetHidden = ScratchBuffer(), dResetHidden = ScratchBuffer()

    /// Runs the layer over x and records the tape.
    /// - Parameters:
    ///   - x: input (T, N, F), time-major.
    ///   - wx: input kernel (F, 3H).  - wh: recurrent kernel (H, 3H).  - bx, bh: biases (3H).
    ///   - h0: initial state (N, H), zeros when nil.
    func forward(
        x input: UnsafePointer<Float>, steps T: Int, batch N: Int, inputSize F: Int, hiddenSize H: Int,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>, bx: UnsafePointer<Float>, bh: UnsafePointer<Float>,
        h0: UnsafePointer<Float>?
    ) {
        if !resetAfter {
            return forwardResetBefore(x: input, steps: T, batch: N, inputSize: F, hiddenSize: H, wx: wx, wh: wh, bx: bx, bh: bh, h0: h0)
        }
        (steps, batch, inputSize, hiddenSize) = (T, N, F, H)
        let G = 3 * H
        let xs = x.resize(T * N * F)
        xs.update(from: input, count: T * N * F)
        let a = gates.resize(T * N * G)
        let hp = hproj.resize(T * N * G)
        let hs = h.resize((T + 1) * N * H)
        hs.update(fromOrZero: h0, count: N * H)
        let (ro, zo, no) = (order.reset * H, order.update * H, order.candidate * H)
        // Each part projects its rows of x_t just before step t (as LSTMTape); b_x is added by the
        // gate kernel. W_x and W_h are packed once for the T products.
        let packedWx = PackedMatrix(rows: F, columns: G, b: wx, ldb: G)
        let packedWh = PackedMatrix(rows: H, columns: G, b: wh, ldb: G)
        let path = CKernelPath.best.c
        let split = TrainingRowSplit(rows: N, flops: 2 * T * N * (F + H) * G, forced: rowParts)
        let threads = split.parts > 1 ? 1 : stepThreads
        split.run { rows in
            let lo = rows.lowerBound, m = rows.count
            for t in 0..<T {
                let at = a + (t * N + lo) * G, ht = hp + (t * N + lo) * G
                sgemm(m: m, a: xs + (t * N + lo) * F, lda: F, packedB: packedWx, beta: 0, c: at, ldc: G, threads: threads)
                for n in 0..<m { (ht + n * G).update(from: bh, count: G) }
                if H > 0 {
                    sgemm(m: m, a: hs + (t * N + lo) * H, lda: H, packedB: packedWh, beta: 1, c: ht, ldc: G,
                          threads: threads)
                }
                let o = t * N * H + lo * H
                ck_gru_train_forward(path, m, H, ro, zo, no, at, bx, ht, G, hs + o, hs + N * H + o, H)
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
        let (T, N, F, H) = (steps, batch, inputSize, hiddenSize)
        let G = 3 * H
        let dx = dAx.resize(T * N * G), dhh = dAh.resize(T * N * G)
        let dhp = dh.resize(N * H)
        dhp.update(fromOrZero: dLastHidden, count: N * H)
        let a = gates.pointer, hp = hproj.pointer, hs = h.pointer
        let (ro, zo, no) = (order.reset * H, order.update * H, order.candidate * H)
        // W_hᵀ (G·H → H) packed once for the T products dA_t · W_hᵀ.
        let packedWhT = PackedMatrix(transposed: true, rows: G, columns: H, b: wh, ldb: G)
        let path = CKernelPath.best.c
        // Bias gradients summed per row in the gate kernel, then over rows (as in LSTMTape).
        let dbxRows = biasRowsX.resize(N * G, zero: true), dbhRows = biasRowsH.resize(N * G, zero: true)
        let split = TrainingRowSplit(rows: N, flops: 2 * T * N * H * G, forced: rowParts)
        let threads = split.parts > 1 ? 1 : stepThreads
        split.run { rows in
            let lo = rows.lowerBound, m = rows.count
            for t in stride(from: T - 1, through: 0, by: -1) {
                let o = t * N * H + lo * H, og = (t * N + lo) * G
                ck_gru_train_backward(path, m, H, ro, zo, no, a + og, hp + og, G, hs + o, dOutputs.map { $0 + o },
                                      dhp + lo * H, dx + og, dhh + og, dbxRows + lo * G, dbhRows + lo * G, H)
                if H > 0 {
                    sgemm(m: m, a: dhh + og, lda: G, packedB: packedWhT, beta: 1, c: dhp + lo * H, ldc: H,
                          threads: threads)
                }
            }
        }
        guard T * N > 0 else { return }
        if F > 0 {
            sgemm(transA: true, m: F, n: G, k: T * N, a: x.pointer, lda: F, b: dx, ldb: G, beta: 1, c: dWx, ldc: G)
        }
        if H > 0 {
            sgemm(transA: true, m: H, n: G, k: T * N, a: hs, lda: H, b: dhh, ldb: G, beta: 1, c: dWh, ldc: G)
        }
        columnSums(dbxRows, rows: N, columns: G, into: dbx)
        columnSums(dbhRows, rows: N, columns: G, into: dbh)
        if let dX, F > 0 {
            sgemm(transB: true, m: T * N, n: F, k: G, a: dx, lda: G, b: wx, ldb: G, beta: 0, c: dX, ldc: F)
        }
    }
}
