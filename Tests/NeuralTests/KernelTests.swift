import CKernels
import Foundation
import Testing
@testable import Neural

/// The optimised kernels against their references: every CKernels path and OpenBLAS against the
/// naive triple loop, on random shapes with odd sizes, both transposes, and alpha/beta.
@Suite struct KernelTests {
    /// One random product: stored A, B, C with padded leading dimensions.
    struct Product {
        let transA: Bool, transB: Bool
        let m: Int, n: Int, k: Int
        let alpha: Float, beta: Float
        let lda: Int, ldb: Int, ldc: Int
        var a: [Float], b: [Float], c: [Float]

        init(_ rng: inout SplitMix, m: Int, n: Int, k: Int, transA: Bool, transB: Bool,
             alpha: Float, beta: Float) {
            (self.m, self.n, self.k, self.transA, self.transB, self.alpha, self.beta) =
                (m, n, k, transA, transB, alpha, beta)
            lda = (transA ? m : k) + 3
            ldb = (transB ? k : n) + 1
            ldc = n + 2
            a = (0..<((transA ? k : m) * lda)).map { _ in rng.uniform() }
            b = (0..<((transB ? n : k) * ldb)).map { _ in rng.uniform() }
            c = (0..<(m * ldc)).map { _ in rng.uniform() }
        }

