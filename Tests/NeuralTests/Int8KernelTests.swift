import Testing
@testable import Neural

/// The int8 products: every path against the plain-C reference (same bits), and the reference
/// against the arithmetic written out in Swift and against the float product it approximates.
@Suite struct Int8KernelTests {
    static let shapes: [(m: Int, k: Int, n: Int)] = [(1, 128, 512), (3, 5, 37), (2, 129, 70), (7, 100, 512), (1, 1, 1), (5, 4, 16), (2, 256, 1024)]

    func product(_ q: Int8Matrix, _ a: [Float], m: Int, path: Int8KernelPath, accumulateOnto c0: [Float]? = nil) -> [Float] {
        var c = c0 ?? [Float](repeating: 0, count: m * q.columns)
        a.withUnsafeBufferPointer { ap in
            c.withUnsafeMutableBufferPointer { cp in
                q.product(m: m, a: ap.baseAddress!, lda: q.rows, accumulate: c0 != nil, c: cp.baseAddress!, ldc: q.columns, path: path)
            }
        }
        return c
    }

    @Test func everyPathGivesTheReferencesBits() throws {
        var rng = SplitMix(seed: 11)
        for s in Self.shapes {
            let w = try Int8Tensor(quantizing: rng.tensor([s.n, s.k]))
            let q = Int8Matrix(w)
            let a = (0..<(s.m * s.k)).map { _ in rng.uniform(2) }
            let reference = product(q, a, m: s.m, path: .naive)
            for path in Int8KernelPath.supported {
                #expect(product(q, a, m: s.m, path: path) == reference, "\(path) on \(s)")
            }
        }
    }

    @Test func accumulatingAddsToTheOutput() throws {
        var rng = SplitMix(seed: 12)
        let q = Int8Matrix(try Int8Tensor(quantizing: rng.tensor([40, 33])))
        let a = (0..<66).map { _ in rng.uniform() }
        let c0 = (0..<80).map { _ in rng.uniform() }
        let fresh = product(q, a, m: 2, path: .best)
        for path in Int8KernelPath.supported {
            let sum = product(q, a, m: 2, path: path, accumulateOnto: c0)
            #expect(zip(sum, zip(c0, fresh)).allSatisfy { $0 == $1.0 + $1.1 }, "\(path)")
        }
    }

    @Test func theKernelComputesTheArithmeticWrittenOutInSwift() throws {
        var rng = SplitMix(seed: 13)
        for s in Self.shapes {
            let w = try Int8Tensor(quantizing: rng.tensor([s.n, s.k]))
            let a = (0..<(s.m * s.k)).map { _ in rng.uniform(3) }
            let got = product(Int8Matrix(w), a, m: s.m, path: .best)
            for r in 0..<s.m {
                let expected = w.referenceProduct(Array(a[r * s.k..<(r + 1) * s.k]))
                #expect(Array(got[r * s.n..<(r + 1) * s.n]) == expected, "row \(r) of \(s)")
            }
        }
    }

    @Test func theInt8ProductIsCloseToTheFloatProduct() throws {
        var rng = SplitMix(seed: 14)
        let (k, n) = (128, 64)
        let wf = rng.tensor([n, k])
        let w = try Int8Tensor(quantizing: wf)
        let x = (0..<k).map { _ in rng.uniform() }
        let got = w.referenceProduct(x)
        var worst: Float = 0, largest: Float = 0
        for j in 0..<n {
            var exact: Float = 0
            for i in 0..<k { exact += x[i] * wf.scalars[j * k + i] }
            worst = max(worst, abs(got[j] - exact))
            largest = max(largest, abs(exact))
        }
        // Two roundings of at most half a step each: |Δ| ≲ Σ|x||w|·(1/254 + 1/254); well under 2 % of the outputs' size.
        #expect(worst < 0.02 * largest, "worst \(worst) of \(largest)")
        #expect(worst > 0, "an int8 product that matches float exactly was not quantised")
    }

    @Test func quantisationIsSymmetricPerChannelWithTheLargestWeightAt127() throws {
        let w = try Tensor(shape: [2, 3], scalars: [0.5, -1.0, 0.25, 0, 0, 0])
        let q = try Int8Tensor(quantizing: w)
        #expect(q.values == [64, -127, 32, 0, 0, 0])
        #expect(q.scales == [1.0 / 127, 0])
        let negated = try Int8Tensor(quantizing: try Tensor(shape: [2, 3], scalars: w.scalars.map { -$0 }))
        #expect(negated.values == q.values.map { -$0 })
    }

    @Test func quantisingNaNWeightsNamesThePosition() throws {
        let w = try Tensor(shape: [2, 2], scalars: [1, 2, .nan, 3])
        #expect { try Int8Tensor(quantizing: w) } throws: { "\($0)".contains("nan at [1, 0]") }
    }
}
