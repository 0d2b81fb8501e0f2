import Neural

/// Associative recall (after Graves et al. 2014): see key→value pairs of random bit vectors,
/// then one of the keys; output its value.
///
/// Six pairs of 6-bit vectors with distinct keys. Input channels: 6 bits and three flags
/// (key, value, query), F = 9. Timeline: key₁, value₁, ..., key₆, value₆, query (a stored
/// key with the query flag); the value is read from the output at the query step (N, 6).
/// Solved is bit error < 1%.
public struct AssociativeRecallTask: MemoryTask {
    public let pairs = 6
    public let bits = 6
    public init() {}

    public var name: String { "recall" }
    public var inputSize: Int { bits + 3 }
    public var outputSize: Int { bits }
    public var returnsSequences: Bool { false }
    public var loss: Loss { .binaryCrossentropyFromLogits }
    public var scoreName: String { "bit error" }
    public func isSolved(_ score: Float) -> Bool { score < 0.01 }
    public var solvedDescription: String { "bit error < 1%" }

    public func batch(size n: Int, test: Bool, rng: inout SeededGenerator) -> TaskBatch {
        let steps = 2 * pairs + 1
        let f = inputSize
        var x = Tensor.zeros([steps, n, f])
        var y = Tensor.zeros([n, bits])
        for s in 0..<n {
            // Distinct keys by a partial Fisher–Yates shuffle of 0..<2^bits, then the values, then
            // the query: 2·pairs + 1 draws per sample, so scripts/bench/bench_training.py can generate
            // the same stream vectorised (rejection sampling would make the count data-dependent).
            var pool = Array(0..<(1 << bits))
            for i in 0..<pairs { pool.swapAt(i, i + rng.int(below: (1 << bits) - i)) }
            let pairList = (0..<pairs).map { i in (pool[i], rng.int(below: 1 << bits)) }
            func put(_ v: Int, step t: Int, flag: Int) {
                for b in 0..<bits { x.scalars[(t * n + s) * f + b] = Float((v >> b) & 1) }
                x.scalars[(t * n + s) * f + bits + flag] = 1
            }
            for (i, (k, v)) in pairList.enumerated() {
                put(k, step: 2 * i, flag: 0)
                put(v, step: 2 * i + 1, flag: 1)
            }
            let (qk, qv) = pairList[rng.int(below: pairs)]
            put(qk, step: 2 * pairs, flag: 2)
            for b in 0..<bits { y.scalars[s * bits + b] = Float((qv >> b) & 1) }
        }
        return TaskBatch(x: x, y: y, mask: nil)
    }

    public func score(prediction: Tensor, batch: TaskBatch) -> Float {
        bitError(logits: prediction, target: batch.y, mask: nil, bits: bits)
    }
}
