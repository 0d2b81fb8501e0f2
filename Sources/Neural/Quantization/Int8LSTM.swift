import Foundation

/// An LSTM layer (one direction) with int8 weights: W_x and W_h quantised per output channel
/// (each gate unit's column), biases in float. Same equations and gate order as `LSTM`.
///
/// It runs as a `RecurrentCell`, so `Recurrent<Int8LSTM>`, its streams and `Sequential` take
/// it as they take an `LSTM`. Its products go through the int8 kernel or through the float GEMM
/// on the dequantised weights, as `compute` says; the gate math is the float LSTM's.
public struct Int8LSTM: Int8RecurrentCell {
    public static let gateCount = 4
    public static let hasCellState = true
    public static let kindName = "int8 LSTM"
    public static func scratchPerRow(hidden: Int) -> Int { 0 }

    /// The dequantised cell: the float path, the biases and the shapes.
    public let dequantized: LSTM
    public let inputWeights: Int8Matrix
    public let recurrentWeights: Int8Matrix
    /// The stored int8 tensors, (4H, F) and (4H, H) (PyTorch's layout).
    public let inputTensor: Int8Tensor, recurrentTensor: Int8Tensor
    public var compute: Int8Compute
    public var kernel: Int8KernelPath = .best

    /// An LSTM from stored int8 weights.
    /// - Parameters:
    ///   - input: W_x as (4H, F) int8 with its scales.  - recurrent: W_h as (4H, H).
    ///   - inputBias: b_x (4H).  - recurrentBias: b_h (4H).  - compute: see `Int8Compute`.
    /// - Throws: `NeuralError` when the shapes do not fit together.
    public init(input: Int8Tensor, recurrent: Int8Tensor, inputBias: Tensor?, recurrentBias: Tensor?,
                compute: Int8Compute = .automatic) throws {
        dequantized = try LSTM(inputKernel: try input.dequantized().transposed(),
                               recurrentKernel: try recurrent.dequantized().transposed(),
                               inputBias: inputBias, recurrentBias: recurrentBias)
        (inputTensor, recurrentTensor) = (input, recurrent)
        inputWeights = Int8Matrix(input)
        recurrentWeights = Int8Matrix(recurrent)
        self.compute = compute
    }

    /// Quantises a float LSTM (its weights per output channel; biases kept).
    /// - Throws: `NeuralError.invalidArgument` for NaN or infinite weights.
    public init(quantizing lstm: LSTM, compute: Int8Compute = .automatic) throws {
        try self.init(input: Int8Tensor(quantizing: lstm.inputKernel.transposed()),
                      recurrent: Int8Tensor(quantizing: lstm.recurrentKernel.transposed()),
                      inputBias: lstm.inputBias, recurrentBias: lstm.recurrentBias, compute: compute)
    }


    /// One step from the equations with the int8 arithmetic of the kernel written out
    /// (`Int8Tensor.referenceProduct`); the dequantised float reference when `compute` is
    /// `.dequantized`.
    public func referenceStep(x: ArraySlice<Float>, h: [Float], c: [Float]) -> (h: [Float], c: [Float]) {
        guard compute != .dequantized else { return dequantized.referenceStep(x: x, h: h, c: c) }
        let hs = hiddenSize
        let px = inputTensor.referenceProduct(Array(x)), ph = recurrentTensor.referenceProduct(h)
        var hNew = [Float](repeating: 0, count: hs), cNew = hNew
        for j in 0..<hs {
            func pre(_ g: Int) -> Float {
                let col = g * hs + j
                return px[col] + inputBias.scalars[col] + ph[col] + recurrentBias.scalars[col]
            }
            let i = sigmoid(pre(0)), f = sigmoid(pre(1)), g = tanh(pre(2)), o = sigmoid(pre(3))
            cNew[j] = f * c[j] + i * g
            hNew[j] = o * tanh(cNew[j])
        }
        return (hNew, cNew)
    }

    public func step(
        batch n: Int, projection: UnsafeMutablePointer<Float>, projectionStride: Int,
        h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        guard compute.usesInt8(rows: n, inputs: hiddenSize) else {
            dequantized.step(batch: n, projection: projection, projectionStride: projectionStride, h: h, c: c, scratch: scratch)
            return
        }
        let hs = hiddenSize
        recurrentWeights.product(m: n, a: h, lda: hs, accumulate: true, c: projection, ldc: projectionStride, path: kernel)
        recurrentBias.scalars.withUnsafeBufferPointer { bh in
            lstmCellUpdate(batch: n, hidden: hs, z: projection, zStride: projectionStride, bias: bh.baseAddress,
                           c: c, cStride: hs, h: h, hStride: hs)
        }
    }
}