        /// C after running the product through `kernel` (on a copy of C).
        func run(_ kernel: GEMMKernel, threads: Int? = 1) -> [Float] {
            var out = c
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { c in
                        sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                              a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb, beta: beta,
                              c: c.baseAddress!, ldc: ldc, kernel: kernel, threads: threads)
                    }
                }
            }
            return out
        }

        /// C after the product with B pre-packed.
        func runPacked(_ kernel: GEMMKernel, threads: Int? = 1) -> [Float] {
            var out = c
            let packed = b.withUnsafeBufferPointer {
                PackedMatrix(transposed: transB, rows: k, columns: n, b: $0.baseAddress!, ldb: ldb)
            }
            a.withUnsafeBufferPointer { a in
                out.withUnsafeMutableBufferPointer { c in
                    sgemm(transA: transA, m: m, alpha: alpha, a: a.baseAddress!, lda: lda,
                          packedB: packed, beta: beta, c: c.baseAddress!, ldc: ldc,
                          kernel: kernel, threads: threads)
                }
            }
            return out
        }

        var label: String {
            "\(transA ? "T" : "N")\(transB ? "T" : "N") m=\(m) n=\(n) k=\(k) alpha=\(alpha) beta=\(beta)"
        }
    }

    /// Largest difference, counting the padding columns of C (which must stay untouched).
    static func maxDifference(_ x: [Float], _ y: [Float]) -> Float {
        zip(x, y).reduce(0) { worst, p in p.0.isNaN || p.1.isNaN ? .nan : max(worst, abs(p.0 - p.1)) }
    }

    /// Random shapes around the register tiles (14 × 32, 6 × 16), the direct small-m kernels
    /// (m ≤ 8) and the cache blocks (k > 256, n > 1024), with odd sizes everywhere.
    static func randomProducts(count: Int, seed: UInt64) -> [Product] {
        var rng = SplitMix(seed: seed)
        let ms = [1, 2, 3, 5, 8, 9, 13, 14, 15, 29, 47, 170]
        let ns = [1, 7, 15, 16, 17, 31, 33, 64, 100, 129, 1030]
        let ks = [1, 2, 7, 31, 100, 228, 257, 300]
        let alphas: [Float] = [1, -0.75, 2.5]
        let betas: [Float] = [0, 1, 0.5, -1.25]
        return (0..<count).map { i in
            let m = ms[Int(rng.next() % UInt64(ms.count))]
            var n = ns[Int(rng.next() % UInt64(ns.count))]
            let k = ks[Int(rng.next() % UInt64(ks.count))]
            if m * n * k > 2_000_000 { n = 33 }  // keep the debug-build reference fast
            return Product(&rng, m: m, n: n, k: k, transA: i % 2 == 1, transB: (i / 2) % 2 == 1,
                           alpha: alphas[i % 3], beta: betas[(i / 3) % 4])
        }
    }

    static let tolerance: Float = 1e-4

    @Test(arguments: [GEMMKernel.native, .nativeAVX2, .openBLAS, .automatic])
    func sgemmMatchesNaiveOnRandomShapes(kernel: GEMMKernel) {
        for p in Self.randomProducts(count: 48, seed: 7) {
            let d = Self.maxDifference(p.run(kernel), p.run(.naive))
            #expect(d <= Self.tolerance * Float(p.k).squareRoot(), "\(kernel) \(p.label): maxdiff \(d)")
        }
    }

    @Test(arguments: [GEMMKernel.native, .nativeAVX2, .naive])
    func packedSgemmMatchesNaiveOnRandomShapes(kernel: GEMMKernel) {
        for p in Self.randomProducts(count: 48, seed: 11) {
            let d = Self.maxDifference(p.runPacked(kernel), p.run(.naive))
            #expect(d <= Self.tolerance * Float(p.k).squareRoot(), "packed \(kernel) \(p.label): maxdiff \(d)")
        }
    }

    @Test func nativeMatchesOpenBLASOnTheEngineShapes() {
        // Scaled-down versions of the benchmark's products: a recurrent step, an input projection,
        // a streaming GEMV (m = 1), the seed model's 10-step projection.
        var rng = SplitMix(seed: 3)
        for (m, n, k) in [(64, 256, 64), (200, 128, 25), (1, 512, 228), (10, 512, 100), (10, 10, 64)] {
            let p = Product(&rng, m: m, n: n, k: k, transA: false, transB: false, alpha: 1, beta: 1)
            let d = Self.maxDifference(p.run(.native), p.run(.openBLAS))
            #expect(d <= Self.tolerance * Float(k).squareRoot(), "\(p.label): maxdiff \(d)")
        }
    }

    /// Both sides of the AVX-512 choice between the direct 6-row tiles (m ≤ 512, m·k ≤ 128 Ki, the
    /// training step's products: rows per core × [x, h] · W, dA · W_hᵀ, [x, h]ᵀ · dA) and the
    /// packed 14 × 32 tiles (larger op(A)), plain and pre-packed B, ragged rows and columns, and
    /// the few-column products of a Dense head (n ≤ 10: dot products, or Cᵀ = op(B)ᵀ·A).
    @Test(arguments: [GEMMKernel.native, .nativeAVX2])
    func directAndBlockedPathsMatchNaive(kernel: GEMMKernel) {
        var rng = SplitMix(seed: 13)
        let shapes: [(m: Int, n: Int, k: Int, transA: Bool)] = [
            (32, 130, 136, false), (32, 128, 300, false), (11, 64, 40, false), (17, 33, 5, true),
            (136, 70, 32, true), (265, 64, 32, true), (45, 1, 128, false), (128, 1, 250, true),
            (600, 1, 9, false), (520, 17, 9, false), (600, 20, 230, true), (260, 9, 600, false),
            (300, 9, 256, false), (256, 9, 300, true), (40, 10, 33, true), (41, 2, 17, false),
            (12, 7, 100, true), (90, 3, 64, false),
        ]
        for (i, s) in shapes.enumerated() {
            let p = Product(&rng, m: s.m, n: s.n, k: s.k, transA: s.transA, transB: i % 3 == 2,
                            alpha: i % 2 == 0 ? 1 : -0.75, beta: [0, 1, 0.5][i % 3])
            let reference = p.run(.naive), bound = Self.tolerance * Float(p.k).squareRoot()
            #expect(Self.maxDifference(p.run(kernel), reference) <= bound, "\(kernel) \(p.label)")
            #expect(Self.maxDifference(p.runPacked(kernel), reference) <= bound, "packed \(kernel) \(p.label)")
        }
        // op(B) = Bᵀ with a short inner extent (a Dense head's input gradient): k ≤ 16.
        for (i, (m, n, k)) in [(1920, 128, 1), (300, 70, 9), (45, 33, 16), (11, 256, 3), (200, 5, 17)].enumerated() {
            let p = Product(&rng, m: m, n: n, k: k, transA: i == 3, transB: true, alpha: 1, beta: [0, 0.5][i % 2])
            #expect(Self.maxDifference(p.run(kernel), p.run(.naive)) <= Self.tolerance * Float(k).squareRoot(),
                    "\(kernel) \(p.label)")
        }
    }

    /// Packing B (vector copies and gathers on AVX-512) gives exactly the documented panel
    /// layout: panel q, row p, lane j = op(B)[p, 32q + j], zero past n.
    @Test(arguments: [false, true])
    func packingGivesThePanelLayout(transposed: Bool) {
        var rng = SplitMix(seed: 17)
        for (k, n) in [(1, 1), (7, 33), (512, 128), (300, 70), (5, 16), (3, 48), (1024, 300)] {  // last: per core
            let ldb = (transposed ? k : n) + 3
            let b = (0..<((transposed ? n : k) * ldb)).map { _ in rng.uniform() }
            let packed = b.withUnsafeBufferPointer {
                PackedMatrix(transposed: transposed, rows: k, columns: n, b: $0.baseAddress!, ldb: ldb)
            }
            var mismatches = 0
            for q in 0..<((n + 31) / 32) {
                for p in 0..<k {
                    for j in 0..<32 {
                        let col = 32 * q + j
                        let expected: Float = col >= n ? 0 : transposed ? b[col * ldb + p] : b[p * ldb + col]
                        if packed.storage[q * 32 * k + p * 32 + j] != expected { mismatches += 1 }
                    }
                }
            }
            #expect(mismatches == 0, "transposed \(transposed) k=\(k) n=\(n): \(mismatches) packed elements differ")
        }
    }

    /// Packing [top; bottom] from the two matrices equals packing the stacked copy.
    @Test func packingTwoStackedMatricesEqualsPackingTheirCopy() {
        var rng = SplitMix(seed: 19)
        for (k1, k2, n) in [(8, 128, 512), (9, 256, 70), (0, 5, 33), (3, 0, 1), (9, 256, 1030)] {
            let ldb = n + 2
            let top = (0..<(k1 * ldb)).map { _ in rng.uniform() }, bottom = (0..<(k2 * ldb)).map { _ in rng.uniform() }
            let both = top + bottom
            let stacked = top.withUnsafeBufferPointer { t in
                bottom.withUnsafeBufferPointer { b in
                    PackedMatrix(stacking: t.baseAddress!, rows: k1, over: b.baseAddress!, rows: k2, columns: n, ldb: ldb)
                }
            }
            let copied = both.withUnsafeBufferPointer { PackedMatrix(rows: k1 + k2, columns: n, b: $0.baseAddress!, ldb: ldb) }
            let count = ck_packed_b_count(k1 + k2, n)
            let differ = (0..<count).filter { stacked.storage[$0] != copied.storage[$0] }.count
            #expect(differ == 0, "k1=\(k1) k2=\(k2) n=\(n): \(differ) elements differ")
        }
    }

    @Test func splittingAcrossThreadsGivesTheSameProduct() {
        var rng = SplitMix(seed: 5)
        for (m, n, k, tb) in [(300, 70, 100, false), (40, 1000, 60, true), (255, 255, 33, false)] {
            let p = Product(&rng, m: m, n: n, k: k, transA: false, transB: tb, alpha: 1.5, beta: 0.5)
            let one = p.run(.native, threads: 1), two = p.run(.native, threads: 2)
            #expect(Self.maxDifference(one, two) == 0, "\(p.label): threads change the result")
            #expect(Self.maxDifference(p.runPacked(.native, threads: 2), one) <= Self.tolerance,
                    "\(p.label): packed, 2 threads")
        }
    }

    @Test(arguments: [GEMMKernel.native, .nativeAVX2, .openBLAS, .naive])
    func betaZeroNeverReadsC(kernel: GEMMKernel) {
        var rng = SplitMix(seed: 9)
        for (m, n, k) in [(1, 40, 9), (5, 17, 3), (30, 33, 20)] {
            var p = Product(&rng, m: m, n: n, k: k, transA: false, transB: false, alpha: 1, beta: 0)
            p.c = [Float](repeating: .nan, count: p.c.count)
            let out = p.run(kernel)
            let valid = (0..<m).flatMap { i in out[i * p.ldc..<i * p.ldc + n] }
            #expect(valid.allSatisfy { !$0.isNaN }, "\(kernel) \(p.label): NaN leaked from C")
        }
    }

    @Test(arguments: [GEMMKernel.native, .openBLAS, .naive])
    func emptyInnerExtentScalesCByBeta(kernel: GEMMKernel) {
        var rng = SplitMix(seed: 1)
        let p = Product(&rng, m: 3, n: 5, k: 0, transA: false, transB: false, alpha: 1, beta: 0.5)
        let out = p.run(kernel)
        for i in 0..<3 { for j in 0..<5 { #expect(out[i * p.ldc + j] == 0.5 * p.c[i * p.ldc + j]) } }
    }

    @Test func sigmoidAndTanhAreWithinAMillionthOfLibm() {
        var xs: [Float] = [0, -0.0, 1e-30, -1e-8, 0.6249, 0.625, 0.6251, 9, -9, 20, 80, -80]
        var rng = SplitMix(seed: 2)
        for _ in 0..<5000 { xs.append(rng.uniform(12)) }
        for _ in 0..<1000 { xs.append(rng.uniform(1) * Float(pow(10.0, Double(rng.uniform(6))))) }
        var s = xs, t = xs
        s.withUnsafeMutableBufferPointer { sigmoidVectorized($0.baseAddress!, count: $0.count) }
        t.withUnsafeMutableBufferPointer { tanhVectorized($0.baseAddress!, count: $0.count) }
        var worstS: Double = 0, worstT: Double = 0
        for (i, x) in xs.enumerated() where abs(x) < 80 {
            let refS = 1 / (1 + Foundation.exp(-Double(x))), refT = Foundation.tanh(Double(x))
            worstS = max(worstS, abs(Double(s[i]) - refS) / refS)
            if refT != 0 { worstT = max(worstT, abs(Double(t[i]) - refT) / abs(refT)) }
            else { #expect(t[i] == 0) }
        }
        print("sigmoid maxrel=\(worstS) tanh maxrel=\(worstT)")
        #expect(worstS < 1e-6)
        #expect(worstT < 1e-6)
    }

    @Test func activationsPropagateNaNAndSaturateAtInfinity() {
        var s: [Float] = [.nan, .infinity, -.infinity], t = s
        s.withUnsafeMutableBufferPointer { sigmoidVectorized($0.baseAddress!, count: 3) }
        t.withUnsafeMutableBufferPointer { tanhVectorized($0.baseAddress!, count: 3) }
        #expect(s[0].isNaN && t[0].isNaN)
        #expect(s[1] == 1 && s[2] < 1e-37)
        #expect(t[1] == 1 && t[2] == -1)
    }

    @Test func fusedLSTMCellMatchesItsReference() {
        var rng = SplitMix(seed: 4)
        for (batch, hidden) in [(1, 1), (1, 128), (3, 17), (2, 64), (5, 33)] {
            let zStride = 4 * hidden + 3, cStride = hidden + 1, hStride = hidden + 2
            let z = (0..<(batch * zStride)).map { _ in rng.uniform(4) }
            let bias = (0..<(4 * hidden)).map { _ in rng.uniform() }
            let c0 = (0..<(batch * cStride)).map { _ in rng.uniform(2) }
            for withBias in [false, true] {
                var (c1, c2) = (c0, c0)
                var h1 = [Float](repeating: 7, count: batch * hStride), h2 = h1
                bias.withUnsafeBufferPointer { b in
                    lstmCellUpdate(batch: batch, hidden: hidden, z: z, zStride: zStride,
                                   bias: withBias ? b.baseAddress : nil, c: &c1, cStride: cStride,
                                   h: &h1, hStride: hStride)
                    lstmCellUpdate(batch: batch, hidden: hidden, z: z, zStride: zStride,
                                   bias: withBias ? b.baseAddress : nil, c: &c2, cStride: cStride,
                                   h: &h2, hStride: hStride, reference: true)
                }
                let d = max(Self.maxDifference(c1, c2), Self.maxDifference(h1, h2))
                #expect(d <= 1e-6, "LSTM cell batch=\(batch) H=\(hidden) bias=\(withBias): maxdiff \(d)")
            }
        }
    }

    @Test func fusedGRUCellMatchesItsReference() {
        var rng = SplitMix(seed: 6)
        for (batch, hidden) in [(1, 1), (1, 128), (3, 17), (4, 40)] {
            let pStride = 3 * hidden + 1, qStride = 3 * hidden + 5, hStride = hidden + 3
            let p = (0..<(batch * pStride)).map { _ in rng.uniform(3) }
            let q = (0..<(batch * qStride)).map { _ in rng.uniform(3) }
            let bias = (0..<(3 * hidden)).map { _ in rng.uniform() }
            let h0 = (0..<(batch * hStride)).map { _ in rng.uniform() }
            var (h1, h2) = (h0, h0)
            bias.withUnsafeBufferPointer { b in
                gruCellUpdate(batch: batch, hidden: hidden, p: p, pStride: pStride, q: q,
                              qStride: qStride, bias: b.baseAddress, h: &h1, hStride: hStride)
                gruCellUpdate(batch: batch, hidden: hidden, p: p, pStride: pStride, q: q,
                              qStride: qStride, bias: b.baseAddress, h: &h2, hStride: hStride,
                              reference: true)
            }
            let d = Self.maxDifference(h1, h2)
            #expect(d <= 1e-6, "GRU cell batch=\(batch) H=\(hidden): maxdiff \(d)")
        }
    }

    @Test func thisCPUReportsItsKernelPath() {
        // The path is a fact of the machine; the test pins that detection and naming agree.
        let path = CKernelPath.best
        #expect(String(cString: ck_path_name(path.c)) == path.rawValue)
    }
}
