/// One BERT encoder layer (`BertLayer`, post-norm): attention, residual, LayerNorm, then the
/// feed-forward block GELU(x·W₁ + b₁)·W₂ + b₂, residual, LayerNorm (Devlin et al. 2019).
public struct BertLayer: Sendable {
    /// Self-attention with its output projection (`attention.self.*`, `attention.output.dense`).
    public let attention: MultiHeadAttention
    /// `attention.output.LayerNorm`.
    public let attentionNorm: LayerNorm
    /// W₁ (H, I): `intermediate.dense`.
    public let intermediate: Dense
    /// W₂ (I, H): `output.dense`.
    public let output: Dense
    /// `output.LayerNorm`.
    public let outputNorm: LayerNorm

    public init(attention: MultiHeadAttention, attentionNorm: LayerNorm, intermediate: Dense, output: Dense, outputNorm: LayerNorm) throws {
        let h = attention.width
        guard attentionNorm.width == h, outputNorm.width == h, intermediate.inputSize == h,
              output.inputSize == intermediate.units, output.units == h else {
            throw NeuralError.shapeMismatch(
                "BERT layer parts do not fit width \(h): intermediate \(intermediate.kernel.shape), output \(output.kernel.shape)")
        }
        self.attention = attention
        self.attentionNorm = attentionNorm
        self.intermediate = intermediate
        self.output = output
        self.outputNorm = outputNorm
    }

    /// The fast path in place over packed rows (see `MultiHeadAttention.apply`).
    func apply(hidden: UnsafeMutablePointer<Float>, sequences: [Range<Int>], weights: inout [Tensor]?) {
        let rows = sequences.last?.upperBound ?? 0
        guard rows > 0 else { return }
        let h = attention.width, width = intermediate.units
        let attended = UnsafeMutablePointer<Float>.allocate(capacity: rows * h)
        let inner = UnsafeMutablePointer<Float>.allocate(capacity: rows * width)
        defer { attended.deallocate(); inner.deallocate() }
        attention.apply(x: hidden, sequences: sequences, out: attended, weights: &weights)
        addAndNormalize(attended, into: hidden, rows: rows, norm: attentionNorm)
        intermediate.apply(rows: rows, x: hidden, out: inner)
        let pointers = RowPointers(a: inner, b: hidden)
        forEachChunk(of: rows, splittingFrom: 64) { r in
            geluInPlace(pointers.a + r.lowerBound * width, count: r.count * width)
        }
        output.apply(rows: rows, x: inner, out: attended)
        addAndNormalize(attended, into: hidden, rows: rows, norm: outputNorm)
    }

    /// hidden ← LayerNorm(update + hidden), rows split over the cores.
    private func addAndNormalize(_ update: UnsafeMutablePointer<Float>, into hidden: UnsafeMutablePointer<Float>, rows: Int, norm: LayerNorm) {
        let h = norm.width
        let pointers = RowPointers(a: update, b: hidden)
        forEachChunk(of: rows, splittingFrom: 64) { r in
            let u = pointers.a + r.lowerBound * h, x = pointers.b + r.lowerBound * h
            for i in 0..<(r.count * h) { x[i] += u[i] }
            norm.apply(rows: r.count, x)
        }
    }

    /// The definition on a padded batch (B, T, H) with its mask (B, T), from the parts' references.
    public func referenceForward(_ x: Tensor, mask: Tensor) throws -> (output: Tensor, weights: Tensor) {
        let attended = try attention.referenceForward(x, mask: mask)
        var sum = attended.output
        for i in 0..<sum.count { sum.scalars[i] += x.scalars[i] }
        let normed = try attentionNorm.referenceForward(sum)
        var inner = try intermediate.referenceForward(normed)
        for i in 0..<inner.count { inner.scalars[i] = referenceGELU(inner.scalars[i]) }
        var out = try output.referenceForward(inner)
        for i in 0..<out.count { out.scalars[i] += normed.scalars[i] }
        return (try outputNorm.referenceForward(out), attended.weights!)
    }
}

/// Two row buffers handed to worker threads (each touches disjoint rows).
struct RowPointers: @unchecked Sendable {
    let a: UnsafeMutablePointer<Float>
    let b: UnsafeMutablePointer<Float>
}
