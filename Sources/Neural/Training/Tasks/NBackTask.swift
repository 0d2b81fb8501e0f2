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
        var x = Tensor.zeros([steps, count, symbols])
        var y = Tensor.zeros([steps, count, 1])
        var mask = [Float](repeating: 0, count: steps * count)
        for s in 0..<count {
            var seq = [Int]()
            for t in 0..<steps {
                // Two draws every step, used or not: a fixed count per sample lets
                // scripts/bench_training.py generate the same stream vectorised.
                let repeatDraw = rng.nextUniform(), fresh = rng.int(below: symbols)
                let sym = t >= n && repeatDraw < 0.5 ? seq[t - n] : fresh
                seq.append(sym)
                x.scalars[(t * count + s) * symbols + sym] = 1
                if t >= n {
                    mask[t * count + s] = 1
                    y.scalars[t * count + s] = sym == seq[t - n] ? 1 : 0
                }
            }
        }
        return TaskBatch(x: x, y: y, mask: mask)
    }

    public func score(prediction: Tensor, batch: TaskBatch) -> Float {
        1 - bitError(logits: prediction, target: batch.y, mask: batch.mask, bits: 1)
    }
}
