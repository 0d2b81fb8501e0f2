import Foundation
import Testing
@testable import Neural

/// Tracing: the gates it records against the equations computed naively from the weights, and
/// the states it records against the untraced forward pass, bit for bit.
@Suite struct TracingTests {
    /// The signals of one cell over a sequence, straight from the equations in Double, one sample
    /// and one dot product at a time: key → (N, T, H) row-major.
    static func naiveSignals<C: RecurrentCell>(
        _ cell: C, _ x: Tensor, initial: RecurrentState?, reverse: Bool
    ) -> [String: [Float]] {
        let (n, t, f, hs) = (x.shape[0], x.shape[1], cell.inputSize, cell.hiddenSize)
        let gh = C.gateCount * hs
        let wx = cell.inputKernel.scalars, wh = cell.recurrentKernel.scalars
        let bx = cell.inputBias.scalars, bh = cell.recurrentBias.scalars
        func σ(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
        var out: [String: [Float]] = [:]
        func record(_ key: String, _ b: Int, _ s: Int, _ j: Int, _ v: Double) {
            out[key, default: [Float](repeating: 0, count: n * t * hs)][(b * t + s) * hs + j] = Float(v)
        }
        for b in 0..<n {
            var h = (0..<hs).map { j in Double(initial?.h.scalars[b * hs + j] ?? 0) }
            var c = (0..<hs).map { j in Double(initial?.c?.scalars[b * hs + j] ?? 0) }
            for k in 0..<t {
                let s = reverse ? t - 1 - k : k
                let xs = (0..<f).map { Double(x.scalars[(b * t + s) * f + $0]) }
                func inputPart(_ col: Int) -> Double {
                    (0..<f).reduce(Double(bx[col])) { $0 + xs[$1] * Double(wx[$1 * gh + col]) }
                }
                func recurrentPart(_ col: Int, _ v: [Double]) -> Double {
                    (0..<hs).reduce(Double(bh[col])) { $0 + v[$1] * Double(wh[$1 * gh + col]) }
                }
                if let gru = cell as? GRU {
                    let r = (0..<hs).map { σ(inputPart($0) + recurrentPart($0, h)) }
                    let z = (0..<hs).map { σ(inputPart(hs + $0) + recurrentPart(hs + $0, h)) }
                    let rh = zip(r, h).map { $0 * $1 }
                    let cand = (0..<hs).map { j in
                        gru.resetAfter ? Foundation.tanh(inputPart(2 * hs + j) + r[j] * recurrentPart(2 * hs + j, h))
                            : Foundation.tanh(inputPart(2 * hs + j) + recurrentPart(2 * hs + j, rh))
                    }
                    h = (0..<hs).map { (1 - z[$0]) * cand[$0] + z[$0] * h[$0] }
                    for j in 0..<hs {
                        record("r", b, s, j, r[j]); record("z", b, s, j, z[j])
                        record("n", b, s, j, cand[j]); record("h", b, s, j, h[j])
                    }
                } else {
                    let pre = (0..<gh).map { inputPart($0) + recurrentPart($0, h) }
                    for j in 0..<hs {
                        let (i, fg, g, o) = (σ(pre[j]), σ(pre[hs + j]), Foundation.tanh(pre[2 * hs + j]), σ(pre[3 * hs + j]))
                        c[j] = fg * c[j] + i * g
                        h[j] = o * Foundation.tanh(c[j])
                        record("i", b, s, j, i); record("f", b, s, j, fg); record("g", b, s, j, g)
                        record("o", b, s, j, o); record("c", b, s, j, c[j]); record("h", b, s, j, h[j])
                    }
                }
            }
        }
        return out
    }

    /// Every traced signal within 1e-5 of the naive equations, for both directions and with and
    /// without an initial state.
    func checkSignalsMatchNaive<C: GateTracing>(_ cell: C, _ rng: inout SplitMix, keys: [String]) throws {
        let (n, t) = (3, 7)
        let x = rng.tensor([n, t, cell.inputSize], scale: 1.5)
        let initial = RecurrentState(h: rng.tensor([n, cell.hiddenSize]),
                                     c: C.hasCellState ? rng.tensor([n, cell.hiddenSize]) : nil)
        for (reverse, state) in [(false, nil), (true, initial)] as [(Bool, RecurrentState?)] {
            let traced = try cell.tracedForward(x, initialState: state, reverse: reverse)
            let naive = Self.naiveSignals(cell, x, initial: state, reverse: reverse)
            #expect(traced.signals.map(\.key) == keys)
            for signal in traced.signals {
                #expect(signal.values.shape == [n, t, cell.hiddenSize])
                let expected = try Tensor(shape: [n, t, cell.hiddenSize], scalars: try #require(naive[signal.key]))
                expectClose(signal.values, expected, "\(C.kindName) \(signal.name) reverse=\(reverse)", tolerance: 1e-5)
            }
        }
    }

    @Test func lstmGatesCandidateAndStatesMatchTheEquations() throws {
        var rng = SplitMix(seed: 11)
        try checkSignalsMatchNaive(RecurrentCellTests.lstm(&rng, f: 5, h: 6), &rng, keys: ["i", "f", "g", "o", "c", "h"])
    }

    @Test func gruGatesCandidateAndStateMatchTheEquations() throws {
        var rng = SplitMix(seed: 12)
        try checkSignalsMatchNaive(RecurrentCellTests.gru(&rng, f: 5, h: 6, resetAfter: true), &rng, keys: ["r", "z", "n", "h"])
    }

    @Test func gruResetBeforeGatesMatchTheEquations() throws {
        var rng = SplitMix(seed: 13)
        try checkSignalsMatchNaive(RecurrentCellTests.gru(&rng, f: 5, h: 6, resetAfter: false), &rng, keys: ["r", "z", "n", "h"])
    }

    /// The recorded h (and c) and the output equal the untraced forward bit for bit, on shapes
    /// that take the untraced run through its two-core batch-1 path (H = 64), its per-step
    /// projections (a long sequence) and its batch split (N = 64).
    func checkStatesEqualUntraced<C: GateTracing>(_ cell: C, _ rng: inout SplitMix) throws {
        for (n, t) in [(1, 9), (2, 600), (64, 120)] {
            let x = rng.tensor([n, t, cell.inputSize], scale: 1.5)
            let plain = try cell.forward(x)
            let traced = try cell.tracedForward(x)
            let label = "\(C.kindName) N=\(n) T=\(t)"
            #expect(traced.output.scalars == plain.output.scalars, "\(label) output")
            #expect(traced.state.h.scalars == plain.state.h.scalars, "\(label) final h")
            #expect(traced.state.c?.scalars == plain.state.c?.scalars, "\(label) final c")
            let h = try #require(traced.signals.first { $0.key == "h" })
            #expect(h.values.scalars == plain.output.scalars, "\(label) traced h")
            if C.hasCellState {
                let c = try #require(traced.signals.first { $0.key == "c" })
                let hs = cell.hiddenSize
                var last: [Float] = []
                for b in 0..<n {
                    let row = b * t + t - 1
                    last += c.values.scalars[row * hs..<(row + 1) * hs]
                }
                #expect(last == plain.state.c?.scalars, "\(label) traced c at the last step")
            }
        }
    }

    @Test func lstmTracedStatesEqualTheUntracedForwardBitForBit() throws {
        var rng = SplitMix(seed: 14)
        try checkStatesEqualUntraced(RecurrentCellTests.lstm(&rng, f: 8, h: 64), &rng)
    }

    @Test func gruTracedStateEqualsTheUntracedForwardBitForBit() throws {
        var rng = SplitMix(seed: 15)
        try checkStatesEqualUntraced(RecurrentCellTests.gru(&rng, f: 8, h: 64, resetAfter: true), &rng)
    }

    /// A model's traced output equals its untraced output (for N = 1 the untraced one runs the
    /// fused two-core LSTM stack), and every recurrent layer and direction has a named trace.
    @Test func sequentialTracesEachRecurrentLayerAndKeepsItsOutput() throws {
        var rng = SplitMix(seed: 16)
        let first = try Recurrent(RecurrentCellTests.lstm(&rng, f: 4, h: 64))
        let second = try Recurrent(forward: RecurrentCellTests.gru(&rng, f: 64, h: 8, resetAfter: true),
                                   backward: RecurrentCellTests.gru(&rng, f: 64, h: 8, resetAfter: true))
        let head = try Dense(kernel: rng.tensor([16, 3]), bias: rng.tensor([3]))
        let model = Sequential([first, second, TimeDistributed(head)])
        let x = rng.tensor([1, 12, 4])
        let traced = try model.traced(x)
        #expect(traced.output.scalars == (try model(x)).scalars)
        #expect(traced.layers.map(\.name) == ["layer0", "layer1", "layer1 backward"])
        #expect(traced.layers.map(\.kind) == ["LSTM", "GRU", "GRU"])
        #expect(traced[layer: "layer1 backward"]?["z"]?.values.shape == [1, 12, 8])
    }
}
