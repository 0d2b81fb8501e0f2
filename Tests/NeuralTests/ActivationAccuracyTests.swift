import CKernels
import Foundation
import Testing

/// The vector σ and tanh of the fused kernels against libm's double-precision functions, in ulp
/// of the correctly rounded float result, on every 4,099th float in [−30, 30] and the edges.
@Suite struct ActivationAccuracyTests {
    static let paths: [ck_path] = [CK_PATH_AVX2, CK_PATH_AVX512]

    /// Floats of both signs from 0 to 30, a stride of bit patterns apart, plus the cases near
    /// the formulas' edges: tiny inputs (tanh x ≈ x), the reduction's n = 0 range, saturation.
    static let inputs: [Float] = {
        var xs: [Float] = []
        var bits: UInt32 = 0
        while Float(bitPattern: bits) <= 30 {
            xs.append(Float(bitPattern: bits))
            xs.append(-Float(bitPattern: bits))
            bits += 4099
        }
        return xs + [1e-30, 1e-7, 3e-4, 0.17, 0.3465, 0.3466, 0.625, 8.9, 9, 9.01, 43.5, 44, 88, 100]
            .flatMap { [$0, -$0] }
    }()

    static func worstULP(_ kernel: (ck_path, UnsafeMutablePointer<Float>, Int) -> Void, path: ck_path,
                         inputs: [Float] = inputs, reference: (Double) -> Double) -> (ulp: Double, at: Float) {
        var y = inputs
        y.withUnsafeMutableBufferPointer { kernel(path, $0.baseAddress!, $0.count) }
        var worst: (ulp: Double, at: Float) = (0, 0)
        for (x, got) in zip(inputs, y) {
            let want = reference(Double(x))
            let ulp = Double(Float(abs(want)).ulp)
            let error = abs(Double(got) - want) / max(ulp, Double(Float.leastNonzeroMagnitude))
            if !(error <= worst.ulp) { worst = (error, x) }
        }
        return worst
    }

    @Test func tanhIsWithinThreeULP() {
        for path in Self.paths {
            let worst = Self.worstULP({ ck_tanh($0, $1, $2) }, path: path, reference: Foundation.tanh)
            #expect(worst.ulp <= 3, "tanh path \(path.rawValue): \(worst.ulp) ulp at \(worst.at)")
        }
    }

    /// σ down to −30 (below that the float result is < 1e-13 and its ulp meaningless here).
    @Test func sigmoidIsWithinFourULP() {
        for path in Self.paths {
            let worst = Self.worstULP({ ck_sigmoid($0, $1, $2) }, path: path, inputs: Self.inputs.filter { $0 >= -30 },
                                      reference: { 1 / (1 + Foundation.exp(-$0)) })
            #expect(worst.ulp <= 4, "σ path \(path.rawValue): \(worst.ulp) ulp at \(worst.at)")
        }
    }

    @Test func edgesAreExact() {
        for path in Self.paths {
            var x: [Float] = [.nan, .infinity, -.infinity, 0, 1e-30, 20, -20]
            ck_tanh(path, &x, x.count)
            #expect(x[0].isNaN, "tanh(NaN) path \(path.rawValue)")
            #expect(Array(x[1...]) == [1, -1, 0, 1e-30, 1, -1], "tanh edges path \(path.rawValue): \(x)")
        }
    }
}
