import Foundation

/// Multi-head self-attention with padding masks, with its output projection: BERT's
/// `BertSelfAttention` followed by `BertSelfOutput.dense` (Vaswani et al. 2017, scaled dot product:
/// softmax(Q·Kᵀ / √d) · V per head, d = H / heads).
///
/// Weights in the canonical layout of `Dense`, W (H, H) (PyTorch `nn.Linear.weight` transposed).
/// The fast path projects Q, K and V of every token in one GEMM (a fused (H, 3H) kernel), then
/// runs each (sequence, head) pair as two small GEMMs over the sequence's real tokens only: a
/// padded key gets weight exactly 0 in PyTorch too (its score is float32's lowest value, whose
/// exp underflows to 0), so leaving padding out changes no real token's result.
public struct MultiHeadAttention: Sendable {
    /// W_q, b_q.
    public let query: Dense
    /// W_k, b_k.
    public let key: Dense
    /// W_v, b_v.
    public let value: Dense
    /// W_o, b_o: the projection back to H after the heads are joined.
    public let output: Dense
    /// The number of heads.
    public let heads: Int
    /// [W_q | W_k | W_v] (H, 3H) and its bias: the fast path's one input projection.
    let projection: Dense

    /// H: the model width.
    public var width: Int { query.inputSize }
    /// d = H / heads.
    public var headWidth: Int { width / heads }

    /// - Throws: `NeuralError` when the four projections are not (H, H) with biases (H), or
    ///   `heads` does not divide H.
    public init(query: Dense, key: Dense, value: Dense, output: Dense, heads: Int) throws {
        let h = query.inputSize
        for (name, d) in [("query", query), ("key", key), ("value", value), ("output", output)] {
            guard d.inputSize == h, d.units == h else {
                throw NeuralError.shapeMismatch("attention \(name) projection must be (\(h), \(h)), got \(d.kernel.shape)")
            }
        }
        guard heads >= 1, h % heads == 0 else {
            throw NeuralError.invalidArgument("\(heads) attention heads do not divide the width \(h)")
        }
        self.query = query
        self.key = key
        self.value = value
        self.output = output
        self.heads = heads
        var fused = Tensor.zeros([h, 3 * h])
        for r in 0..<h {
            for (part, d) in [query, key, value].enumerated() {
                for j in 0..<h { fused.scalars[r * 3 * h + part * h + j] = d.kernel.scalars[r * h + j] }
            }
        }
        let bias = try Tensor(shape: [3 * h], scalars: query.bias.scalars + key.bias.scalars + value.bias.scalars)
        projection = try Dense(kernel: fused, bias: bias)
    }

