import Foundation

/// A gated recurrent unit layer, one layer and one direction, with exact PyTorch and Keras semantics.
///
/// Equations, reset gate applied **after** the recurrent matmul (PyTorch `nn.GRU`; Keras `GRU`
/// with `reset_after=True`, the Keras 2.x/3 default):
///
///     r_t = σ(x_t·W_xr + b_xr + h_{t−1}·W_hr + b_hr)            reset gate
///     z_t = σ(x_t·W_xz + b_xz + h_{t−1}·W_hz + b_hz)            update gate
///     n_t = tanh(x_t·W_xn + b_xn + r_t ⊙ (h_{t−1}·W_hn + b_hn))  candidate
///     h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
///
/// With `resetAfter == false` (Keras `reset_after=False`, the original Cho et al. 2014 GRU) the
/// reset gate scales h before the recurrent matmul of the candidate:
///
///     n_t = tanh(x_t·W_xn + b_xn + (r_t ⊙ h_{t−1})·W_hn + b_hn)
///
/// (Keras has no recurrent bias in that variant: b_h loads as zeros.)
///
/// Gate order in every parameter: **r, z, n** (PyTorch's order). Keras stores z, r, h: the Keras
/// loader permutes its column blocks. Shapes, F = input features, H = `hiddenSize`:
/// - `inputKernel` W_x (F, 3H): PyTorch `weight_ih_l0` (3H, F) transposed; Keras `kernel` permuted.
/// - `recurrentKernel` W_h (H, 3H): PyTorch `weight_hh_l0` transposed; Keras `recurrent_kernel` permuted.
/// - `inputBias` b_x (3H): PyTorch `bias_ih_l0`; Keras `bias[0]` (reset_after) or `bias` (not).
/// - `recurrentBias` b_h (3H): PyTorch `bias_hh_l0`; Keras `bias[1]` (reset_after) or zeros.
public struct GRU: RecurrentCell {
    public static let gateCount = 3
    public static let hasCellState = false
    public static let kindName = "GRU"
    public static func scratchPerRow(hidden: Int) -> Int { 3 * hidden }

    /// W_x (F, 3H), gates r, z, n.
    public var inputKernel: Tensor { didSet { packedInputKernel = .packing(inputKernel) } }
    /// W_h (H, 3H), gates r, z, n.
    public var recurrentKernel: Tensor { didSet { packedRecurrentKernel = .packing(recurrentKernel) } }
    /// W_x packed once for the products of every call, re-packed whenever `inputKernel` is set
    /// (set whole tensors: even a one-element write through the property re-packs it all).
    public private(set) var packedInputKernel: PackedMatrix
    /// W_h packed once for the product of every timestep.
    public private(set) var packedRecurrentKernel: PackedMatrix
    /// b_x (3H).
    public var inputBias: Tensor
    /// b_h (3H).
    public var recurrentBias: Tensor
    /// Where the reset gate applies: after the recurrent matmul (PyTorch, Keras `reset_after=True`)
    /// or before it (Keras `reset_after=False`).
    public var resetAfter: Bool

    /// Wraps parameters in the canonical layout (gate order r, z, n).
    /// - Parameters:
    ///   - inputKernel: W_x (F, 3H).
    ///   - recurrentKernel: W_h (H, 3H).
    ///   - inputBias: b_x (3H); zeros when nil.
    ///   - recurrentBias: b_h (3H); zeros when nil.
    ///   - resetAfter: true for PyTorch and Keras `reset_after=True`.
    /// - Throws: `NeuralError` when the shapes do not fit together.
    public init(
        inputKernel: Tensor, recurrentKernel: Tensor, inputBias: Tensor? = nil, recurrentBias: Tensor? = nil,
        resetAfter: Bool = true
    ) throws {
        let gh = recurrentKernel.shape.last ?? 0
        let bx = inputBias ?? .zeros([gh])
        let bh = recurrentBias ?? .zeros([gh])
        try Self.validateParameters(inputKernel: inputKernel, recurrentKernel: recurrentKernel, inputBias: bx, recurrentBias: bh)
        self.inputKernel = inputKernel
        self.recurrentKernel = recurrentKernel
        packedInputKernel = .packing(inputKernel)
        packedRecurrentKernel = .packing(recurrentKernel)
        self.inputBias = bx
        self.recurrentBias = bh
        self.resetAfter = resetAfter
    }

