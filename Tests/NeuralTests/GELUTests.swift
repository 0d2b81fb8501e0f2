import Foundation
import Testing
@testable import Neural

/// The vectorised erf-form GELU against libm's erf in Double.
@Suite struct GELUTests {
    @Test func fastGELUMatchesLibmErfAcrossTheRange() {
        var xs: [Float] = []
        var x: Float = -9
        while x <= 9 { xs.append(x); x += 0.0137 }
        xs += [0, -0, 1e-8, -1e-8, 40, -40]
        var fast = xs
        fast.withUnsafeMutableBufferPointer { geluInPlace($0.baseAddress!, count: $0.count) }
        var worst: Float = 0
        for (v, y) in zip(xs, fast) {
            let want = referenceGELU(v)
            worst = max(worst, abs(y - want) / max(1, abs(want)))
        }
        print("gelu max relative error \(worst)")
        #expect(worst < 2e-6)
    }

    @Test func geluIsTheErfFormNotTheTanhApproximation() {
        // At x = 1: erf form 0.8413447, tanh approximation 0.8411920.
        var v: [Float] = [1]
        v.withUnsafeMutableBufferPointer { geluInPlace($0.baseAddress!, count: 1) }
        #expect(abs(v[0] - 0.841_344_7) < 1e-6)
    }
}
