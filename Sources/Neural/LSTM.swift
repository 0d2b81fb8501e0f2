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
    public var inputKernel: Tensor { didSet { packedInputKernel = .packing(inputKernel) } }
    /// W_h (H, 4H), gates i, f, g, o.
    public var recurrentKernel: Tensor { didSet { packedRecurrentKernel = .packing(recurrentKernel) } }
    /// W_x packed once for the products of every call, re-packed whenever `inputKernel` is set
    /// (set whole tensors: even a one-element write through the property re-packs it all).
    public private(set) var packedInputKernel: PackedMatrix
    /// W_h packed once for the product of every timestep.
    public private(set) var packedRecurrentKernel: PackedMatrix
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
        packedInputKernel = .packing(inputKernel)
        packedRecurrentKernel = .packing(recurrentKernel)
        self.inputBias = bx
        self.recurrentBias = bh
    }

    /// An LSTM with all parameters zero (shapes only); fill them before use.
    /// - Parameters:
    ///   - inputSize: F.  - hiddenSize: H.
    public init(inputSize: Int, hiddenSize: Int) {
        inputKernel = .zeros([inputSize, 4 * hiddenSize])
        recurrentKernel = .zeros([hiddenSize, 4 * hiddenSize])
        packedInputKernel = .packing(inputKernel)
        packedRecurrentKernel = .packing(recurrentKernel)
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
        // Z = P + H_{t−1}·W_h, accumulated in place into the projection rows (one GEMM, W_h
        // pre-packed), then the fused cell (CKernels): + b_h, σ/tanh of the gates, c_t and h_t in one pass.
        sgemm(m: n, a: h, lda: hs, packedB: packedRecurrentKernel, beta: 1, c: projection, ldc: projectionStride)
        recurrentBias.scalars.withUnsafeBufferPointer { bh in
            lstmCellUpdate(batch: n, hidden: hs, z: projection, zStride: projectionStride, bias: bh.baseAddress,
                           c: c, cStride: hs, h: h, hStride: hs)
        }
    }
}
