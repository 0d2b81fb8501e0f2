import Foundation

/// A GRU layer (one direction) with int8 weights: W_x and W_h quantised per output channel,
/// biases in float. Same equations and gate order (r, z, n) as `GRU`.
///
/// With `resetAfter` (PyTorch, Keras `reset_after=True`) the recurrent product runs in int8
/// like the input projection. The reset-before variant multiplies r ⊙ h by a slice of W_h in
/// mid-step; it keeps the float GEMM for that step (its input projection still runs in int8).
public struct Int8GRU: Int8RecurrentCell {
    public static let gateCount = 3
    public static let hasCellState = false
    public static let kindName = "int8 GRU"
    public static func scratchPerRow(hidden: Int) -> Int { 3 * hidden }

    /// The dequantised cell: the float path, the biases and the shapes.
    public let dequantized: GRU
    public let inputWeights: Int8Matrix
    public let recurrentWeights: Int8Matrix
    /// The stored int8 tensors, (3H, F) and (3H, H) (PyTorch's layout).
    public let inputTensor: Int8Tensor, recurrentTensor: Int8Tensor
    public var compute: Int8Compute
    public var kernel: Int8KernelPath = .best

    /// A GRU from stored int8 weights (gate order r, z, n).
    /// - Throws: `NeuralError` when the shapes do not fit together.
    public init(input: Int8Tensor, recurrent: Int8Tensor, inputBias: Tensor?, recurrentBias: Tensor?,
                resetAfter: Bool = true, compute: Int8Compute = .automatic) throws {
        dequantized = try GRU(inputKernel: try input.dequantized().transposed(),
                              recurrentKernel: try recurrent.dequantized().transposed(),
                              inputBias: inputBias, recurrentBias: recurrentBias, resetAfter: resetAfter)
        (inputTensor, recurrentTensor) = (input, recurrent)
        inputWeights = Int8Matrix(input)
        recurrentWeights = Int8Matrix(recurrent)
        self.compute = compute
    }

    /// Quantises a float GRU (its weights per output channel; biases kept).
    /// - Throws: `NeuralError.invalidArgument` for NaN or infinite weights.
    public init(quantizing gru: GRU, compute: Int8Compute = .automatic) throws {
        try self.init(input: Int8Tensor(quantizing: gru.inputKernel.transposed()),
                      recurrent: Int8Tensor(quantizing: gru.recurrentKernel.transposed()),
                      inputBias: gru.inputBias, recurrentBias: gru.recurrentBias, resetAfter: gru.resetAfter,
                      compute: compute)
    }

    /// Where the reset gate applies (see `GRU.resetAfter`).
    public var resetAfter: Bool { dequantized.resetAfter }

    /// One step from the equations with the kernel's int8 arithmetic written out; the float
    /// reference where the fast path runs float (`.dequantized`, or the reset-before variant,
    /// whose input projection alone is int8).
    public func referenceStep(x: ArraySlice<Float>, h: [Float], c: [Float]) -> (h: [Float], c: [Float]) {
        guard compute != .dequantized, resetAfter else { return dequantized.referenceStep(x: x, h: h, c: c) }
        let hs = hiddenSize
        let px = inputTensor.referenceProduct(Array(x)), ph = recurrentTensor.referenceProduct(h)
        var hNew = [Float](repeating: 0, count: hs)
        for j in 0..<hs {
            let r = sigmoid(px[j] + inputBias.scalars[j] + ph[j] + recurrentBias.scalars[j])
            let z = sigmoid(px[hs + j] + inputBias.scalars[hs + j] + ph[hs + j] + recurrentBias.scalars[hs + j])
            let recurrentPart: Float = ph[2 * hs + j] + recurrentBias.scalars[2 * hs + j]
            let inputPart: Float = px[2 * hs + j] + inputBias.scalars[2 * hs + j]
            let n = tanh(inputPart + r * recurrentPart)
            hNew[j] = (1 - z) * n + z * h[j]
        }
        return (hNew, [])
    }

    public func step(
        batch n: Int, projection: UnsafeMutablePointer<Float>, projectionStride: Int,
        h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        guard resetAfter, compute.usesInt8(rows: n, inputs: hiddenSize) else {
            dequantized.step(batch: n, projection: projection, projectionStride: projectionStride, h: h, c: c, scratch: scratch)
            return
        }
        let hs = hiddenSize
        // Q = H_{t−1}·W_h (N, 3H) in scratch by the int8 kernel, then the float GRU's fused cell.
        recurrentWeights.product(m: n, a: h, lda: hs, accumulate: false, c: scratch, ldc: 3 * hs, path: kernel)
        recurrentBias.scalars.withUnsafeBufferPointer { b in
            gruCellUpdate(batch: n, hidden: hs, p: projection, pStride: projectionStride,
                          q: scratch, qStride: 3 * hs, bias: b.baseAddress!, h: h, hStride: hs)
        }
    }
}
