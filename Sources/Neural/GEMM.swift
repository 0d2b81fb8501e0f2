import CBLAS

/// C ← alpha · op(A) · op(B) + beta · C, row-major, float32.
///
/// The single entry point of the engine's matrix products, so a faster kernel can be
/// swapped in behind it (and tested against OpenBLAS, which stays the reference).
/// - Parameters:
///   - transA: use Aᵀ; A is stored (K, M) when true, (M, K) otherwise.
///   - transB: use Bᵀ; B is stored (N, K) when true, (K, N) otherwise.
///   - m: rows of op(A) and C.  - n: columns of op(B) and C.  - k: the shared extent.
@inlinable
public func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    cblas_sgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

extension Tensor {
    /// Matrix product of two rank-2 tensors: (M, K) · (K, N) → (M, N).
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank == 2, other.rank == 2 else {
            throw NeuralError.invalidShape("matmul needs two matrices, got \(shape) and \(other.shape)")
        }
        guard shape[1] == other.shape[0] else {
            throw NeuralError.shapeMismatch("matmul of \(shape) and \(other.shape): inner extents differ")
        }
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        var out = Tensor.zeros([m, n])
        if m == 0 || n == 0 { return out }
        scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                out.scalars.withUnsafeMutableBufferPointer { c in
                    if k == 0 { return }
                    sgemm(m: m, n: n, k: k, a: a.baseAddress!, lda: k,
                          b: b.baseAddress!, ldb: n, c: c.baseAddress!, ldc: n)
                }
            }
        }
        return out
    }
}
