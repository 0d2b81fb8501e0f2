import Foundation
import Testing
@testable import Neural

/// The fast recurrent path (GEMM projections, in-place gate math) against the equation-by-equation
/// reference, on random weights, for every cell kind and option.
@Suite struct RecurrentCellTests {
    static func lstm(_ rng: inout SplitMix, f: Int, h: Int) throws -> LSTM {
        try LSTM(inputKernel: rng.tensor([f, 4 * h]), recurrentKernel: rng.tensor([h, 4 * h]),
                 inputBias: rng.tensor([4 * h]), recurrentBias: rng.tensor([4 * h]))
    }
    static func gru(_ rng: inout SplitMix, f: Int, h: Int, resetAfter: Bool) throws -> GRU {
        try GRU(inputKernel: rng.tensor([f, 3 * h]), recurrentKernel: rng.tensor([h, 3 * h]),
                inputBias: rng.tensor([3 * h]), recurrentBias: rng.tensor([3 * h]), resetAfter: resetAfter)
    }

    func checkFastMatchesReference<C: RecurrentCell>(_ cell: C, _ rng: inout SplitMix, name: String) throws {
        let (n, t) = (3, 7)
        let x = rng.tensor([n, t, cell.inputSize], scale: 1.5)
        let initial = RecurrentState(
            h: rng.tensor([n, cell.hiddenSize]),
            c: C.hasCellState ? rng.tensor([n, cell.hiddenSize]) : nil)
        for (reverse, state) in [(false, nil), (true, nil), (false, initial), (true, initial)] as [(Bool, RecurrentState?)] {
            let fast = try cell.forward(x, initialState: state, reverse: reverse)
            let ref = try cell.referenceForward(x, initialState: state, reverse: reverse)
            let label = "\(name) reverse=\(reverse) initial=\(state != nil)"
            expectClose(fast.output, ref.output, "\(label) out", tolerance: 1e-6)
            expectClose(fast.state.h, ref.state.h, "\(label) h", tolerance: 1e-6)
            if C.hasCellState { expectClose(fast.state.c!, ref.state.c!, "\(label) c", tolerance: 1e-6) }
        }
    }

    @Test func lstmFastPathMatchesReference() throws {
        var rng = SplitMix(seed: 1)
        try checkFastMatchesReference(Self.lstm(&rng, f: 5, h: 6), &rng, name: "lstm")
    }

    @Test func gruResetAfterFastPathMatchesReference() throws {
        var rng = SplitMix(seed: 2)
        try checkFastMatchesReference(Self.gru(&rng, f: 5, h: 6, resetAfter: true), &rng, name: "gru-after")
    }

    @Test func gruResetBeforeFastPathMatchesReference() throws {
        var rng = SplitMix(seed: 3)
        try checkFastMatchesReference(Self.gru(&rng, f: 5, h: 6, resetAfter: false), &rng, name: "gru-before")
    }

    @Test func lstmHandComputedSingleStep() throws {
        // F = H = 1, all weights 1, biases 0, x = 1, h0 = c0 = 0:
        // every pre-activation is 1, so c = σ(1)·tanh(1), h = σ(1)·tanh(c).
        let one = try Tensor(shape: [1, 4], scalars: [1, 1, 1, 1])
        let cell = try LSTM(inputKernel: one, recurrentKernel: one)
        let (out, state) = try cell.forward(Tensor(shape: [1, 1, 1], scalars: [1]))
        let s: Float = 1 / (1 + exp(-1))
        let c = s * tanh(1)
        #expect(abs(state.c!.scalars[0] - c) < 1e-6)
        #expect(abs(out.scalars[0] - s * tanh(c)) < 1e-6)
    }

    @Test func emptySequenceReturnsInitialState() throws {
        var rng = SplitMix(seed: 4)
        let cell = try Self.gru(&rng, f: 2, h: 3, resetAfter: true)
        let h0 = rng.tensor([2, 3])
        let (out, state) = try cell.forward(.zeros([2, 0, 2]), initialState: RecurrentState(h: h0))
        #expect(out.shape == [2, 0, 3])
        #expect(state.h == h0)
    }

    @Test func rejectsInputWithWrongFeatureCount() throws {
        let cell = LSTM(inputSize: 3, hiddenSize: 2)
        #expect(throws: NeuralError.self) { try cell.forward(.zeros([1, 4, 5])) }
        #expect(throws: NeuralError.self) { try cell.forward(.zeros([4, 3])) }
    }

    @Test func rejectsInitialStateOfWrongShape() throws {
        let cell = LSTM(inputSize: 3, hiddenSize: 2)
        let bad = RecurrentState(h: .zeros([1, 3]), c: .zeros([1, 2]))
        #expect(throws: NeuralError.self) { try cell.forward(.zeros([1, 4, 3]), initialState: bad) }
        let noCell = RecurrentState(h: .zeros([1, 2]))
        #expect(throws: NeuralError.self) { try cell.forward(.zeros([1, 4, 3]), initialState: noCell) }
    }

    @Test func rejectsParametersThatDoNotFit() {
        #expect(throws: NeuralError.self) {
            try LSTM(inputKernel: .zeros([3, 8]), recurrentKernel: .zeros([2, 6]))
        }
        #expect(throws: NeuralError.self) {
            try GRU(inputKernel: .zeros([3, 6]), recurrentKernel: .zeros([2, 6]), inputBias: .zeros([5]))
        }
    }
}

@Suite struct DenseTests {
    @Test func fastPathMatchesReferenceOnRank3Input() throws {
        var rng = SplitMix(seed: 5)
        for activation in Activation.allCases {
            let dense = try Dense(kernel: rng.tensor([4, 3]), bias: rng.tensor([3]), activation: activation)
            let x = rng.tensor([2, 5, 4], scale: 2)
            expectClose(try dense(x), try dense.referenceForward(x), "dense \(activation)", tolerance: 1e-6)
        }
    }

    @Test func handComputedAffineMap() throws {
        // [1, 2] · [[1, 0, 1], [0, 1, 1]] + [0.5, 0, 0] = [1.5, 2, 3]
        let dense = try Dense(kernel: Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 1, 1]),
                              bias: Tensor(shape: [3], scalars: [0.5, 0, 0]))
        #expect(try dense(Tensor(shape: [1, 2], scalars: [1, 2])).scalars == [1.5, 2, 3])
    }

    @Test func rejectsWrongLastAxis() {
        let dense = Dense(inputSize: 4, units: 2)
        #expect(throws: NeuralError.self) { try dense(.zeros([2, 3])) }
    }
}
