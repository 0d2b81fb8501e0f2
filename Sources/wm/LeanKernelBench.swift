import Foundation
import Neural

/// The int8 products against the float GEMM on the shapes of the task models, per number of
/// rows: where `Int8Compute.automatic` should switch (`wm nn bench-lean --kernels`).
enum KernelComparison {
    static func print() {
        Swift.print("products X (m, K) · W (K, N), best of 200 calls each; int8 includes quantising X per row")
        Swift.print("K x N        m     float µs   int8 \(Int8KernelPath.best.rawValue) µs  ratio   int8 avx2 µs  ratio")
        var rng = SeededGenerator(seed: 3)
        for (k, n) in [(128, 512), (2, 512), (256, 1024)] {
            let w = Tensor.zeros([k, n]).mapScalars { _ in Float.random(in: -0.2...0.2, using: &rng) }
            let packed = try! PackedMatrix(w)
            let q = Int8Matrix(try! Int8Tensor(quantizing: try! w.transposed()))
            for m in [1, 4, 16, 64, 256] {
                let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &rng) }
                var c = [Float](repeating: 0, count: m * n)
                func best(_ body: () -> Void) -> Double {
                    var fastest = Double.infinity
                    for _ in 0..<200 {
                        let start = DispatchTime.now().uptimeNanoseconds
                        body()
                        fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
                    }
                    return fastest
                }
                let (fl, i8, i8avx2) = a.withUnsafeBufferPointer { ap in
                    c.withUnsafeMutableBufferPointer { cp in
                        (best { sgemm(m: m, a: ap.baseAddress!, lda: k, packedB: packed, beta: 0, c: cp.baseAddress!, ldc: n, threads: 1) },
                         best { q.product(m: m, a: ap.baseAddress!, lda: k, accumulate: false, c: cp.baseAddress!, ldc: n) },
                         best { q.product(m: m, a: ap.baseAddress!, lda: k, accumulate: false, c: cp.baseAddress!, ldc: n, path: .avx2) })
                    }
                }
                let shape = "\(k)x\(n)".padding(toLength: 12, withPad: " ", startingAt: 0)
                Swift.print(shape + String(format: " %-5d %-10.2f %-18.2f %-7.2f %-13.2f %.2f", m, fl, i8, fl / i8, i8avx2, fl / i8avx2))
            }
        }
    }
}

private extension Tensor {
    func mapScalars(_ f: (Float) -> Float) -> Tensor {
        var t = self
        t.scalars = scalars.map(f)
        return t
    }
}
