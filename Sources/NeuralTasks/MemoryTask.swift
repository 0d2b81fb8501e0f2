import Neural

/// A classic working-memory benchmark, generated in code from a seed (no download).
///
/// Batches are produced directly in training layout: inputs (T, N, F) time-major, targets
/// (T, N, C) for tasks scored at every step or (N, C) for tasks scored once at the end.
public protocol MemoryTask: Sendable {
    /// Short name (`copy`, `adding`, `nback`, `recall`).
    var name: String { get }
    /// F.
    var inputSize: Int { get }
    /// C.
    var outputSize: Int { get }
    /// Whether the target has a time axis (and the model's recurrent layer returns sequences).
    var returnsSequences: Bool { get }
    /// The training loss.
    var loss: Loss { get }
    /// Name of the score (`bit error`, `MSE`, `accuracy`).
    var scoreName: String { get }
    /// Whether a score counts as solved (the task's well-known threshold).
    func isSolved(_ score: Float) -> Bool
    /// The threshold, for messages ("< 0.01").
    var solvedDescription: String { get }
    /// A random batch; `test` selects the test distribution (e.g. copy at full length).
    func batch(size: Int, test: Bool, rng: inout SeededGenerator) -> TaskBatch
    /// The score of a prediction on a batch.
    func score(prediction: Tensor, batch: TaskBatch) -> Float
}

/// One generated batch in training layout.
public struct TaskBatch: Sendable {
    /// (T, N, F).
    public var x: Tensor
    /// (T, N, C) or (N, C).
    public var y: Tensor
    /// One weight per target row (0 = not scored), or nil.
    public var mask: [Float]?
    /// The steps of each sample when samples of different lengths are padded at the end (the
    /// padding masked out), or nil: training then skips the padding (`TrainingModel.trainOnBatch`).
    public var lengths: [Int]? = nil
}

/// Fraction of target bits whose logit has the wrong sign, over scored rows.
func bitError(logits p: Tensor, target y: Tensor, mask: [Float]?, bits: Int) -> Float {
    var wrong = 0, total = 0
    for r in 0..<(p.count / bits) {
        if let mask, mask[r] == 0 { continue }
        for j in 0..<bits where (p.scalars[r * bits + j] > 0) != (y.scalars[r * bits + j] > 0.5) { wrong += 1 }
        total += bits
    }
    return total == 0 ? 0 : Float(wrong) / Float(total)
}

/// Builds a task by name.
/// - Parameters:
///   - name: `copy`, `adding`, `nback`, `recall`.
///   - n: the n of n-back.
public func memoryTask(named name: String, n: Int = 2) throws -> MemoryTask {
    switch name {
    case "copy": return CopyTask()
    case "adding": return AddingTask()
    case "nback": return NBackTask(n: n)
    case "recall": return AssociativeRecallTask()
    default:
        throw NeuralError.invalidArgument("unknown task '\(name)': use copy, adding, nback or recall")
    }
}
