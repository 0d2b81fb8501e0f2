import Foundation
import Testing
@testable import Neural

/// The vectorised exp / sigmoid / tanh of the fast path against libm.
@Suite struct ActivationTests {
    static let samples: [Float] = {
        var v: [Float] = [0, -0.0, 1e-8, -1e-6, 0.3, -0.624, 0.625, 0.626, 1, -1, 2.5, -7, 9.5, 15, -20, 40, -90, 100]
        for i in 0..<400 { v.append(Float(i - 200) * 0.0731) }
        return v
    }()

    @Test func sigmoidMatchesLibm() {
        var y = Self.samples
        y.withUnsafeMutableBufferPointer { sigmoidInPlace($0.baseAddress!, count: $0.count) }
        let worst = zip(Self.samples, y).map { abs(sigmoid($0) - $1) }.max()!
        print("sigmoid vs libm maxdiff=\(worst)")
        #expect(worst < 2e-7)
    }

    @Test func tanhMatchesLibm() {
        var y = Self.samples
        y.withUnsafeMutableBufferPointer { tanhInPlace($0.baseAddress!, count: $0.count) }
        for (x, t) in zip(Self.samples, y) {
            // relative accuracy near 0 (odd polynomial), absolute elsewhere
            #expect(abs(tanh(x) - t) <= max(2e-7, 4e-7 * abs(tanh(x))), "tanh(\(x)) = \(t), libm \(tanh(x))")
        }
    }

    @Test func expMatchesLibmInRelativeTerms() {
        for x in Self.samples where abs(x) < 80 {
            var v = FloatVector(repeating: x)
            v = vectorExp(v)
            #expect(abs(v[0] - exp(x)) <= 3e-7 * exp(x), "exp(\(x)) = \(v[0]), libm \(exp(x))")
        }
    }

    @Test func nanStaysNaN() {
        var y: [Float] = [.nan, 1, .nan]
        y.withUnsafeMutableBufferPointer { tanhInPlace($0.baseAddress!, count: 3) }
        #expect(y[0].isNaN && y[2].isNaN && !y[1].isNaN)
        y = [.nan]
        y.withUnsafeMutableBufferPointer { sigmoidInPlace($0.baseAddress!, count: 1) }
        #expect(y[0].isNaN)
    }

    @Test func saturatesAtInfinities() {
        var y: [Float] = [.infinity, -.infinity]
        y.withUnsafeMutableBufferPointer { tanhInPlace($0.baseAddress!, count: 2) }
        #expect(y == [1, -1])
        y = [.infinity, -.infinity]
        y.withUnsafeMutableBufferPointer { sigmoidInPlace($0.baseAddress!, count: 2) }
        #expect(y[0] == 1 && y[1] < 1e-30)
    }
}
