import Neural

/// The adding problem (Hochreiter & Schmidhuber 1997, experiment 4): a sequence of T random
/// values in [0, 1], two of them marked; output their sum after the last step.
///
/// Input channels: value and marker (F = 2); target (N, 1). One marked position is drawn from
/// the first half and one from the second half. Always answering 1.0 (the mean sum) gives MSE
/// ≈ 0.167; solved is test MSE < 0.01.
public struct AddingTask: MemoryTask {
    public let steps: Int
    public init(steps: Int = 100) { self.steps = steps }

    public var name: String { "adding" }
    public var inputSize: Int { 2 }
    public var outputSize: Int { 1 }
    public var returnsSequences: Bool { false }
    public var loss: Loss { .mse }
    public var scoreName: String { "MSE" }
    public func isSolved(_ score: Float) -> Bool { score < 0.01 }
    public var solvedDescription: String { "MSE < 0.01" }

    public func batch(size n: Int, test: Bool, rng: inout SeededGenerator) -> TaskBatch {
        let half = steps / 2
        var x = Tensor.zeros([steps, n, 2])
        var y = Tensor.zeros([n, 1])
        for s in 0..<n {
            let a = rng.int(below: half), b = half + rng.int(below: steps - half)
            var sum: Float = 0
            for t in 0..<steps {
                let v = rng.nextUniform()
                x.scalars[(t * n + s) * 2] = v
                if t == a || t == b {
                    x.scalars[(t * n + s) * 2 + 1] = 1
                    sum += v
                }
            }
            y.scalars[s] = sum
        }
        return TaskBatch(x: x, y: y, mask: nil)
    }

    public func score(prediction: Tensor, batch: TaskBatch) -> Float {
        var s: Float = 0
        for i in 0..<prediction.count {
            let d = prediction.scalars[i] - batch.y.scalars[i]
            s += d * d
        }
        return s / Float(max(prediction.count, 1))
    }
}
