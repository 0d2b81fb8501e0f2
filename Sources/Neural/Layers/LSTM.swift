import CKernels
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
    public var inputKernel: Tensor {
        didSet { packedInputKernel = .packing(inputKernel); split = LSTMSplitKernels(self) }
    }
    /// W_h (H, 4H), gates i, f, g, o.
    public var recurrentKernel: Tensor {
        didSet { packedRecurrentKernel = .packing(recurrentKernel); split = LSTMSplitKernels(self) }
    }
    /// W_x packed once for the products of every call, re-packed whenever `inputKernel` is set
    /// (set whole tensors: even a one-element write through the property re-packs it all).
    public private(set) var packedInputKernel: PackedMatrix
    /// W_h packed once for the product of every timestep.
    public private(set) var packedRecurrentKernel: PackedMatrix
    /// b_x (4H).
    public var inputBias: Tensor { didSet { split = LSTMSplitKernels(self) } }
    /// b_h (4H).
    public var recurrentBias: Tensor { didSet { split = LSTMSplitKernels(self) } }
    /// The parameters in the split layout of the two-core batch-1 path (nil when H is not a
    /// multiple of 64); rebuilt whenever a parameter is set.
    var split: LSTMSplitKernels?

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
        split = LSTMSplitKernels(self)
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
        split = LSTMSplitKernels(self)
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

    /// A whole batch-1 sequence on two cores (`ck_lstm_split_run`); same contract as
    /// `RecurrentCell.run` with N = 1, not reversed, with an output; bit-identical to it.
    /// - Returns: false when it did not run (the caller then runs the one-thread path).
    func runSplit(
        x: UnsafePointer<Float>, steps t: Int, h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>?,
        output: UnsafeMutablePointer<Float>, outputStride: Int, workspace: RecurrentWorkspace
    ) -> Bool {
        guard let split, let c, t > 1 else { return false }
        let (f, hs) = (inputSize, hiddenSize)
        let gh = 4 * hs
        workspace.reserve(projection: t * gh, scratch: 0)
        let z = workspace.projection.baseAddress!
        // z rows start as b_x (split layout); the kernel adds X·W_x and H·W_h per half.
        split.inputBias.withUnsafeBufferPointer { b in
            for r in 0..<t { (z + r * gh).update(from: b.baseAddress!, count: gh) }
        }
        let ran = split.recurrentBias.withUnsafeBufferPointer { bh in
            ck_lstm_split_run(CKernelPath.best.c, t, f, hs, x, f, split.input.storage, split.recurrent.storage,
                              bh.baseAddress, h, c, z, output, outputStride) != 0
        }
        if ran { h.update(from: output + (t - 1) * outputStride, count: hs) }
        return ran
    }
}

/// An LSTM's parameters with the gate columns reordered for the two-core batch-1 path
/// (`ck_lstm_split_run`): [i f g o] of units [0, H/2), then [i f g o] of units [H/2, H), so that
/// each core's columns are one contiguous run of packed panels and its cell reads its own gates.
final class LSTMSplitKernels: Sendable {
    /// W_x (F, 4H) in the split layout, packed.
    let input: PackedMatrix
    /// W_h (H, 4H) in the split layout, packed.
    let recurrent: PackedMatrix
    /// b_x, b_h (4H) in the split layout.
    let inputBias: [Float]
    let recurrentBias: [Float]

    /// nil when the shapes do not allow the split (H a multiple of 64, so each half's gates
    /// are whole 32-column panels).
    init?(_ cell: LSTM) {
        let hs = cell.recurrentKernel.shape.first ?? 0
        guard hs > 0, hs % 64 == 0, cell.inputKernel.rank == 2, cell.inputKernel.shape[1] == 4 * hs,
              cell.recurrentKernel.shape == [hs, 4 * hs],
              cell.inputBias.count == 4 * hs, cell.recurrentBias.count == 4 * hs else { return nil }
        func permuted(_ m: Tensor) -> [Float] {
            let rows = m.count / (4 * hs), half = hs / 2
            var out = [Float](repeating: 0, count: m.count)
            for r in 0..<rows {
                for p in 0..<2 {
                    for g in 0..<4 {
                        for j in 0..<half {
                            out[r * 4 * hs + p * 2 * hs + g * half + j] = m.scalars[r * 4 * hs + g * hs + p * half + j]
                        }
                    }
                }
            }
            return out
        }
        let f = cell.inputKernel.shape[0]
        let wx = permuted(cell.inputKernel), wh = permuted(cell.recurrentKernel)
        input = PackedMatrix(rows: f, columns: 4 * hs, b: wx, ldb: 4 * hs)
        recurrent = PackedMatrix(rows: hs, columns: 4 * hs, b: wh, ldb: 4 * hs)
        inputBias = permuted(cell.inputBias)
        recurrentBias = permuted(cell.recurrentBias)
    }
}
