import CKernels
import Dispatch
import Foundation
import Testing
@testable import Neural

/// A `Sequential` that starts with LSTM layers runs a batch of one through all of them in one
/// two-core job (`SplitLSTMStack`); it must give exactly what the layers give one by one.
@Suite(.serialized) struct SplitLSTMStackTests {
    static func lstm(_ f: Int, _ h: Int, _ rng: inout SplitMix) throws -> LSTM {
        try LSTM(inputKernel: rng.tensor([f, 4 * h], scale: 0.2), recurrentKernel: rng.tensor([h, 4 * h], scale: 0.2),
                 inputBias: rng.tensor([4 * h]), recurrentBias: rng.tensor([4 * h]))
    }

    /// The seed model: LSTM(128) → LSTM(64) → TimeDistributed(Dense(10)), F = 100.
    static func seedModel(_ rng: inout SplitMix) throws -> Sequential {
        Sequential([
            Recurrent(try lstm(100, 128, &rng)),
            Recurrent(try lstm(128, 64, &rng)),
            TimeDistributed(try Dense(kernel: rng.tensor([64, 10], scale: 0.2), bias: rng.tensor([10]))),
        ])
    }

    /// The fast path on two cores and on one, against the layer-by-layer path on one thread.
    static func expectSameAsLayerByLayer(_ model: Sequential, _ x: Tensor, _ name: String) throws {
        let reference = try withSerialProducts { try model.layerByLayer(x) }
        ck_lstm_split_clear_backoff()
        for _ in 0..<3 { #expect(try model(x) == reference, "\(name): two-core stack differs from layer by layer") }
        #expect(try withSerialProducts { try model(x) } == reference, "\(name): one-thread stack differs")
    }

    @Test(arguments: [1, 2, 10, 37])
    func seedModelEqualsLayerByLayerBitForBit(steps: Int) throws {
        var rng = SplitMix(seed: UInt64(steps))
        let model = try Self.seedModel(&rng)
        #expect(SplitLSTMStack(model.layers)?.layerCount == 3)
        try Self.expectSameAsLayerByLayer(model, rng.tensor([1, steps, 100], scale: 1), "T \(steps)")
    }

    @Test func stackedLayersWithoutHeadAndLayersAfterTheHead() throws {
        var rng = SplitMix(seed: 11)
        // Two stacked layers in one Recurrent, a third alone, no head: the last LSTM's outputs.
        let noHead = Sequential([
            try Recurrent(layers: [[try Self.lstm(7, 64, &rng)], [try Self.lstm(64, 192, &rng)]]),
            Recurrent(try Self.lstm(192, 64, &rng)),
        ])
        #expect(SplitLSTMStack(noHead.layers)?.layerCount == 2)
        try Self.expectSameAsLayerByLayer(noHead, rng.tensor([1, 5, 7], scale: 1), "no head")
        // A head (plain Dense with an activation), then layers the stack leaves to themselves.
        let tail = Sequential([
            Recurrent(try Self.lstm(3, 64, &rng)),
            try Dense(kernel: rng.tensor([64, 6]), bias: rng.tensor([6]), activation: .tanh),
            try Dense(kernel: rng.tensor([6, 2]), bias: rng.tensor([2])),
        ])
        #expect(SplitLSTMStack(tail.layers)?.layerCount == 2)
        try Self.expectSameAsLayerByLayer(tail, rng.tensor([1, 4, 3], scale: 1), "layers after the head")
    }

    @Test func modelsWithoutTheSplitLayoutHaveNoStack() throws {
        var rng = SplitMix(seed: 3)
        #expect(SplitLSTMStack([Recurrent(try Self.lstm(4, 96, &rng))]) == nil)  // H not a multiple of 64
        #expect(SplitLSTMStack([Recurrent(try Self.lstm(4, 64, &rng), returnSequences: false)]) == nil)
        #expect(SplitLSTMStack([try Recurrent(forward: try Self.lstm(4, 64, &rng), backward: try Self.lstm(4, 64, &rng))]) == nil)
        #expect(SplitLSTMStack([try Dense(kernel: rng.tensor([4, 4])), Recurrent(try Self.lstm(4, 64, &rng))]) == nil)
    }

    @Test func otherBatchSizesAndBadInputTakeTheLayerByLayerPath() throws {
        var rng = SplitMix(seed: 4)
        let model = try Self.seedModel(&rng)
        let x2 = rng.tensor([2, 3, 100], scale: 1)
        #expect(try model(x2) == model.layerByLayer(x2))
        #expect(throws: NeuralError.self) { try model(rng.tensor([1, 3, 99], scale: 1)) }
        #expect(throws: NeuralError.self) { try model(rng.tensor([3, 100], scale: 1)) }
        // A sequence too long for the kept buffers runs layer by layer, with the same result.
        let small = Sequential([Recurrent(try Self.lstm(1, 64, &rng))])
        let long = rng.tensor([1, SplitLSTMStack.maxBufferFloats / 320 + 1, 1], scale: 1)
        #expect(SplitLSTMStack(small.layers)?(long) == nil)
        #expect(try small(long) == small.layerByLayer(long))
    }

    @Test func replacingALayerRebuildsTheStack() throws {
        var rng = SplitMix(seed: 5)
        var model = try Self.seedModel(&rng)
        let x = rng.tensor([1, 6, 100], scale: 1)
        let before = try model(x)
        model.layers[1] = Recurrent(try Self.lstm(128, 64, &rng))
        let after = try model(x)
        #expect(after != before)
        #expect(after == (try withSerialProducts { try model.layerByLayer(x) }))
    }

    @Test func concurrentCallersGetTheSameResult() throws {
        var rng = SplitMix(seed: 6)
        let model = try Self.seedModel(&rng)
        let x = rng.tensor([1, 10, 100], scale: 1)
        let reference = try withSerialProducts { try model.layerByLayer(x) }
        let wrong = Counter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<50 where (try? model(x)) != reference { wrong.add() }
        }
        #expect(wrong.value == 0)
    }
}

/// A thread-safe count for the concurrency test.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
