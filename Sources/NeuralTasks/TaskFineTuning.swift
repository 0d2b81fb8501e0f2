import Neural

/// Fine-tuning a model on a memory task with `fit` (the Keras-like trainer): a fixed set of
/// samples drawn from the task, several passes over it, optional callbacks (a `PruningMask`
/// keeps pruned weights at zero).
public struct TaskFineTuning {
    public let task: MemoryTask
    /// Samples drawn for the fine-tuning set (one pass over them is an epoch).
    public var samples = 2048
    /// Samples per optimizer step.
    public var batchSize = 64
    /// Seed of the samples (apart from the test set's, see `TaskTrainer`).
    public var seed: UInt64 = 1

    public init(task: MemoryTask) { self.task = task }

    /// Trains `model` for `epochs` passes over the fine-tuning set.
    /// - Throws: what `fit` throws (shapes that do not fit the model).
    public func run(_ model: TrainingModel, epochs: Int, callbacks: [TrainingCallback] = []) throws {
        guard epochs > 0 else { return }
        var rng = SeededGenerator(seed: seed &+ 9_000_000)
        let b = task.batch(size: samples, test: false, rng: &rng)
        let (x, y, mask) = try Self.batchMajor(b)
        try model.fit(x, y, mask: mask, lengths: b.lengths, epochs: epochs, batchSize: batchSize,
                      callbacks: callbacks, verbose: false, seed: seed)
    }

    /// A task batch (time-major, as `trainOnBatch` takes it) in `fit`'s batch-major layout:
    /// x (N, T, F), y (N, T, C) or (N, C), mask (N, T).
    static func batchMajor(_ b: TaskBatch) throws -> (Tensor, Tensor, Tensor?) {
        let (t, n) = (b.x.shape[0], b.x.shape[1])
        let y = b.y.rank == 3 ? swapLeadingAxes(b.y) : b.y
        let mask = try b.mask.map { try Tensor(shape: [t, n], scalars: $0).transposed() }
        return (swapLeadingAxes(b.x), y, mask)
    }
}
