/// What `Int8LSTM` and `Int8GRU` share: int8 copies of W_x and W_h beside the dequantised float
/// cell, which serves the float path, the biases and the shapes; the input projection runs in
/// int8 or float as `compute` says.
public protocol Int8RecurrentCell: RecurrentCell {
    associatedtype FloatCell: RecurrentCell
    /// The dequantised cell.
    var dequantized: FloatCell { get }
    /// W_x (F, G·H) in int8.
    var inputWeights: Int8Matrix { get }
    /// W_h (H, G·H) in int8.
    var recurrentWeights: Int8Matrix { get }
    /// Which products run in int8.
    var compute: Int8Compute { get }
    /// The instruction set of the int8 kernel.
    var kernel: Int8KernelPath { get }
}

extension Int8RecurrentCell {
    public var inputKernel: Tensor { dequantized.inputKernel }
    public var recurrentKernel: Tensor { dequantized.recurrentKernel }
    public var packedInputKernel: PackedMatrix { dequantized.packedInputKernel }
    public var packedRecurrentKernel: PackedMatrix { dequantized.packedRecurrentKernel }
    public var inputBias: Tensor { dequantized.inputBias }
    public var recurrentBias: Tensor { dequantized.recurrentBias }

    public func projectInput(rows: Int, x: UnsafePointer<Float>, lda: Int, projection: UnsafeMutablePointer<Float>, ldc: Int) {
        if compute.usesInt8(rows: rows, inputs: inputWeights.rows) {
            inputWeights.product(m: rows, a: x, lda: lda, accumulate: true, c: projection, ldc: ldc, path: kernel)
        } else {
            dequantized.projectInput(rows: rows, x: x, lda: lda, projection: projection, ldc: ldc)
        }
    }
}
