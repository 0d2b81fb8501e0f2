import Neural

/// Exact nearest neighbours over L2-normalised vectors: all cosine similarities of a query in
/// one matrix product (the engine's GEMM), no approximation.
public struct VectorIndex: Sendable {
    /// D.
    public let dimension: Int
    /// The item ids, in row order.
    public private(set) var ids: [String] = []
    /// (N, D) row-major, each row of length 1 (or 0 for a zero vector).
    private var rows: [Float] = []
    private var slots: [String: Int] = [:]

    public init(dimension: Int) { self.dimension = dimension }

    /// The number of vectors.
    public var count: Int { ids.count }

    /// Adds or replaces the vector of `id`, normalised to length 1.
    /// - Throws: `MemoryError.invalidArgument` for a vector of another length or with NaN or infinity.
    public mutating func set(_ id: String, _ vector: [Float]) throws {
        guard vector.count == dimension else {
            throw MemoryError.invalidArgument("vector for '\(id)' has \(vector.count) numbers; this index holds \(dimension)")
        }
        guard vector.allSatisfy(\.isFinite) else {
            throw MemoryError.invalidArgument("vector for '\(id)' holds NaN or infinity")
        }
        let v = Self.normalized(vector)
        if let s = slots[id] {
            rows.replaceSubrange((s * dimension)..<((s + 1) * dimension), with: v)
        } else {
            slots[id] = ids.count
            ids.append(id)
            rows += v
        }
    }

    /// Whether `id` has a vector.
    public func contains(_ id: String) -> Bool { slots[id] != nil }

    /// Removes the vector of `id` (the last row moves into its place).
    public mutating func remove(_ id: String) {
        guard let s = slots.removeValue(forKey: id) else { return }
        let last = ids.count - 1
        if s != last {
            let moved = ids[last]
            rows.replaceSubrange((s * dimension)..<((s + 1) * dimension), with: rows[(last * dimension)..<((last + 1) * dimension)])
            ids[s] = moved
            slots[moved] = s
        }
        ids.removeLast()
        rows.removeLast(dimension)
    }

    /// The cosine similarity of `query` to every vector, in row order (`ids`).
    public func similarities(to query: [Float]) -> [Float] {
        guard query.count == dimension, count > 0 else { return [] }
        let q = Self.normalized(query)
        var out = [Float](repeating: 0, count: count)
        rows.withUnsafeBufferPointer { r in
            q.withUnsafeBufferPointer { qp in
                out.withUnsafeMutableBufferPointer { o in
                    // (1, D) · (N, D)ᵀ = (1, N)
                    sgemm(transB: true, m: 1, n: count, k: dimension, a: qp.baseAddress!, lda: dimension,
                          b: r.baseAddress!, ldb: dimension, c: o.baseAddress!, ldc: count)
                }
            }
        }
        return out
    }

    /// The similarity of `query` to every vector, by id.
    public func similarityByID(to query: [Float]) -> [String: Double] {
        var out: [String: Double] = [:]
        out.reserveCapacity(count)
        for (id, s) in zip(ids, similarities(to: query)) { out[id] = Double(s) }
        return out
    }

    /// The `k` most similar ids, best first (ties by row order).
    public func nearest(to query: [Float], k: Int) -> [(id: String, similarity: Float)] {
        let s = similarities(to: query)
        let order = s.indices.sorted { s[$0] != s[$1] ? s[$0] > s[$1] : $0 < $1 }
        return order.prefix(max(0, k)).map { (ids[$0], s[$0]) }
    }

    static func normalized(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }
}
