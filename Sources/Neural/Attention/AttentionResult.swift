/// What a self-attention pass returns: its output and, when asked for, its attention weights.
///
/// The weights are the softmax probabilities per head, (B, heads, T, T): row q of head h of
/// sample b says how much query position q drew from each key position. Padded positions hold 0
/// in the fast path (it computes real tokens only); the reference computes them as PyTorch does.
public struct AttentionResult: Sendable {
    /// (B, T, H).
    public var output: Tensor
    /// (B, heads, T, T), nil unless recorded.
    public var weights: Tensor?
}

/// The attention weights of one sequence in one layer of an encoder pass: (heads, L, L), L the
/// sequence's real length. What a trace of the encoder reads.
public struct AttentionMap: Sendable {
    /// The layer, 0 first.
    public var layer: Int
    /// The sequence's place in the batch.
    public var sequence: Int
    /// (heads, L, L): softmax probabilities, each row sums to 1.
    public var probabilities: Tensor
}
