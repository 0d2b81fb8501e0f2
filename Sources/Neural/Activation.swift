import Foundation

// Elementwise activations over raw buffers: the gate math of every recurrent step runs through
// these, in place and without allocation. They use libm's expf/tanhf (≤ 1 ulp), so results agree
// with PyTorch and Keras far inside the 1e-5 parity tolerance.

/// Logistic sigmoid σ(x) = 1 / (1 + e^(−x)), in place over `count` floats.
@inlinable
public func sigmoidInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { p[i] = 1 / (1 + exp(-p[i])) }
}

/// Hyperbolic tangent, in place over `count` floats.
@inlinable
public func tanhInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { p[i] = tanh(p[i]) }
}

/// Logistic sigmoid of one value (the reference paths use it).
@inlinable
public func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

/// The activation applied elementwise after a layer's affine map (Keras `activation=`).
public enum Activation: String, Sendable, CaseIterable {
    /// Identity (Keras "linear", the Dense default; PyTorch Linear).
    case linear
    /// max(0, x).
    case relu
    /// σ(x).
    case sigmoid
    /// tanh(x).
    case tanh
    /// exp(x_i) / Σ_j exp(x_j) over the last axis (stabilised by subtracting the row maximum).
    case softmax

    /// Applies the activation in place to `rows` rows of `width` floats each.
    public func apply(_ p: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        let count = rows * width
        switch self {
        case .linear: return
        case .relu: for i in 0..<count { p[i] = max(0, p[i]) }
        case .sigmoid: sigmoidInPlace(p, count: count)
        case .tanh: tanhInPlace(p, count: count)
        case .softmax:
            for r in 0..<rows {
                let row = p + r * width
                var top = -Float.infinity
                for j in 0..<width { top = max(top, row[j]) }
                var sum: Float = 0
                for j in 0..<width { row[j] = exp(row[j] - top); sum += row[j] }
                for j in 0..<width { row[j] /= sum }
            }
        }
    }
}
