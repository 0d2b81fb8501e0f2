import Neural

/// The n-back task (Kirchner 1958): a stream of symbols; at every step answer whether the
/// current symbol equals the one n steps back.
///
/// Input: one-hot symbols from an alphabet of 8 (F = 8); target: one logit per step (C = 1),
/// scored from step n on. Each symbol repeats the one n back with probability 1/2, so
/// both answers are equally common and always answering "no" scores about 56%.
/// Solved is accuracy > 95% on sequences of 30 steps.
public struct NBackTask: MemoryTask {
    public let n: Int
    public let symbols = 8
    public let steps = 30
    public init(n: Int = 2) { self.n = max(1, n) }

    public var name: String { "nback" }
    public var inputSize: Int { symbols }
    public var outputSize: Int { 1 }
    public var returnsSequences: Bool { true }
    public var loss: Loss { .binaryCrossentropyFromLogits }
    public var scoreName: String { "accuracy" }
    public func isSolved(_ score: Float) -> Bool { score > 0.95 }
    public var solvedDescription: String { "accuracy > 95%" }

    public func batch(size count: Int, test: Bool, rng: inout SeededGenerator) -> TaskBatch {
        var x = [Float](repeating: 0, count: steps * count * symbols)
        var y = [Float](repeating: 0, count: steps * count)
        var mask = [Float](repeating: 0, count: steps * count)
        var seq = [Int](repeating: 0, count: steps)
        // Buffers instead of subscripts: a checked, copy-on-write subscript per element made
        // this 35 µs a batch, as long as an optimizer step of the n-back model.
        x.withUnsafeMutableBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                mask.withUnsafeMutableBufferPointer { mb in
                    seq.withUnsafeMutableBufferPointer { sb in
                        for s in 0..<count {
                            for t in 0..<steps {
                                // Two draws every step, used or not: a fixed count per sample lets
                                // scripts/bench/bench_training.py generate the same stream vectorised.
                                let repeatDraw = rng.nextUniform(), fresh = rng.int(below: symbols)
                                let sym = t >= n && repeatDraw < 0.5 ? sb[t - n] : fresh
                                sb[t] = sym
                                xb[(t * count + s) * symbols + sym] = 1
                                if t >= n {
                                    mb[t * count + s] = 1
                                    yb[t * count + s] = sym == sb[t - n] ? 1 : 0
                                }
                            }
                        }
                    }
                }
            }
        }
        return TaskBatch(x: try! Tensor(shape: [steps, count, symbols], scalars: x),
                         y: try! Tensor(shape: [steps, count, 1], scalars: y), mask: mask)
    }

    public func score(prediction: Tensor, batch: TaskBatch) -> Float {
        1 - bitError(logits: prediction, target: batch.y, mask: batch.mask, bits: 1)
    }
}
