import Foundation

// Elementwise activations over raw buffers: the gate math of every recurrent step runs through
// these, in place and without allocation, 16 lanes at a time (Swift SIMD types, which LLVM lowers
// to the vector registers the target has). exp follows Cephes `expf` (range reduction by ln 2 in
// two parts, degree-6 polynomial, ≤ 2 ulp); tanh follows Cephes `tanhf` (odd polynomial below
// |x| = 0.625, 1 − 2/(e^{2|x|} + 1) above). Both agree with libm, PyTorch and Keras far inside
// the 1e-5 parity tolerance; `ActivationTests` checks them against libm.

public typealias FloatVector = SIMD16<Float>

/// e^x for 16 lanes (Cephes expf). Inputs are clamped to [−87.3, 88.3] (results 0 … 2.2e38);
/// NaN stays NaN.
@inlinable @inline(__always)
public func vectorExp(_ v: FloatVector) -> FloatVector {
    var x = v.replacing(with: 88.3, where: v .> 88.3)
    x = x.replacing(with: -87.3, where: x .< -87.3)
    // n = round(x / ln 2) by the 1.5·2^23 trick: its low mantissa bits then hold n itself.
    let magic: Float = 12_582_912
    let t = x * 1.442_695_040_888_963_4 + magic
    let n = t - magic
    let r = x - n * 0.693_359_375 + n * 2.121_944_400_546_905_8e-4
    var p: FloatVector = FloatVector(repeating: 1.987_569_150_0e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * r * r + r + 1
    let nBits = unsafeBitCast(t, to: SIMD16<UInt32>.self) &- magic.bitPattern
    let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: FloatVector.self)  // 2^n
    return p * scale
}

/// σ(x) = 1 / (1 + e^(−x)) for 16 lanes.
@inlinable @inline(__always)
public func vectorSigmoid(_ x: FloatVector) -> FloatVector {
    1 / (1 + vectorExp(-x))
}

/// tanh(x) for 16 lanes (Cephes tanhf).
@inlinable @inline(__always)
public func vectorTanh(_ x: FloatVector) -> FloatVector {
    let a = x.replacing(with: -x, where: x .< 0)  // |x|, NaN kept
    // Large |x|: 1 − 2/(e^{2|x|} + 1), sign restored.
    var big = 1 - 2 / (vectorExp(2 * a) + 1)
    big.replace(with: -big, where: x .< 0)
    // Small |x|: x + x·z·P(z), z = x², no cancellation near 0.
    let z = x * x
    var p = FloatVector(repeating: -5.704_988_727_45e-3)
    p = p * z + 2.063_908_879_54e-2
    p = p * z - 5.373_971_555_31e-2
    p = p * z + 1.333_144_220_36e-1
    p = p * z - 3.333_328_194_22e-1
    let small = p * z * x + x
    return big.replacing(with: small, where: a .< 0.625)
}

/// Applies a 16-lane function in place over `count` floats; the tail goes through the same
/// function on a zero-padded vector, so every element sees identical arithmetic.
@inlinable @inline(__always)
func mapInPlace(_ p: UnsafeMutablePointer<Float>, count: Int, _ f: (FloatVector) -> FloatVector) {
    let raw = UnsafeMutableRawPointer(p)
    let width = FloatVector.scalarCount
    var i = 0
    while i + width <= count {
        let v = raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self)
        raw.storeBytes(of: f(v), toByteOffset: i * 4, as: FloatVector.self)
        i += width
    }
    if i < count {
        var v = FloatVector()
        for j in 0..<(count - i) { v[j] = p[i + j] }
        let y = f(v)
        for j in 0..<(count - i) { p[i + j] = y[j] }
    }
}

/// Logistic sigmoid σ(x) = 1 / (1 + e^(−x)), in place over `count` floats.
@inlinable
public func sigmoidInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
    mapInPlace(p, count: count, vectorSigmoid)
}

/// Hyperbolic tangent, in place over `count` floats.
@inlinable
public func tanhInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
    mapInPlace(p, count: count, vectorTanh)
}

/// Logistic sigmoid of one value with libm (the reference paths use it).
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