    /// The fast path on a padded batch.
    /// - Parameters:
    ///   - x: (B, T, H).
    ///   - mask: (B, T), 1 for a real token and 0 for padding, real tokens first (a padding mask).
    ///   - recordingWeights: also return the attention weights (B, heads, T, T).
    /// - Returns: (B, T, H); rows of padded positions are 0.
    /// - Throws: `NeuralError` for shapes that do not fit or a mask that is not ones then zeros.
    public func callAsFunction(_ x: Tensor, mask: Tensor, recordingWeights: Bool = false) throws -> AttentionResult {
        let (b, t) = try validate(x, mask: mask)
        var lengths: [Int] = []
        for s in 0..<b {
            let row = mask.scalars[(s * t)..<((s + 1) * t)]
            let length = row.prefix { $0 == 1 }.count
            guard row.dropFirst(length).allSatisfy({ $0 == 0 }) else {
                throw NeuralError.invalidArgument(
                    "attention mask row \(s) is not a padding mask (ones for the real tokens, then zeros): \(Array(row))")
            }
            lengths.append(length)
        }
        // Pack the real tokens, run, unpack.
        let h = width
        var packed: [Float] = []
        var sequences: [Range<Int>] = []
        for s in 0..<b {
            sequences.append(packed.count / h..<(packed.count / h + lengths[s]))
            packed += x.scalars[(s * t * h)..<((s * t + lengths[s]) * h)]
        }
        var out = [Float](repeating: 0, count: packed.count)
        var maps: [Tensor]? = recordingWeights ? [] : nil
        packed.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                apply(x: xp.baseAddress!, sequences: sequences, out: op.baseAddress!, weights: &maps)
            }
        }
        var result = Tensor.zeros([b, t, h])
        var weights: Tensor? = recordingWeights ? Tensor.zeros([b, heads, t, t]) : nil
        for (s, range) in sequences.enumerated() {
            result.scalars.replaceSubrange((s * t * h)..<((s * t + range.count) * h), with: out[(range.lowerBound * h)..<(range.upperBound * h)])
            if let map = maps?[s] {
                let l = range.count
                for head in 0..<heads {
                    for q in 0..<l {
                        for k in 0..<l { weights![s, head, q, k] = map.scalars[(head * l + q) * l + k] }
                    }
                }
            }
        }
        return AttentionResult(output: result, weights: weights)
    }

    /// The definition in plain loops, as PyTorch's BertSelfAttention computes it: every position,
    /// padded ones included, with float32's lowest value added to the scores of masked keys.
    /// Takes any 0/1 mask (B, T). The reference the fast path is tested against.
    public func referenceForward(_ x: Tensor, mask: Tensor) throws -> AttentionResult {
        let (b, t) = try validate(x, mask: mask)
        let (h, d) = (width, headWidth)
        let q = try query.referenceForward(x), k = try key.referenceForward(x), v = try value.referenceForward(x)
        var context = Tensor.zeros([b, t, h])
        var weights = Tensor.zeros([b, heads, t, t])
        let scale = 1 / Float(d).squareRoot()
        for s in 0..<b {
            for head in 0..<heads {
                for i in 0..<t {
                    var scores = [Float](repeating: 0, count: t)
                    for j in 0..<t {
                        var dot: Float = 0
                        for e in 0..<d { dot += q[s, i, head * d + e] * k[s, j, head * d + e] }
                        scores[j] = dot * scale + (1 - mask[s, j]) * -Float.greatestFiniteMagnitude
                    }
                    let top = scores.max()!
                    let exps = scores.map { Foundation.exp($0 - top) }
                    let sum = exps.reduce(0, +)
                    for j in 0..<t { weights[s, head, i, j] = exps[j] / sum }
                    for e in 0..<d {
                        var acc: Float = 0
                        for j in 0..<t { acc += weights[s, head, i, j] * v[s, j, head * d + e] }
                        context[s, i, head * d + e] = acc
                    }
                }
            }
        }
        return AttentionResult(output: try output.referenceForward(context), weights: weights)
    }

    /// The fast path over packed tokens: `x` holds the real tokens of all sequences one after
    /// another (rows of H), `sequences` their row ranges; `out` receives the projected output.
    /// (sequence, head) pairs are spread over the cores, each pair two single-threaded GEMMs.
    /// - Parameter weights: when not nil, receives one (heads, L, L) tensor per sequence.
    func apply(x: UnsafePointer<Float>, sequences: [Range<Int>], out: UnsafeMutablePointer<Float>, weights: inout [Tensor]?) {
        let rows = sequences.last?.upperBound ?? 0
        guard rows > 0 else { return }
        let (h, d) = (width, headWidth)
        let qkv = UnsafeMutablePointer<Float>.allocate(capacity: rows * 3 * h)
        let context = UnsafeMutablePointer<Float>.allocate(capacity: rows * h)
        defer { qkv.deallocate(); context.deallocate() }
        projection.apply(rows: rows, x: x, out: qkv)

        let longest = sequences.map(\.count).max() ?? 0
        let pairs = sequences.count * heads
        let parts = max(1, min(defaultGEMMThreads(), pairs, rows * longest * h / 200_000 + 1))
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: parts * longest * longest)
        defer { scores.deallocate() }
        // Probabilities, when recorded: one block of heads·L·L per sequence.
        var offsets: [Int] = [], total = 0
        for range in sequences { offsets.append(total); total += heads * range.count * range.count }
        let record = weights != nil
        let kept = UnsafeMutablePointer<Float>.allocate(capacity: record ? max(total, 1) : 1)
        defer { kept.deallocate() }
        let shared = AttentionPointers(qkv: qkv, context: context, scores: scores, kept: kept)
        let scale = 1 / Float(d).squareRoot()
        let heads = self.heads
        forEachPart(parts) { part in
            withSerialProducts {
                let p = shared.scores + part * longest * longest
                var pair = part
                while pair < pairs {
                    let (s, head) = (pair / heads, pair % heads)
                    let range = sequences[s]
                    let l = range.count
                    let base = shared.qkv + range.lowerBound * 3 * h + head * d
                    // scores (L, L) = Q_h · K_hᵀ / √d
                    sgemm(transB: true, m: l, n: l, k: d, alpha: scale, a: base, lda: 3 * h,
                          b: base + h, ldb: 3 * h, c: p, ldc: l)
                    for i in 0..<l { softmaxRow(p + i * l, count: l) }
                    if record { (shared.kept + offsets[s] + head * l * l).update(from: p, count: l * l) }
                    // context rows of this head (L, d) = P · V_h
                    sgemm(m: l, n: d, k: l, a: p, lda: l, b: base + 2 * h, ldb: 3 * h,
                          c: shared.context + range.lowerBound * h + head * d, ldc: h)
                    pair += parts
                }
            }
        }
        output.apply(rows: rows, x: context, out: out)
        if record {
            weights = sequences.enumerated().map { s, range in
                let n = heads * range.count * range.count
                return try! Tensor(shape: [heads, range.count, range.count], scalars: Array(UnsafeBufferPointer(start: kept + offsets[s], count: n)))
            }
        }
    }

    func validate(_ x: Tensor, mask: Tensor) throws -> (Int, Int) {
        guard x.rank == 3, x.shape[2] == width else {
            throw NeuralError.shapeMismatch("attention expects x (B, T, \(width)), got \(x.shape)")
        }
        guard mask.shape == [x.shape[0], x.shape[1]] else {
            throw NeuralError.shapeMismatch("attention mask must be (B, T) = \([x.shape[0], x.shape[1]]), got \(mask.shape)")
        }
        guard mask.scalars.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw NeuralError.invalidArgument("attention mask holds values other than 0 and 1")
        }
        return (x.shape[0], x.shape[1])
    }
}

/// The buffers of one attention pass, shared by its worker threads (each writes disjoint parts).
struct AttentionPointers: @unchecked Sendable {
    let qkv: UnsafeMutablePointer<Float>
    let context: UnsafeMutablePointer<Float>
    let scores: UnsafeMutablePointer<Float>
    let kept: UnsafeMutablePointer<Float>
}

/// exp(x_i − max) / Σ exp(x_j − max) in place over one row.
@inline(__always)
func softmaxRow(_ p: UnsafeMutablePointer<Float>, count: Int) {
    var top = -Float.infinity
    for j in 0..<count { top = max(top, p[j]) }
    mapInPlace(p, count: count) { vectorExp($0 - top) }
    var sum: Float = 0
    for j in 0..<count { sum += p[j] }
    let inverse = 1 / sum
    for j in 0..<count { p[j] *= inverse }
}
