/// The weights a pruning set to zero, kept at zero while the model trains on: as a
/// `TrainingCallback` of `fit` it zeroes them again after every optimizer step (the optimizer,
/// its moments and weight decay would move them), so a fine-tuned model keeps its sparsity.
public final class PruningMask: TrainingCallback {
    /// Each pruned matrix and the flat indices of its zeroed weights.
    public let entries: [(parameter: Parameter, pruned: [Int])]

    /// - Parameter entries: parameters and the flat indices to hold at zero.
    public init(_ entries: [(parameter: Parameter, pruned: [Int])]) {
        self.entries = entries
    }

    /// Sets the pruned weights to zero.
    public func apply() {
        for (p, pruned) in entries where !pruned.isEmpty {
            var v = p.value
            for i in pruned { v.scalars[i] = 0 }
            p.value = v
        }
    }

    /// Weights held at zero.
    public var prunedCount: Int { entries.reduce(0) { $0 + $1.pruned.count } }
    /// Weights in the pruned matrices.
    public var weightCount: Int { entries.reduce(0) { $0 + $1.parameter.value.count } }

    public func didEndBatch(step: Int, loss: Float) { apply() }
}