    /// A GRU with all parameters zero (shapes only); fill them before use.
    /// - Parameters:
    ///   - inputSize: F.  - hiddenSize: H.  - resetAfter: see `resetAfter`.
    public init(inputSize: Int, hiddenSize: Int, resetAfter: Bool = true) {
        inputKernel = .zeros([inputSize, 3 * hiddenSize])
        recurrentKernel = .zeros([hiddenSize, 3 * hiddenSize])
        packedInputKernel = .packing(inputKernel)
        packedRecurrentKernel = .packing(recurrentKernel)
        inputBias = .zeros([3 * hiddenSize])
        recurrentBias = .zeros([3 * hiddenSize])
        self.resetAfter = resetAfter
    }

    public func referenceStep(x: ArraySlice<Float>, h: [Float], c: [Float]) -> (h: [Float], c: [Float]) {
        let (hs, gh) = (hiddenSize, 3 * hiddenSize)
        func inputPart(_ col: Int) -> Float {
            var s: Float = 0
            for (k, xv) in x.enumerated() { s += xv * inputKernel.scalars[k * gh + col] }
            return s + inputBias.scalars[col]
        }
        func recurrentPart(_ col: Int, _ state: [Float]) -> Float {
            var s: Float = 0
            for k in 0..<hs { s += state[k] * recurrentKernel.scalars[k * gh + col] }
            return s + recurrentBias.scalars[col]
        }
        var r = [Float](repeating: 0, count: hs), z = r
        for j in 0..<hs {
            r[j] = sigmoid(inputPart(j) + recurrentPart(j, h))
            z[j] = sigmoid(inputPart(hs + j) + recurrentPart(hs + j, h))
        }
        let rh = zip(r, h).map { $0 * $1 }
        var hNew = [Float](repeating: 0, count: hs)
        for j in 0..<hs {
            let col = 2 * hs + j
            let n = resetAfter
                ? tanh(inputPart(col) + r[j] * recurrentPart(col, h))
                : tanh(inputPart(col) + recurrentPart(col, rh))
            hNew[j] = (1 - z[j]) * n + z[j] * h[j]
        }
        return (hNew, [])
    }

    public func step(
        batch n: Int, projection: UnsafeMutablePointer<Float>, projectionStride: Int,
        h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let hs = hiddenSize
        let gh = 3 * hs
        recurrentKernel.scalars.withUnsafeBufferPointer { wBuffer in
            recurrentBias.scalars.withUnsafeBufferPointer { bBuffer in
                let w = wBuffer.baseAddress!, b = bBuffer.baseAddress!
                if resetAfter {
                    // Q = H_{t−1}·W_h (N, 3H) in scratch: one GEMM (W_h pre-packed); then the fused
                    // cell (CKernels): r, z, the candidate n = tanh(p_n + r ⊙ (q_n + b_n)) and h_t.
                    sgemm(m: n, a: h, lda: hs, packedB: packedRecurrentKernel, beta: 0, c: scratch, ldc: gh)
                    gruCellUpdate(batch: n, hidden: hs, p: projection, pStride: projectionStride,
                                  q: scratch, qStride: gh, bias: b, h: h, hStride: hs)
                } else {
                    // r, z: accumulate H_{t−1}·W_h[:, 0..<2H] into the projection rows.
                    sgemm(m: n, n: 2 * hs, k: hs, a: h, lda: hs, b: w, ldb: gh,
                          beta: 1, c: projection, ldc: projectionStride)
                    for row in 0..<n {
                        let p = projection + row * projectionStride
                        for j in 0..<2 * hs { p[j] += b[j] }
                        sigmoidInPlace(p, count: 2 * hs)
                        let hr = h + row * hs, rh = scratch + row * hs
                        for j in 0..<hs { rh[j] = p[j] * hr[j] }
                    }
                    // n: accumulate (r ⊙ H_{t−1})·W_h[:, 2H..<3H] into the candidate block.
                    sgemm(m: n, n: hs, k: hs, a: scratch, lda: hs, b: w + 2 * hs, ldb: gh,
                          beta: 1, c: projection + 2 * hs, ldc: projectionStride)
                    for row in 0..<n {
                        let p = projection + row * projectionStride
                        for j in 0..<hs { p[2 * hs + j] += b[2 * hs + j] }
                        tanhInPlace(p + 2 * hs, count: hs)
                        let hr = h + row * hs
                        for j in 0..<hs {
                            let zj = p[hs + j]
                            hr[j] = (1 - zj) * p[2 * hs + j] + zj * hr[j]
                        }
                    }
                }
            }
        }
    }
}
