/// The last hidden states of an encoder pass over a batch of sequences, packed: the real tokens
/// of every sequence one after another, no padding.
public struct EncodedBatch: Sendable {
    /// (ΣL, H): row i is token i of the packed batch.
    public var hidden: Tensor
    /// The rows of each sequence, in batch order.
    public var sequences: [Range<Int>]
    /// The attention weights per layer and sequence, when recorded (layer-major).
    public var attention: [AttentionMap]

    /// The hidden states of sequence `s`, (L, H).
    public func states(of s: Int) -> Tensor {
        let h = hidden.shape[1], r = sequences[s]
        return try! Tensor(shape: [r.count, h], scalars: Array(hidden.scalars[(r.lowerBound * h)..<(r.upperBound * h)]))
    }
}
