import CKernels
import Foundation
import Testing
@testable import Neural

/// A batch-1 LSTM sequence runs on two cores (each half of the units, one hand-off per step);
/// it must give exactly the one-thread result.
@Suite(.serialized) struct TwoCoreLSTMTests {
    /// Runs the two-core path directly (retrying while it declines, e.g. after a late worker)
    /// and the one-thread path, from the same non-zero initial state; returns both (output, h, c).
    static func both(hidden hs: Int, features f: Int, steps t: Int, seed: UInt64)
        throws -> (split: [Float], serial: [Float])
    {
        var rng = SplitMix(seed: seed)
        let cell = try LSTM(inputKernel: rng.tensor([f, 4 * hs], scale: 0.2),
                            recurrentKernel: rng.tensor([hs, 4 * hs], scale: 0.2),
                            inputBias: rng.tensor([4 * hs]), recurrentBias: rng.tensor([4 * hs]))
        let x = rng.tensor([1, t, f], scale: 1)
        let h0 = rng.tensor([1, hs], scale: 0.5), c0 = rng.tensor([1, hs], scale: 0.5)
        let serial = try withSerialProducts { try cell.forward(x, initialState: RecurrentState(h: h0, c: c0)) }
        var out = [Float](repeating: 0, count: t * hs), h = h0.scalars, c = c0.scalars
        var ran = false
        for attempt in 0..<1000 where !ran {
            // It declines while another test holds the worker, or after a late worker
            // (parallel tests load the cores): clear that and retry a moment later.
            if attempt > 0 { usleep(1000) }
            ck_lstm_split_clear_backoff()
            (out, h, c) = ([Float](repeating: 0, count: t * hs), h0.scalars, c0.scalars)
            ran = x.scalars.withUnsafeBufferPointer { xp in
                h.withUnsafeMutableBufferPointer { hp in
                    c.withUnsafeMutableBufferPointer { cp in
                        out.withUnsafeMutableBufferPointer { op in
                            cell.runSplit(x: xp.baseAddress!, steps: t, h: hp.baseAddress!, c: cp.baseAddress!,
                                          output: op.baseAddress!, outputStride: hs, workspace: RecurrentWorkspace())
                        }
                    }
                }
            }
        }
        #expect(ran, "the two-core path never ran")
        return (out + h + c, serial.output.scalars + serial.state.h.scalars + (serial.state.c?.scalars ?? []))
    }

    @Test(arguments: [(128, 100, 10), (64, 128, 10), (192, 7, 3), (64, 0, 2), (128, 33, 200), (256, 16, 4), (320, 8, 3)])
    func twoCoreRunEqualsOneThreadBitForBit(hidden: Int, features: Int, steps: Int) throws {
        let (split, serial) = try Self.both(hidden: hidden, features: features, steps: steps, seed: UInt64(hidden + steps))
        #expect(split == serial, "H \(hidden), F \(features), T \(steps): two-core result differs from one thread")
    }

    @Test func hiddenSizesThatAreNotMultiplesOf64HaveNoTwoCoreLayout() throws {
        #expect(LSTMSplitKernels(LSTM(inputSize: 4, hiddenSize: 96)) == nil)
        #expect(LSTMSplitKernels(LSTM(inputSize: 4, hiddenSize: 64)) != nil)
    }

    @Test func seedModelForwardIsTheSameOnOneAndTwoThreads() throws {
        var rng = SplitMix(seed: 5)
        let model = Sequential([
            Recurrent(try LSTM(inputKernel: rng.tensor([100, 512], scale: 0.1), recurrentKernel: rng.tensor([128, 512], scale: 0.1),
                               inputBias: rng.tensor([512]), recurrentBias: rng.tensor([512]))),
            Recurrent(try LSTM(inputKernel: rng.tensor([128, 256], scale: 0.1), recurrentKernel: rng.tensor([64, 256], scale: 0.1),
                               inputBias: rng.tensor([256]), recurrentBias: rng.tensor([256]))),
            TimeDistributed(try Dense(kernel: rng.tensor([64, 10], scale: 0.1), bias: rng.tensor([10]))),
        ])
        let x = rng.tensor([1, 10, 100], scale: 1)
        let serial = try withSerialProducts { try model(x) }
        for _ in 0..<20 { #expect(try model(x) == serial) }
    }
}
