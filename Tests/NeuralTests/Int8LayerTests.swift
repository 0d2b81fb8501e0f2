import Testing
@testable import Neural

/// The int8 layers: their fast paths against the int8 reference written out, the dequantised
/// path against the float layer with the dequantised weights, streams against whole sequences.
@Suite struct Int8LayerTests {
    func lstm(_ rng: inout SplitMix, f: Int, h: Int) throws -> LSTM {
        try LSTM(inputKernel: rng.tensor([f, 4 * h]), recurrentKernel: rng.tensor([h, 4 * h]),
                 inputBias: rng.tensor([4 * h]), recurrentBias: rng.tensor([4 * h]))
    }

    func gru(_ rng: inout SplitMix, f: Int, h: Int, resetAfter: Bool = true) throws -> GRU {
        try GRU(inputKernel: rng.tensor([f, 3 * h]), recurrentKernel: rng.tensor([h, 3 * h]),
                inputBias: rng.tensor([3 * h]), recurrentBias: rng.tensor([3 * h]), resetAfter: resetAfter)
    }

    @Test func int8LSTMMatchesItsReference() throws {
        var rng = SplitMix(seed: 21)
        let cell = try Int8LSTM(quantizing: try lstm(&rng, f: 7, h: 20), compute: .int8)
        let x = rng.tensor([3, 9, 7], scale: 1)
        let fast = try cell.forward(x), slow = try cell.referenceForward(x)
        expectClose(fast.output, slow.output, "int8 LSTM", tolerance: 1e-5)
    }

    @Test func int8GRUMatchesItsReference() throws {
        var rng = SplitMix(seed: 22)
        let cell = try Int8GRU(quantizing: try gru(&rng, f: 5, h: 24), compute: .int8)
        let x = rng.tensor([2, 11, 5], scale: 1)
        expectClose(try cell.forward(x).output, try cell.referenceForward(x).output, "int8 GRU", tolerance: 1e-5)
    }

    @Test func resetBeforeGRUKeepsItsFloatRecurrentStep() throws {
        var rng = SplitMix(seed: 23)
        let float = try gru(&rng, f: 4, h: 16, resetAfter: false)
        let cell = try Int8GRU(quantizing: float, compute: .dequantized)
        let x = rng.tensor([2, 6, 4], scale: 1)
        #expect(try cell.forward(x).output == cell.dequantized.forward(x).output)
    }

    @Test func dequantisedComputeIsTheFloatLayerOnTheDequantisedWeights() throws {
        var rng = SplitMix(seed: 24)
        let cell = try Int8LSTM(quantizing: try lstm(&rng, f: 6, h: 32), compute: .dequantized)
        let x = rng.tensor([4, 5, 6], scale: 1)
        #expect(try cell.forward(x).output == cell.dequantized.forward(x).output)
        let dense = try Int8Dense(quantizing: try Dense(kernel: rng.tensor([6, 9]), bias: rng.tensor([9])), compute: .dequantized)
        let y = rng.tensor([3, 6])
        #expect(try dense(y) == dense.dequantized(y))
    }

    @Test func int8DenseMatchesItsReference() throws {
        var rng = SplitMix(seed: 25)
        let dense = try Int8Dense(quantizing: try Dense(kernel: rng.tensor([33, 10]), bias: rng.tensor([10]), activation: .tanh), compute: .int8)
        let x = rng.tensor([2, 4, 33], scale: 1)
        expectClose(try dense(x), try dense.referenceForward(x), "int8 Dense", tolerance: 1e-6)
    }

    @Test func int8StaysCloseToTheFloatModel() throws {
        var rng = SplitMix(seed: 26)
        let float = Sequential([Recurrent(try lstm(&rng, f: 8, h: 64)), TimeDistributed(try Dense(kernel: rng.tensor([64, 3])))])
        let int8 = try Quantization.int8(float, compute: .int8)
        let x = rng.tensor([2, 20, 8], scale: 1)
        let (a, b) = (try float(x), try int8(x))
        let difference = a.maxAbsDifference(b)
        #expect(difference < 0.05, "max |float − int8| = \(difference)")
        #expect(difference > 0)
    }

    @Test func anInt8ModelStreamsAsItRunsWhole() throws {
        var rng = SplitMix(seed: 27)
        let model = try Quantization.int8(
            Sequential([Recurrent(try gru(&rng, f: 5, h: 32)), Recurrent(try lstm(&rng, f: 32, h: 16)), TimeDistributed(try Dense(kernel: rng.tensor([16, 2])))]),
            compute: .int8)
        let x = rng.tensor([1, 12, 5], scale: 1)
        let whole = try model(x)
        let stream = try model.stream(batchSize: 1)
        var streamed: [Float] = []
        x.scalars.withUnsafeBufferPointer { p in
            for t in 0..<12 { streamed += Array(UnsafeBufferPointer(start: stream.run(p.baseAddress! + 5 * t, steps: 1), count: 2)) }
        }
        #expect(streamed == whole.scalars)
    }
}
