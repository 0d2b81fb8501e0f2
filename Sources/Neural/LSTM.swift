import Foundation

/// A long short-term memory layer, one layer and one direction, with exact PyTorch and Keras semantics.
///
/// Equations (PyTorch `nn.LSTM` docs; Keras `LSTM` with the default activations tanh / sigmoid):
///
///     i_t = σ(x_t·W_xi + b_xi + h_{t−1}·W_hi + b_hi)     input gate
///     f_t = σ(x_t·W_xf + b_xf + h_{t−1}·W_hf + b_hf)     forget gate
///     g_t = tanh(x_t·W_xg + b_xg + h_{t−1}·W_hg + b_hg)  candidate c̃_t
///     o_t = σ(x_t·W_xo + b_xo + h_{t−1}·W_ho + b_ho)     output gate
///     c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
///     h_t = o_t ⊙ tanh(c_t)
///
/// Gate order in every parameter: **i, f, g, o** (the order of both PyTorch and Keras, so weights
/// load without permutation). Shapes, F = input features, H = `hiddenSize`:
/// - `inputKernel` W_x (F, 4H): Keras `kernel` as is; PyTorch `weight_ih_l0` (4H, F) transposed.
/// - `recurrentKernel` W_h (H, 4H): Keras `recurrent_kernel`; PyTorch `weight_hh_l0` transposed.
/// - `inputBias` b_x (4H): Keras `bias`; PyTorch `bias_ih_l0`.
/// - `recurrentBias` b_h (4H): zeros for Keras (one bias only); PyTorch `bias_hh_l0`.
/// Keras's `unit_forget_bias` only initialises b_f to 1 before training: loaded weights already
/// contain it, so it plays no role at inference.
public struct LSTM: RecurrentCell {
    public static let gateCount = 4
    public static let hasCellState = true
    public static let kindName = "LSTM"
    public static func scratchPerRow(hidden: Int) -> Int { 0 }

    /// W_x (F, 4H), gates i, f, g, o.
    public var inputKernel: Tensor
    /// W_h (H, 4H), gates i, f, g, o.
    public var recurrentKernel: Tensor
    /// b_x (4H).
    public var inputBias: Tensor
    /// b_h (4H).
    public var recurrentBias: Tensor

    /// Wraps parameters in the canonical layout.
    /// - Parameters:
    ///   - inputKernel: W_x (F, 4H).
    ///   - recurrentKernel: W_h (H, 4H).
    ///   - inputBias: b_x (4H); zeros when nil.
    ///   - recurrentBias: b_h (4H); zeros when nil (Keras has a single bias).
    /// - Throws: `NeuralError` when the shapes do not fit together.
    public init(inputKernel: Tensor, recurrentKernel: Tensor, inputBias: Tensor? = nil, recurrentBias: Tensor? = nil) throws {
        let gh = recurrentKernel.shape.last ?? 0
        let bx = inputBias ?? .zeros([gh])
        let bh = recurrentBias ?? .zeros([gh])
        try Self.validateParameters(inputKernel: inputKernel, recurrentKernel: recurrentKernel, inputBias: bx, recurrentBias: bh)
        self.inputKernel = inputKernel
        self.recurrentKernel = recurrentKernel
        self.inputBias = bx
        self.recurrentBias = bh
    }

    /// An LSTM with all parameters zero (shapes only); fill them before use.
    /// - Parameters:
    ///   - inputSize: F.  - hiddenSize: H.
    public init(inputSize: Int, hiddenSize: Int) {
        inputKernel = .zeros([inputSize, 4 * hiddenSize])
        recurrentKernel = .zeros([hiddenSize, 4 * hiddenSize])
        inputBias = .zeros([4 * hiddenSize])
        recurrentBias = .zeros([4 * hiddenSize])
    }

    public func referenceStep(x: ArraySlice<Float>, h: [Float], c: [Float]) -> (h: [Float], c: [Float]) {
        let (hs, gh) = (hiddenSize, 4 * hiddenSize)
        // Pre-activation of unit j of gate g: x·W_x[:, gH+j] + b_x + h·W_h[:, gH+j] + b_h.
        func pre(_ g: Int, _ j: Int) -> Float {
            let col = g * hs + j
            var s: Float = 0
            for (k, xv) in x.enumerated() { s += xv * inputKernel.scalars[k * gh + col] }
            s += inputBias.scalars[col]
            for k in 0..<hs { s += h[k] * recurrentKernel.scalars[k * gh + col] }
            return s + recurrentBias.scalars[col]
        }
        var hNew = [Float](repeating: 0, count: hs), cNew = hNew
        for j in 0..<hs {
            let i = sigmoid(pre(0, j)), f = sigmoid(pre(1, j)), g = tanh(pre(2, j)), o = sigmoid(pre(3, j))
            cNew[j] = f * c[j] + i * g
            hNew[j] = o * tanh(cNew[j])
        }
        return (hNew, cNew)
    }

    public func step(
        batch n: Int, projection: UnsafeMutablePointer<Float>, projectionStride: Int,
        h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let hs = hiddenSize
        let gh = 4 * hs
        // Z = P + H_{t−1}·W_h, accumulated in place into the projection rows (one GEMM).
        recurrentKernel.scalars.withUnsafeBufferPointer { w in
            sgemm(m: n, n: gh, k: hs, a: h, lda: hs, b: w.baseAddress!, ldb: gh,
                  beta: 1, c: projection, ldc: projectionStride)
        }
        recurrentBias.scalars.withUnsafeBufferPointer { bh in
            let b = bh.baseAddress!
            for r in 0..<n {
                let z = projection + r * projectionStride
                for j in 0..<gh { z[j] += b[j] }
                sigmoidInPlace(z, count: 2 * hs)          // i, f
                tanhInPlace(z + 2 * hs, count: hs)        // g
                sigmoidInPlace(z + 3 * hs, count: hs)     // o
                let hr = h + r * hs, cr = c + r * hs, g = z + 2 * hs
                for j in 0..<hs {
                    let cj = z[hs + j] * cr[j] + z[j] * g[j]   // c_t = f ⊙ c_{t−1} + i ⊙ g
                    cr[j] = cj
                    g[j] = cj                                   // g's block is free now: tanh(c_t) goes there
                }
                tanhInPlace(g, count: hs)
                for j in 0..<hs { hr[j] = z[3 * hs + j] * g[j] }  // h_t = o ⊙ tanh(c_t)
            }
        }
    }
}
