/// Vectorised exp, sigmoid and tanh over float buffers for the training kernels.
///
/// libm's tanhf and expf are scalar calls and took ~45% of a training step (perf, n-back task).
/// These evaluate 4 lanes at once: exp by range reduction x = n·ln2 + r and the Cephes `expf`
/// minimax polynomial on |r| ≤ ln2/2 (≈ 1 ulp), 2ⁿ built in the exponent bits; then
/// σ(x) = 1/(1 + e^(−x)) and tanh(x) = sign(x)·(1 − e^(−2|x|))/(1 + e^(−2|x|)).
/// Absolute error ≤ ~2e-7 against libm over the whole float range (tested).
@inline(__always)
func vexp(_ x: VF) -> VF {
    let xc = pointwiseMax(pointwiseMin(x, VF(repeating: 88.3)), VF(repeating: -87.3))
    // n = round(x·log₂e) by the 1.5·2²³ trick: after the add, the low mantissa bits hold n.
    // (Only +, −, ×, ÷ and integer bit operations: Swift's generic SIMD conversions and
    // rounding are not specialised and were slower than libm.)
    let shifter = VF(repeating: 12_582_912)
    let t = xc * VF(repeating: 1.442_695_04) + shifter
    let n = t - shifter
    // ln2 split in two parts (Cephes C1, C2) so r keeps full precision.
    let r = xc - n * VF(repeating: 0.693_359_375) + n * VF(repeating: 2.121_944_40e-4)
    var p = VF(repeating: 1.987_569_150_0e-4)
    p = p * r + VF(repeating: 1.398_199_950_7e-3)
    p = p * r + VF(repeating: 8.333_451_907_3e-3)
    p = p * r + VF(repeating: 4.166_579_589_4e-2)
    p = p * r + VF(repeating: 1.666_666_545_9e-1)
    p = p * r + VF(repeating: 5.000_000_120_1e-1)
    p = p * (r * r) + r + VF(repeating: 1)
    let nBits = unsafeBitCast(t, to: VI.self) &- VI(repeating: 0x4B40_0000)
    let scale = (nBits &+ VI(repeating: 127)) &<< VI(repeating: 23)
    return p * unsafeBitCast(scale, to: VF.self)
}

@inline(__always)
func vsigmoid(_ x: VF) -> VF {
    let one = VF(repeating: 1)
    return one / (one + vexp(-x))
}

@inline(__always)
func vtanh(_ x: VF) -> VF {
    let one = VF(repeating: 1)
    let bits = unsafeBitCast(x, to: VU.self)
    let sign = bits & VU(repeating: 0x8000_0000)
    let absX = unsafeBitCast(bits & VU(repeating: 0x7FFF_FFFF), to: VF.self)
    let e = vexp(VF(repeating: -2) * absX)
    let t = (one - e) / (one + e)
    return unsafeBitCast(unsafeBitCast(t, to: VU.self) | sign, to: VF.self)
}

/// Applies `f` to `count` floats in place, 4 at a time (the tail through a padded vector).
@inline(__always)
func mapInPlace(_ p: UnsafeMutablePointer<Float>, count: Int, _ f: (VF) -> VF) {
    var i = 0
    let raw = UnsafeMutableRawPointer(p)
    while i + 4 <= count {
        let v = raw.loadUnaligned(fromByteOffset: i * 4, as: VF.self)
        raw.storeBytes(of: f(v), toByteOffset: i * 4, as: VF.self)
        i += 4
    }
    if i < count {
        var v = VF(repeating: 0)
        for k in 0..<(count - i) { v[k] = p[i + k] }
        let y = f(v)
        for k in 0..<(count - i) { p[i + k] = y[k] }
    }
}

/// σ in place over `count` floats.
func sigmoidVector(_ p: UnsafeMutablePointer<Float>, count: Int) { mapInPlace(p, count: count, vsigmoid) }
/// tanh in place over `count` floats.
func tanhVector(_ p: UnsafeMutablePointer<Float>, count: Int) { mapInPlace(p, count: count, vtanh) }

/// Lane width of the activation kernels: 4 floats (one SSE register; the package is built for
/// the baseline x86-64 target, without `unsafeFlags` for AVX, so wider vectors only spill).
typealias VF = SIMD4<Float>
typealias VI = SIMD4<Int32>
typealias VU = SIMD4<UInt32>
