import Foundation

/// A weight matrix stored as int8, quantised symmetrically per output channel: row c of a
/// (channels, inputs) matrix is `values[c, ·] · scales[c]`.
///
/// The rows are the output channels in PyTorch's layout (`weight_ih_l0` (G·H, F), Linear
/// `weight` (U, F)), the layout checkpoints store. Symmetric per-channel int8 as in PyTorch's
/// `torch.ao.quantization` (`per_channel_symmetric`, zero point 0), with the range ±127 so that
/// the scale of a row is max|w| / 127 and −w quantises to −q.
public struct Int8Tensor: Sendable, Equatable {
    /// Output channels (rows).
    public let channels: Int
    /// Inputs per channel (columns).
    public let inputs: Int
    /// q (channels, inputs) row-major, each in −127…127.
    public let values: [Int8]
    /// One scale per channel (≥ 0; 0 for an all-zero row).
    public let scales: [Float]

    /// Quantises a (channels, inputs) float matrix per row: scale = max|w| / 127,
    /// q = round(w / scale).
    /// - Throws: `NeuralError.invalidShape` for a tensor that is not a matrix;
    ///   `NeuralError.invalidArgument` for NaN or infinity, naming its position.
    public init(quantizing matrix: Tensor) throws {
        guard matrix.rank == 2 else {
            throw NeuralError.invalidShape("int8 quantization needs a (channels, inputs) matrix, got \(matrix.shape)")
        }
        if let i = matrix.scalars.firstIndex(where: { !$0.isFinite }) {
            throw NeuralError.invalidArgument(
                "the matrix holds \(matrix.scalars[i]) at [\(i / matrix.shape[1]), \(i % matrix.shape[1])]; only finite weights can be quantized")
        }
        let (c, k) = (matrix.shape[0], matrix.shape[1])
        var values = [Int8](repeating: 0, count: c * k), scales = [Float](repeating: 0, count: c)
        for row in 0..<c {
            let w = matrix.scalars[row * k..<(row + 1) * k]
            let amax = w.reduce(Float(0)) { max($0, abs($1)) }
            guard amax > 0 else { continue }
            let scale = amax / 127
            scales[row] = scale
            for (j, v) in w.enumerated() {
                values[row * k + j] = Int8(max(-127, min(127, (v / scale).rounded(.toNearestOrEven))))
            }
        }
        (channels, inputs, self.values, self.scales) = (c, k, values, scales)
    }

    /// Wraps stored values and scales (a checkpoint's I8 tensor and its `.scale`).
    /// - Throws: `NeuralError` when the counts do not fit, a value is −128, or a scale is
    ///   negative or not finite.
    public init(channels: Int, inputs: Int, values: [Int8], scales: [Float]) throws {
        guard channels >= 0, inputs >= 0, values.count == channels * inputs else {
            throw NeuralError.shapeMismatch("\(values.count) int8 values do not make a (\(channels), \(inputs)) matrix")
        }
        guard scales.count == channels else {
            throw NeuralError.shapeMismatch("an int8 matrix with \(channels) channels needs \(channels) scales, got \(scales.count)")
        }
        if let i = values.firstIndex(of: -128) {
            throw NeuralError.invalidArgument("int8 value −128 at [\(i / max(inputs, 1)), \(i % max(inputs, 1))]: symmetric quantization uses −127…127")
        }
        if let c = scales.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw NeuralError.invalidArgument("scale \(scales[c]) of channel \(c) is not a finite non-negative number")
        }
        (self.channels, self.inputs, self.values, self.scales) = (channels, inputs, values, scales)
    }

    /// The float matrix it stands for, (channels, inputs): q · scale.
    public func dequantized() -> Tensor {
        var out = [Float](repeating: 0, count: values.count)
        for c in 0..<channels {
            let s = scales[c]
            for j in 0..<inputs { out[c * inputs + j] = Float(values[c * inputs + j]) * s }
        }
        return try! Tensor(shape: [channels, inputs], scalars: out)
    }

    /// Bytes it takes stored: one per value, four per scale.
    public var byteCount: Int { values.count + 4 * scales.count }
}

extension Int8Tensor {
    /// W·x for one input vector x (inputs) with the int8 kernel's arithmetic written out plainly:
    /// x quantised symmetrically (q = round(x · 127 / max|x|), at most ±127), exact integer sums,
    /// then sum · ((max|x| / 127) · scale) per channel. The reference the kernels are tested against.
    public func referenceProduct(_ x: [Float]) -> [Float] {
        precondition(x.count == inputs, "x has \(x.count) values, the matrix \(inputs) inputs")
        let amax = x.reduce(Float(0)) { max($0, abs($1)) }
        guard amax > 0 else { return [Float](repeating: 0, count: channels) }
        let inv = 127 / amax, xScale = amax / 127
        let q = x.map { Int32(max(-127, min(127, ($0 * inv).rounded(.toNearestOrEven)))) }
        return (0..<channels).map { c in
            var sum: Int32 = 0
            for j in 0..<inputs { sum += q[j] * Int32(values[c * inputs + j]) }
            let s = xScale * scales[c]
            return Float(sum) * s
        }
    }
}
