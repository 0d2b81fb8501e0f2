import Foundation

// GELU in its exact form, x · Φ(x) = x/2 · (1 + erf(x/√2)) (Hendrycks & Gimpel 2016), which BERT's
// `hidden_act: "gelu"` and PyTorch's `nn.GELU()` compute; not the tanh approximation.
// erf for 16 lanes follows Eigen's `generic_fast_erf_float` (a rational function of degree 13/8 on
// [−4, 4], clamped outside, where erf is ±1 in float32): within a few ulp of libm's erff.

/// erf(x) for 16 lanes (Eigen's float rational approximation).
@inlinable @inline(__always)
public func vectorErf(_ v: FloatVector) -> FloatVector {
    var x = v.replacing(with: 4, where: v .> 4)
    x = x.replacing(with: -4, where: x .< -4)
    let x2 = x * x
    var p = FloatVector(repeating: -2.726_142_258_013_06e-10)
    p = p * x2 + 2.770_681_424_959_02e-08
    p = p * x2 - 2.101_024_020_825_08e-06
    p = p * x2 - 5.692_506_394_623_46e-05
    p = p * x2 - 7.349_906_303_268_55e-04
    p = p * x2 - 2.954_599_808_540_25e-03
    p = p * x2 - 1.609_603_332_624_15e-02
    p = p * x
    var q = FloatVector(repeating: -1.456_607_184_649_96e-05)
    q = q * x2 - 2.133_740_552_789_05e-04
    q = q * x2 - 1.682_826_974_382_03e-03
    q = q * x2 - 7.373_329_167_204_68e-03
    q = q * x2 - 1.426_473_905_141_89e-02
    return p / q
}

/// GELU(x) = x/2 · (1 + erf(x/√2)) for 16 lanes.
@inlinable @inline(__always)
public func vectorGELU(_ x: FloatVector) -> FloatVector {
    0.5 * x * (1 + vectorErf(x * 0.707_106_781_186_547_5))
}

/// GELU in place over `count` floats (the fast path).
@inlinable
public func geluInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
    mapInPlace(p, count: count, vectorGELU)
}

/// GELU of one value through libm's erf in Double: the reference the fast path is tested against.
public func referenceGELU(_ x: Float) -> Float {
    let d = Double(x)
    return Float(0.5 * d * (1 + erf(d / 2.0.squareRoot())))
}
