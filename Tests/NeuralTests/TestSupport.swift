import Foundation
import Testing
@testable import Neural

/// A small deterministic generator (SplitMix64) for random test weights: reproducible everywhere.
struct SplitMix {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    mutating func next() -> UInt64 { generator.next() }
    /// Uniform in [−scale, scale).
    mutating func uniform(_ scale: Float = 1) -> Float {
        (Float(next() >> 40) / Float(1 << 24) * 2 - 1) * scale
    }
    mutating func tensor(_ shape: [Int], scale: Float = 0.5) -> Tensor {
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = uniform(scale) }
        return t
    }
}

/// Checks `actual` against `expected` with max-abs tolerance, printing the largest difference
/// (`name OK maxdiff=...`), the parity report style of llm.c.
func expectClose(
    _ actual: Tensor, _ expected: Tensor, _ name: String, tolerance: Float = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.shape == expected.shape else {
        Issue.record("\(name): shape \(actual.shape) != expected \(expected.shape)", sourceLocation: sourceLocation)
        return
    }
    let d = actual.maxAbsDifference(expected)
    let ok = d <= tolerance
    print("\(name) \(ok ? "OK" : "FAIL") maxdiff=\(d)")
    #expect(ok, "\(name): maxdiff \(d) > \(tolerance)", sourceLocation: sourceLocation)
}

/// A committed parity fixture (written by scripts/fixtures/make_fixtures.py from PyTorch / Keras).
func fixture(_ name: String) throws -> Safetensors {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return try Safetensors(contentsOf: folder.appendingPathComponent(name + ".safetensors").path)
}

extension Tensor {
    /// Slice `index` of the first axis: (A, …) → (…). PyTorch's h_n is (layers·directions, N, H).
    func slice(_ index: Int) throws -> Tensor {
        let inner = Array(shape.dropFirst())
        let n = inner.reduce(1, *)
        return try Tensor(shape: inner, scalars: Array(scalars[index * n..<(index + 1) * n]))
    }
}
