import CKernels

// Swift faces of CKernels' fused recurrent cells and activations: vectorised (AVX-512 / AVX2,
// chosen at run time) with plain-C references beside them. σ and tanh follow Cephes expf/tanhf,
// relative error below 1e-6 (KernelTests checks them against libm).

/// LSTM cell update for a batch, fused: gates from z (+ bias), then c and h, in one pass.
/// - Parameters:
///   - batch: N.  - hidden: H.
///   - z: pre-activations (N, 4H) with row stride `zStride`, gate order i, f, g, o; not modified.
///   - bias: (4H) added to every row of z, or nil.
///   - c: cell state (N, H), row stride `cStride`: c_{t−1} in, c_t out.
///   - h: hidden state (N, H), row stride `hStride`: h_t out.
///   - reference: run the plain-C reference instead.
public func lstmCellUpdate(
    batch: Int, hidden: Int, z: UnsafePointer<Float>, zStride: Int, bias: UnsafePointer<Float>?,
    c: UnsafeMutablePointer<Float>, cStride: Int, h: UnsafeMutablePointer<Float>, hStride: Int,
    reference: Bool = false
) {
    if reference {
        ck_lstm_cell_naive(batch, hidden, z, zStride, bias, c, cStride, h, hStride)
    } else {
        ck_lstm_cell(CKernelPath.best.c, batch, hidden, z, zStride, bias, c, cStride, h, hStride)
    }
}

/// GRU cell update for a batch, fused (PyTorch; Keras reset_after=True), gate order r, z, n:
/// r = σ(p_r + q_r + b_r), z = σ(p_z + q_z + b_z), n = tanh(p_n + r ⊙ (q_n + b_n)),
/// h ← (1 − z) ⊙ n + z ⊙ h.
/// - Parameters:
///   - batch: N.  - hidden: H.
///   - p: input projections x·W_x + b_x (N, 3H), row stride `pStride`.
///   - q: recurrent projections h·W_h (N, 3H), row stride `qStride`.
///   - bias: b_h (3H), or nil.
///   - h: (N, H), row stride `hStride`: h_{t−1} in, h_t out.
///   - reference: run the plain-C reference instead.
public func gruCellUpdate(
    batch: Int, hidden: Int, p: UnsafePointer<Float>, pStride: Int,
    q: UnsafePointer<Float>, qStride: Int, bias: UnsafePointer<Float>?,
    h: UnsafeMutablePointer<Float>, hStride: Int, reference: Bool = false
) {
    if reference {
        ck_gru_cell_naive(batch, hidden, p, pStride, q, qStride, bias, h, hStride)
    } else {
        ck_gru_cell(CKernelPath.best.c, batch, hidden, p, pStride, q, qStride, bias, h, hStride)
    }
}

/// σ(x) in place over `count` floats, vectorised.
public func sigmoidVectorized(_ x: UnsafeMutablePointer<Float>, count: Int) {
    ck_sigmoid(CKernelPath.best.c, x, count)
}

/// tanh(x) in place over `count` floats, vectorised.
public func tanhVectorized(_ x: UnsafeMutablePointer<Float>, count: Int) {
    ck_tanh(CKernelPath.best.c, x, count)
}
