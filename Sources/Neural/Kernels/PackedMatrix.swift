import CKernels

/// A weight matrix op(B) (K, N) packed once for repeated products `A · B` (CKernels' panel layout).
///
/// Recurrent layers multiply by the same W_h at every timestep: packing it once means the product
/// never re-packs B, and a batch-1 step (a GEMV) streams each panel sequentially, about twice as
/// fast as reading the row-major matrix with its row stride (`wm nn bench --kernels`).
/// Layout: ⌈N/32⌉ panels, panel q holds columns 32q..<32q+32 as a contiguous (K, 32) block,
/// zero-padded past N; 64-byte aligned. Immutable after init, so it can be shared across threads.
public final class PackedMatrix: @unchecked Sendable {
    /// K: rows of op(B).
    public let rows: Int
    /// N: columns of op(B).
    public let columns: Int
    @usableFromInline let storage: UnsafeMutablePointer<Float>

    /// Packs op(B).
    /// - Parameters:
    ///   - transposed: B is stored (N, K) and op(B) = Bᵀ; otherwise B is stored (K, N).
    ///   - rows: K.  - columns: N.  - b: the matrix.  - ldb: its row stride.
    public init(transposed: Bool = false, rows k: Int, columns n: Int, b: UnsafePointer<Float>, ldb: Int) {
        precondition(k >= 0 && n >= 0, "negative extent (\(k), \(n))")
        (rows, columns, storage) = (k, n, Self.allocate(rows: k, columns: n))
        guard k > 0 && n > 0 else { return }
        let (out, source) = (UncheckedSendable(storage), UncheckedSendable(b))
        Self.forPanelRanges(rows: k, columns: n) { j0, j1 in
            let from = transposed ? source.value + j0 * ldb : source.value + j0
            ck_pack_b(transposed ? 1 : 0, k, j1 - j0, from, ldb, out.value + j0 * k)
        }
    }

    /// Calls body(j0, j1) for column ranges that start at panel boundaries and cover 0..<n: one
    /// range, or one per core for a matrix of 256k+ floats (the training step packs its 1 MiB
    /// LSTM-256 kernels every step, ~90 µs each on one core).
    static func forPanelRanges(rows k: Int, columns n: Int, _ body: @Sendable (Int, Int) -> Void) {
        let panels = (n + Int(CK_PANEL) - 1) / Int(CK_PANEL)
        let parts = k * n >= 1 << 18 ? min(defaultGEMMThreads(), panels) : 1
        if parts <= 1 {
            body(0, n)
            return
        }
        forEachPart(parts) { q in
            body(min(n, panels * q / parts * Int(CK_PANEL)), min(n, panels * (q + 1) / parts * Int(CK_PANEL)))
        }
    }

    /// Packs two (K₁, N) and (K₂, N) matrices stacked as one (K₁ + K₂, N), without copying them
    /// next to each other first: each panel is packed from the top rows, then the bottom ones.
    /// - Parameters:
    ///   - top: the first K₁ rows (row stride ldb).  - bottom: the last K₂ rows (row stride ldb).
    init(stacking top: UnsafePointer<Float>, rows k1: Int, over bottom: UnsafePointer<Float>, rows k2: Int,
         columns n: Int, ldb: Int) {
        precondition(k1 >= 0 && k2 >= 0 && n >= 0, "negative extent (\(k1) + \(k2), \(n))")
        let k = k1 + k2
        (rows, columns, storage) = (k, n, Self.allocate(rows: k, columns: n))
        guard k > 0 && n > 0 else { return }
        let pointers = UncheckedSendable((storage, top, bottom))
        Self.forPanelRanges(rows: k, columns: n) { j0, j1 in
            let (storage, top, bottom) = pointers.value
            for p0 in stride(from: j0, to: j1, by: Int(CK_PANEL)) {
                let width = min(Int(CK_PANEL), n - p0), panel = storage + p0 * k
                if k1 > 0 { ck_pack_b(0, k1, width, top + p0, ldb, panel) }
                if k2 > 0 { ck_pack_b(0, k2, width, bottom + p0, ldb, panel + k1 * Int(CK_PANEL)) }
            }
        }
    }

    /// Packs a (K, N) matrix, or the transpose of an (N, K) one (PyTorch's weight layout).
    /// - Throws: `NeuralError.invalidShape` when `matrix` is not rank 2.
    public init(_ matrix: Tensor, transposed: Bool = false) throws {
        guard matrix.rank == 2 else {
            throw NeuralError.invalidShape("a packed matrix needs a (K, N) matrix, got \(matrix.shape)")
        }
        let (k, n) = transposed ? (matrix.shape[1], matrix.shape[0]) : (matrix.shape[0], matrix.shape[1])
        (rows, columns, storage) = (k, n, Self.allocate(rows: k, columns: n))
        if k > 0 && n > 0 {
            matrix.scalars.withUnsafeBufferPointer { b in
                ck_pack_b(transposed ? 1 : 0, k, n, b.baseAddress!, matrix.shape[1], storage)
            }
        }
    }

    /// Packs a (K, N) matrix; anything that is not a matrix packs as an empty (0, 0) one (the
    /// cells validate their shapes before they run).
    static func packing(_ matrix: Tensor) -> PackedMatrix {
        (try? PackedMatrix(matrix)) ?? PackedMatrix(rows: 0, columns: 0, b: [Float](), ldb: 0)
    }

    private static func allocate(rows k: Int, columns n: Int) -> UnsafeMutablePointer<Float> {
        let count = max(ck_packed_b_count(k, n), 1)
        return UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
    }

    deinit { UnsafeMutableRawPointer(storage).deallocate() }
}

/// C ← alpha · op(A) · B + beta · C with B pre-packed (same conventions as `sgemm`).
/// - Parameters:
///   - transA: A is stored (K, M) when true, (M, K) otherwise.
///   - m: rows of op(A) and C; n and k are the packed matrix's columns and rows.
///   - kernel: `.automatic` / `.native` run the best CKernels path, `.nativeAVX2` caps it at AVX2,
///     `.naive` reads the panels with the reference loop; `.openBLAS` cannot read panels and runs
///     the native kernel.
///   - threads: at most this many threads (nil: `gemmThreadLimit`).
public func sgemm(
    transA: Bool = false, m: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    packedB: PackedMatrix, beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
    kernel: GEMMKernel = .automatic, threads: Int? = nil
) {
    let (n, k) = (packedB.columns, packedB.rows)
    if m <= 0 || n <= 0 { return }
    let path: ck_path = switch kernel {
    case .naive: CK_PATH_NAIVE
    case .nativeAVX2: CK_PATH_AVX2
    default: CKernelPath.best.c
    }
    let ta: Int32 = transA ? 1 : 0
    // Only rows are split here: a part of the columns would need its own panel offsets, and the
    // packed B is shared by every part without copying.
    let parts = GEMMSplit(m: m, n: 0, k: k, threads: threads ?? defaultGEMMThreads(), work: 2 * m * n * k)
    if parts.count == 1 || path == CK_PATH_NAIVE {
        ck_sgemm_packed(path, ta, m, n, k, alpha, a, lda, packedB.storage, beta, c, ldc)
        return
    }
    let pointers = GEMMPointers(a: a, b: packedB.storage, c: c)
    forEachPart(parts.count) { part in
        let r = parts.range(part)
        let aPart = transA ? pointers.a + r.lowerBound : pointers.a + r.lowerBound * lda
        ck_sgemm_packed(path, ta, r.count, n, k, alpha, aPart, lda, pointers.b, beta,
                        pointers.c + r.lowerBound * ldc, ldc)
    }
}
