import Neural

/// The copy task (Graves et al. 2014, Neural Turing Machines): read a sequence of random
/// 8-bit vectors, then a delimiter, then reproduce the sequence.
///
/// Input channels: 8 bits and a delimiter flag (F = 9). Timeline for length L:
/// steps 0..<L show the vectors, step L the delimiter, steps L+1...2L are blank and the
/// model must output vector t−L−1 (sigmoid of its 8 logits). Only those L steps are scored.
/// Training lengths are drawn from 1...20 for every sample (a batch mixes lengths, padded and
/// masked: at a fixed length 20 a plain LSTM stays at chance for a long time); the test length
/// is 20.
public struct CopyTask: MemoryTask {
    public let bits = 8
    public let maxLength = 20
    public init() {}

    public var name: String { "copy" }
    public var inputSize: Int { bits + 1 }
    public var outputSize: Int { bits }
    public var returnsSequences: Bool { true }
    public var loss: Loss { .binaryCrossentropyFromLogits }
    public var scoreName: String { "bit error" }
    public func isSolved(_ score: Float) -> Bool { score < 0.01 }
    public var solvedDescription: String { "bit error < 1%" }

    public func batch(size n: Int, test: Bool, rng: inout SeededGenerator) -> TaskBatch {
        // Every sample draws its own length; shorter ones are padded at the end and the padding
        // is masked out of the loss (a unidirectional LSTM never sees padding before it answers).
        let lengths = (0..<n).map { _ in test ? maxLength : 1 + rng.int(below: maxLength) }
        let longest = lengths.max() ?? 0
        let steps = 2 * longest + 1
        let (f, c) = (inputSize, outputSize)
        var x = Tensor.zeros([steps, n, f])
        var y = Tensor.zeros([steps, n, c])
        var mask = [Float](repeating: 0, count: steps * n)
        for (s, length) in lengths.enumerated() {
            for t in 0..<length {
                for b in 0..<bits {
                    let bit: Float = rng.nextUniform() < 0.5 ? 0 : 1
                    x.scalars[(t * n + s) * f + b] = bit
                    y.scalars[((t + length + 1) * n + s) * c + b] = bit
                }
                mask[(t + length + 1) * n + s] = 1
            }
            x.scalars[(length * n + s) * f + bits] = 1
        }
        // A sample of length L lasts 2L + 1 steps; the LSTM stops there (about half of a batch's
        // steps are padding when lengths are drawn from 1...20).
        return TaskBatch(x: x, y: y, mask: mask, lengths: lengths.map { 2 * $0 + 1 })
    }

    public func score(prediction: Tensor, batch: TaskBatch) -> Float {
        bitError(logits: prediction, target: batch.y, mask: batch.mask, bits: bits)
    }
}
