import CKernels
import Testing
@testable import Neural

/// The fused training gate kernels against their plain-C references, and the training passes
/// split across cores (rows of the batch per core, whole time loop) against the one-part pass.
@Suite struct TrainingSplitTests {
    static func random(_ count: Int, _ rng: inout SplitMix, scale: Float = 2) -> [Float] {
        (0..<count).map { _ in rng.uniform(scale) }
    }

    static func maxDiff(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    static let paths: [ck_path] = [CK_PATH_AVX2, CK_PATH_AVX512]

    /// Odd widths exercise the masked tails; the row strides exceed the widths.
    @Test(arguments: [1, 5, 16, 37])
    func lstmKernelsMatchReference(hidden H: Int) {
        var rng = SplitMix(seed: UInt64(100 + H))
        let (n, lda, ld) = (3, 4 * H + 3, H + 2)
        let a0 = Self.random(n * lda, &rng, scale: 4), cPrev = Self.random(n * ld, &rng)
        let dout = Self.random(n * ld, &rng), dh = Self.random(n * ld, &rng), dc0 = Self.random(n * ld, &rng)
        let bias = Self.random(4 * H, &rng), db0 = Self.random(n * lda, &rng)
        func forward(_ path: ck_path?) -> [[Float]] {
            var a = a0, cn = [Float](repeating: 0, count: n * ld), tc = cn, h = cn
            if let path {
                ck_lstm_train_forward(path, n, H, &a, lda, bias, cPrev, &cn, &tc, &h, ld)
            } else {
                ck_lstm_train_forward_naive(n, H, &a, lda, bias, cPrev, &cn, &tc, &h, ld)
            }
            var dc = dc0, da = [Float](repeating: 0, count: n * lda), db = db0
            if let path {
                ck_lstm_train_backward(path, n, H, a, lda, cPrev, tc, dout, dh, &dc, &da, &db, ld)
            } else {
                ck_lstm_train_backward_naive(n, H, a, lda, cPrev, tc, dout, dh, &dc, &da, &db, ld)
            }
            return [a, cn, tc, h, dc, da, db]
        }
        let reference = forward(nil)
        for path in Self.paths {
            for (k, (got, want)) in zip(forward(path), reference).enumerated() {
                let d = Self.maxDiff(got, want)
                #expect(d < 2e-5, "LSTM kernel path \(path.rawValue) output \(k): maxdiff \(d)")
            }
        }
    }

    @Test(arguments: [1, 5, 16, 37])
    func gruKernelsMatchReference(hidden H: Int) {
        var rng = SplitMix(seed: UInt64(200 + H))
        let (n, ldg, ld) = (3, 3 * H + 1, H + 3)
        let (ro, zo, no) = (H, 0, 2 * H)  // Keras order z, r, h
        let x0 = Self.random(n * ldg, &rng, scale: 3), q = Self.random(n * ldg, &rng, scale: 3)
        let hPrev = Self.random(n * ld, &rng), dout = Self.random(n * ld, &rng), dh0 = Self.random(n * ld, &rng)
        let bias = Self.random(3 * H, &rng), dbx0 = Self.random(n * ldg, &rng), dbh0 = Self.random(n * ldg, &rng)
        func run(_ path: ck_path?) -> [[Float]] {
            var x = x0, h = [Float](repeating: 0, count: n * ld)
            if let path {
                ck_gru_train_forward(path, n, H, ro, zo, no, &x, bias, q, ldg, hPrev, &h, ld)
            } else {
                ck_gru_train_forward_naive(n, H, ro, zo, no, &x, bias, q, ldg, hPrev, &h, ld)
            }
            var dh = dh0, dax = [Float](repeating: 0, count: n * ldg), dah = dax, dbx = dbx0, dbh = dbh0
            if let path {
                ck_gru_train_backward(path, n, H, ro, zo, no, x, q, ldg, hPrev, dout, &dh, &dax, &dah, &dbx, &dbh, ld)
            } else {
                ck_gru_train_backward_naive(n, H, ro, zo, no, x, q, ldg, hPrev, dout, &dh, &dax, &dah, &dbx, &dbh, ld)
            }
            return [x, h, dh, dax, dah, dbx, dbh]
        }
        let reference = run(nil)
        for path in Self.paths {
            for (k, (got, want)) in zip(run(path), reference).enumerated() {
                let d = Self.maxDiff(got, want)
                #expect(d < 2e-5, "GRU kernel path \(path.rawValue) output \(k): maxdiff \(d)")
            }
        }
    }

    @Test(arguments: [1, 15, 16, 67])
    func adamAndSumOfSquaresMatchReference(count n: Int) {
        var rng = SplitMix(seed: UInt64(300 + n))
        let w0 = Self.random(n, &rng), g = Self.random(n, &rng), m0 = Self.random(n, &rng)
        let v0 = Self.random(n, &rng).map { $0 * $0 }
        var (w, m, v) = (w0, m0, v0)
        ck_adam_update_naive(n, &w, g, &m, &v, 0.7, 0.9, 0.999, 3e-3, 0.05, 1e-8)
        for path in Self.paths {
            var (wp, mp, vp) = (w0, m0, v0)
            ck_adam_update(path, n, &wp, g, &mp, &vp, 0.7, 0.9, 0.999, 3e-3, 0.05, 1e-8)
            for (k, (got, want)) in zip([wp, mp, vp], [w, m, v]).enumerated() {
                let d = Self.maxDiff(got, want)
                #expect(d < 1e-6, "Adam path \(path.rawValue) state \(k): maxdiff \(d)")
            }
            let s = ck_sum_squares(path, n, g), r = ck_sum_squares_naive(n, g)
            #expect(abs(s - r) <= 1e-6 * r, "sum of squares path \(path.rawValue): \(s) vs \(r)")
        }
    }

    /// Everything one LSTM tape pass produces: outputs, final c, gradients, ∂h_0, ∂c_0.
    /// - Parameter reference: run `LSTMReferencePass` on the same inputs instead of the tape.
    static func lstmPass(batch N: Int, parts: Int, sequences: Bool, reference: Bool = false,
                         steps T: Int = 6, hidden H: Int = 20, zeroState: Bool = false,
                         initialHiddenGradient: Bool = true) -> [[Float]] {
        var rng = SplitMix(seed: 7)
        let F = 5
        let G = 4 * H
        let x = random(T * N * F, &rng), wx = random(F * G, &rng, scale: 0.3), wh = random(H * G, &rng, scale: 0.3)
        let bx = random(G, &rng), bh = random(G, &rng), h0 = random(N * H, &rng), c0 = random(N * H, &rng)
        let dOut = random(T * N * H, &rng)
        let dLast = Array(dOut[0..<(N * H)])
        if reference {
            return LSTMReferencePass.run(
                x: x, steps: T, batch: N, inputSize: F, hiddenSize: H, wx: wx, wh: wh, bx: bx, bh: bh,
                h0: zeroState ? nil : h0, c0: zeroState ? nil : c0, dOutputs: sequences ? dOut : nil,
                dLast: sequences ? nil : dLast)
        }
        let tape = LSTMTape()
        tape.rowParts = parts
        tape.initialHiddenGradient = initialHiddenGradient
        tape.forward(x: x, steps: T, batch: N, inputSize: F, hiddenSize: H, wx: wx, wh: wh, bx: bx, bh: bh,
                     h0: zeroState ? nil : h0, c0: zeroState ? nil : c0)
        let out = Array(UnsafeBufferPointer(start: tape.outputs, count: T * N * H))
        let lastC = Array(UnsafeBufferPointer(start: tape.lastCell, count: N * H))
        var dwx = [Float](repeating: 0, count: F * G), dwh = [Float](repeating: 0, count: H * G)
        var dbx = [Float](repeating: 0, count: G), dbh = dbx, dX = [Float](repeating: 0, count: T * N * F)
        tape.backward(dOutputs: sequences ? dOut : nil, dLastHidden: sequences ? nil : dLast, dLastCell: nil,
                      wx: wx, wh: wh, dWx: &dwx, dWh: &dwh, dbx: &dbx, dbh: &dbh, dX: &dX)
        return [out, lastC, dwx, dwh, dbx, dbh, dX, tape.dh.array, tape.dc.array]
    }

    static func gruPass(batch N: Int, parts: Int, resetAfter: Bool = true) -> [[Float]] {
        var rng = SplitMix(seed: 8)
        let (T, F, H) = (6, 5, 20)
        let G = 3 * H
        let x = random(T * N * F, &rng), wx = random(F * G, &rng, scale: 0.3), wh = random(H * G, &rng, scale: 0.3)
        let bx = random(G, &rng), bh = random(G, &rng), h0 = random(N * H, &rng)
        let dOut = random(T * N * H, &rng)
        let tape = GRUTape()
        tape.resetAfter = resetAfter
        tape.rowParts = parts
        tape.forward(x: x, steps: T, batch: N, inputSize: F, hiddenSize: H, wx: wx, wh: wh, bx: bx, bh: bh, h0: h0)
        let out = Array(UnsafeBufferPointer(start: tape.outputs, count: T * N * H))
        var dwx = [Float](repeating: 0, count: F * G), dwh = [Float](repeating: 0, count: H * G)
        var dbx = [Float](repeating: 0, count: G), dbh = dbx, dX = [Float](repeating: 0, count: T * N * F)
        tape.backward(dOutputs: dOut, dLastHidden: nil, wx: wx, wh: wh, dWx: &dwx, dWh: &dwh, dbx: &dbx, dbh: &dbh, dX: &dX)
        return [out, dwx, dwh, dbx, dbh, dX, tape.dh.array]
    }

    /// Each row does the same arithmetic whichever part runs it: bit-identical results, except
    /// the weight and bias gradients of the backward pass (results 2 to 5), which sum per-part
    /// partials: equal within float rounding.
    @Test(arguments: [1, 3, 7, 20, 33])
    func lstmSplitEqualsOnePart(batch: Int) {
        for sequences in [true, false] {
            let one = Self.lstmPass(batch: batch, parts: 1, sequences: sequences)
            for parts in [2, 3] {
                let split = Self.lstmPass(batch: batch, parts: parts, sequences: sequences)
                for (k, (a, b)) in zip(split, one).enumerated() {
                    let what = "LSTM N=\(batch) parts=\(parts) sequences=\(sequences) result \(k)"
                    if (2...5).contains(k) {
                        #expect(Self.maxDiff(a, b) <= 1e-5 * max(1, b.map(abs).max() ?? 0), "\(what): \(Self.maxDiff(a, b))")
                    } else {
                        #expect(a == b, "\(what) differs: \(Self.maxDiff(a, b))")
                    }
                }
            }
        }
    }

    /// The tape (weight and input gradients step by step) against the double-precision reference.
    @Test(arguments: [1, 7, 33])
    func lstmTapeMatchesTheReferencePass(batch: Int) {
        for sequences in [true, false] {
            let plain = Self.lstmPass(batch: batch, parts: 1, sequences: sequences, reference: true)
            for parts in [1, 2] {
                let fused = Self.lstmPass(batch: batch, parts: parts, sequences: sequences)
                for (k, (a, b)) in zip(fused, plain).enumerated() {
                    let d = Self.maxDiff(a, b), scale = max(1, b.map(abs).max() ?? 0)
                    #expect(d <= 1e-5 * scale, "LSTM N=\(batch) parts=\(parts) sequences=\(sequences) result \(k): \(d)")
                }
            }
        }
    }

    /// The tape's special cases against the reference pass: no initial state (step 0 skips
    /// the W_h rows, also when it ends a group of timesteps alone: T = 1, 5, 9), and partials
    /// large enough (H = 184: 139k weights) to be summed on two cores.
    @Test(arguments: [(5, 20, true), (1, 20, true), (9, 20, true), (6, 184, true), (5, 184, false)])
    func lstmTapeSpecialCasesMatchTheReferencePass(steps: Int, hidden: Int, zeroState: Bool) {
        let plain = Self.lstmPass(batch: 8, parts: 1, sequences: true, reference: true, steps: steps, hidden: hidden,
                                  zeroState: zeroState)
        for parts in [1, 2] {
            let fused = Self.lstmPass(batch: 8, parts: parts, sequences: true, steps: steps, hidden: hidden,
                                      zeroState: zeroState)
            for (k, (a, b)) in zip(fused, plain).enumerated() {
                let d = Self.maxDiff(a, b), scale = max(1, b.map(abs).max() ?? 0)
                #expect(d <= 1e-5 * scale, "T=\(steps) H=\(hidden) zero state \(zeroState) parts=\(parts) result \(k): \(d)")
            }
        }
    }

    /// Leaving out ∂L/∂h_{-1} (what the layers do) changes no other result.
    @Test func skippingTheInitialHiddenGradientChangesNothingElse() {
        for parts in [1, 2] {
            let all = Self.lstmPass(batch: 8, parts: parts, sequences: true)
            let skipped = Self.lstmPass(batch: 8, parts: parts, sequences: true, initialHiddenGradient: false)
            for k in 0..<7 { #expect(all[k] == skipped[k], "parts=\(parts) result \(k): \(Self.maxDiff(all[k], skipped[k]))") }
            #expect(all[8] == skipped[8], "parts=\(parts): ∂L/∂c_0")
        }
    }

    /// Sequence lengths (rows stop at their length, the tape reordered by length) against the
    /// padded pass whose ∂L/∂outputs are zero past each length: the same outputs up to each
    /// length (zero after), final states, input gradients and, within float rounding, weight
    /// gradients; for a layer that returns its last state, ∂L/∂h enters at each row's last step.
    @Test(arguments: [(1, 1), (7, 2), (9, 3), (33, 2)])
    func lstmSequenceLengthsMatchThePaddedPass(batch N: Int, parts: Int) {
        let (T, F, H) = (6, 5, 20)
        let G = 4 * H
        for (zeroState, sequences) in [(true, true), (false, true), (true, false)] {
            var rng = SplitMix(seed: UInt64(40 + N))
            let x = Self.random(T * N * F, &rng), wx = Self.random(F * G, &rng, scale: 0.3)
            let wh = Self.random(H * G, &rng, scale: 0.3), bx = Self.random(G, &rng), bh = Self.random(G, &rng)
            let h0 = Self.random(N * H, &rng), c0 = Self.random(N * H, &rng), dAll = Self.random(T * N * H, &rng)
            let lengths = (0..<N).map { r in r == 0 ? T : r == 1 ? 0 : Int(rng.next() % UInt64(T + 1)) }
            // The gradient each row gets: at every step up to its length, or only at its last step.
            var dOut = [Float](repeating: 0, count: T * N * H)
            for r in 0..<N {
                for t in 0..<lengths[r] where sequences || t == lengths[r] - 1 {
                    for j in 0..<H { dOut[(t * N + r) * H + j] = dAll[(t * N + r) * H + j] }
                }
            }
            func run(_ lengths: [Int]?) -> (out: [Float], h: [Float], c: [Float], grads: [[Float]]) {
                let tape = LSTMTape()
                tape.rowParts = parts
                tape.forward(x: x, steps: T, batch: N, inputSize: F, hiddenSize: H, wx: wx, wh: wh, bx: bx, bh: bh,
                             h0: zeroState ? nil : h0, c0: zeroState ? nil : c0, lengths: lengths)
                var dwx = [Float](repeating: 0, count: F * G), dwh = [Float](repeating: 0, count: H * G)
                var dbx = [Float](repeating: 0, count: G), dbh = dbx, dX = [Float](repeating: 0, count: T * N * F)
                let out = tape.outputsInBatchOrder(), (hT, cT) = tape.lastStatesInBatchOrder()
                if lengths != nil && !sequences {
                    // The layer's ∂L/∂(last state) (N, H), in batch order.
                    var dLast = [Float](repeating: 0, count: N * H)
                    for r in 0..<N where lengths![r] > 0 {
                        for j in 0..<H { dLast[r * H + j] = dOut[((lengths![r] - 1) * N + r) * H + j] }
                    }
                    tape.backward(dOutputs: nil, dLastHidden: dLast, dLastCell: nil, wx: wx, wh: wh, dWx: &dwx,
                                  dWh: &dwh, dbx: &dbx, dbh: &dbh, dX: &dX)
                } else {
                    tape.backward(dOutputs: dOut, dLastHidden: nil, dLastCell: nil, wx: wx, wh: wh, dWx: &dwx,
                                  dWh: &dwh, dbx: &dbx, dbh: &dbh, dX: &dX)
                }
                return (out, hT, cT, [dwx, dwh, dbx, dbh, dX])
            }
            let padded = run(nil), stopped = run(lengths)
            let what = "N=\(N) parts=\(parts) zero state \(zeroState) sequences \(sequences)"
            for r in 0..<N {
                for t in 0..<T {
                    let row = (t * N + r) * H
                    let want = t < lengths[r] ? Array(padded.out[row..<row + H]) : [Float](repeating: 0, count: H)
                    #expect(Array(stopped.out[row..<row + H]) == want, "\(what): output row \(r) step \(t)")
                }
                // The padded pass's state after step lengths[r] − 1: its output there, or h_{-1}.
                let L = lengths[r]
                let wantH = L > 0 ? Array(padded.out[((L - 1) * N + r) * H..<((L - 1) * N + r + 1) * H])
                    : zeroState ? [Float](repeating: 0, count: H) : Array(h0[r * H..<(r + 1) * H])
                #expect(Array(stopped.h[r * H..<(r + 1) * H]) == wantH, "\(what): last state of row \(r)")
            }
            for (k, (a, b)) in zip(stopped.grads, padded.grads).enumerated() {
                let d = Self.maxDiff(a, b), scale = max(1, b.map(abs).max() ?? 0)
                #expect(d <= 1e-5 * scale, "\(what): gradient \(k) differs by \(d)")
            }
        }
    }

    /// A Dense head large enough to be split (its rows across the cores forward, dW and dX on
    /// one core each backward) against plain loops in double precision.
    @Test(arguments: [true, false])
    func largeDenseHeadMatchesPlainLoops(needsInputGradient: Bool) throws {
        var rng = SeededGenerator(seed: 9)
        let (rows, F, U) = (1100, 128, 3)
        #expect(rows * F >= TrainableDense.splitElements)
        let layer = TrainableDense(units: U, inputSize: F, initialization: .pytorch, rng: &rng)
        var split = SplitMix(seed: 10)
        let x = try Tensor(shape: [rows, F], scalars: Self.random(rows * F, &split))
        let g = try Tensor(shape: [rows, U], scalars: Self.random(rows * U, &split))
        let y = try layer.forward(x, training: true)
        let dX = try layer.backward(g, needsInputGradient: needsInputGradient)
        let (w, b) = (layer.kernel.value.scalars, layer.bias.value.scalars)
        var worst: Double = 0
        for r in 0..<rows {
            for u in 0..<U {
                var s = Double(b[u])
                for f in 0..<F { s += Double(x.scalars[r * F + f]) * Double(w[f * U + u]) }
                worst = max(worst, abs(s - Double(y.scalars[r * U + u])))
            }
        }
        for f in 0..<F {
            for u in 0..<U {
                var s = 0.0
                for r in 0..<rows { s += Double(x.scalars[r * F + f]) * Double(g.scalars[r * U + u]) }
                worst = max(worst, abs(s - Double(layer.kernel.gradient.scalars[f * U + u])) / max(1, abs(s)))
            }
        }
        for u in 0..<U {
            let s = (0..<rows).reduce(0.0) { $0 + Double(g.scalars[$1 * U + u]) }
            worst = max(worst, abs(s - Double(layer.bias.gradient.scalars[u])) / max(1, abs(s)))
        }
        if let dX {
            for r in 0..<rows {
                for f in 0..<F {
                    let s = (0..<U).reduce(0.0) { $0 + Double(g.scalars[r * U + $1]) * Double(w[f * U + $1]) }
                    worst = max(worst, abs(s - Double(dX.scalars[r * F + f])))
                }
            }
        } else {
            #expect(!needsInputGradient)
        }
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    @Test(arguments: [1, 3, 7, 20, 33])
    func gruSplitEqualsOnePart(batch: Int) {
        for resetAfter in [true, false] {
            let one = Self.gruPass(batch: batch, parts: 1, resetAfter: resetAfter)
            for parts in [2, 3] {
                let split = Self.gruPass(batch: batch, parts: parts, resetAfter: resetAfter)
                for (k, (a, b)) in zip(split, one).enumerated() {
                    let what = "GRU N=\(batch) parts=\(parts) resetAfter=\(resetAfter) result \(k)"
                    if resetAfter && (1...4).contains(k) {
                        // dW and db of the fused pass sum per-part partials: within float rounding.
                        #expect(Self.maxDiff(a, b) <= 1e-5 * max(1, b.map(abs).max() ?? 0), "\(what): \(Self.maxDiff(a, b))")
                    } else {
                        #expect(a == b, "\(what) differs: \(Self.maxDiff(a, b))")
                    }
                }
            }
        }
    }
}
