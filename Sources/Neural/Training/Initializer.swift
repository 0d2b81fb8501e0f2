/// How a new layer's weights are drawn: as Keras does by default, or as PyTorch does.
///
/// - Keras: kernels `glorot_uniform` (U(±√(6/(fan_in+fan_out)))), recurrent kernels
///   `orthogonal`, biases zero, LSTM `unit_forget_bias` (forget-gate bias 1), Embedding
///   U(±0.05). (keras.io/api/layers/recurrent_layers/lstm)
/// - PyTorch: every LSTM/GRU tensor U(±1/√H); `nn.Linear` weight and bias U(±1/√fan_in);
///   `nn.Embedding` N(0, 1). (pytorch.org/docs/stable/generated/torch.nn.LSTM.html)
public enum WeightInitialization: String, Codable, Sendable {
    case keras
    case pytorch
}

/// Weight-drawing helpers shared by the trainable layers.
enum Initializer {
    static func uniform(_ shape: [Int], limit: Float, _ rng: inout SeededGenerator) -> Tensor {
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = rng.uniform(-limit, limit) }
        return t
    }

    static func normal(_ shape: [Int], std: Float, _ rng: inout SeededGenerator) -> Tensor {
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = std * rng.normal() }
        return t
    }

    /// Keras `glorot_uniform` for a (fanIn, fanOut) kernel.
    static func glorotUniform(_ fanIn: Int, _ fanOut: Int, _ rng: inout SeededGenerator) -> Tensor {
        uniform([fanIn, fanOut], limit: (6 / Float(max(fanIn + fanOut, 1))).squareRoot(), &rng)
    }

    /// Keras `Orthogonal(gain 1)` for a (rows, cols) matrix: QR of a normal matrix of shape
    /// (max, min) with the signs of diag(R) folded into Q, transposed when rows < cols.
    /// Gram–Schmidt on the columns gives that same Q.
    static func orthogonal(_ rows: Int, _ cols: Int, _ rng: inout SeededGenerator) -> Tensor {
        let (tall, narrow) = (max(rows, cols), min(rows, cols))
        // a: (tall, narrow), columns orthonormalised in place (modified Gram–Schmidt, in Double).
        var a = [Double](repeating: 0, count: tall * narrow)
        for i in 0..<a.count { a[i] = Double(rng.normal()) }
        for j in 0..<narrow {
            for k in 0..<j {
                var dot = 0.0
                for i in 0..<tall { dot += a[i * narrow + j] * a[i * narrow + k] }
                for i in 0..<tall { a[i * narrow + j] -= dot * a[i * narrow + k] }
            }
            var norm = 0.0
            for i in 0..<tall { norm += a[i * narrow + j] * a[i * narrow + j] }
            norm = norm.squareRoot()
            for i in 0..<tall { a[i * narrow + j] /= max(norm, 1e-30) }
        }
        var t = Tensor.zeros([rows, cols])
        for r in 0..<rows {
            for c in 0..<cols {
                t.scalars[r * cols + c] = Float(rows >= cols ? a[r * narrow + c] : a[c * narrow + r])
            }
        }
        return t
    }
}
