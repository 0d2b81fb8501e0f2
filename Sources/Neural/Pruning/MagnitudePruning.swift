/// Magnitude pruning (Han et al. 2015, "Learning both Weights and Connections"; Zhu & Gupta
/// 2017): the weights of smallest |w| are set to zero until a target fraction of them is zero.
///
/// It acts on the weight matrices of the Dense, LSTM and GRU layers (`weightMatrices`; biases
/// and embeddings are kept). Per layer, every matrix loses the same fraction of its weights;
/// globally, one threshold over all of them decides, so layers with many small weights lose
/// more. Exactly round(sparsity · count) weights are zeroed (ties in |w| go by position), and
/// the returned mask keeps them at zero while the model is fine-tuned.
public struct MagnitudePruning: Sendable {
    /// Where the target fraction applies.
    public enum Scope: String, Sendable {
        /// Each weight matrix reaches the sparsity on its own (PyTorch `prune.l1_unstructured`).
        case perLayer
        /// All weight matrices together (PyTorch `prune.global_unstructured`).
        case global
    }

    /// The fraction of weights set to zero, in [0, 1).
    public let sparsity: Double
    public let scope: Scope

    /// - Throws: `NeuralError.invalidArgument` for a sparsity outside [0, 1) or not a number.
    public init(sparsity: Double, scope: Scope = .perLayer) throws {
        guard sparsity.isFinite, sparsity >= 0, sparsity < 1 else {
            throw NeuralError.invalidArgument(
                "sparsity must be in [0, 1) (the fraction of weights set to zero; 1 would remove them all), got \(sparsity)")
        }
        self.sparsity = sparsity
        self.scope = scope
    }

    /// Prunes the model's weight matrices in place.
    /// - Returns: the mask of the pruned weights (a `TrainingCallback` that keeps them zero).
    /// - Throws: `NeuralError.invalidArgument` when a weight is NaN or infinite.
    @discardableResult
    public func prune(_ model: TrainingModel) throws -> PruningMask {
        try Quantization.checkFinite(model)
        let matrices = model.weightMatrices.map(\.parameter)
        var pruned: [[Int]]
        switch scope {
        case .perLayer:
            pruned = matrices.map { p in
                Self.smallest(count(p.value.count), of: p.value.scalars.indices.map { (0, $0, abs(p.value.scalars[$0])) })
                    .map(\.index)
            }
        case .global:
            let all = matrices.enumerated().flatMap { m, p in p.value.scalars.indices.map { (m, $0, abs(p.value.scalars[$0])) } }
            pruned = Array(repeating: [], count: matrices.count)
            for entry in Self.smallest(count(all.count), of: all) { pruned[entry.matrix].append(entry.index) }
        }
        let mask = PruningMask(zip(matrices, pruned).map { ($0, $1.sorted()) })
        mask.apply()
        return mask
    }

    /// round(sparsity · n): how many of n weights go.
    func count(_ n: Int) -> Int { min(n, Int((sparsity * Double(n)).rounded(.toNearestOrEven))) }

    /// The k entries of smallest magnitude, ties broken by matrix, then position.
    static func smallest(_ k: Int, of entries: [(matrix: Int, index: Int, magnitude: Float)]) -> [(matrix: Int, index: Int, magnitude: Float)] {
        guard k > 0 else { return [] }
        return Array(entries.sorted { ($0.magnitude, $0.matrix, $0.index) < ($1.magnitude, $1.matrix, $1.index) }.prefix(k))
    }
}
