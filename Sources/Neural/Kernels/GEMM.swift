import CBLAS
import CKernels
import Foundation

/// Which implementation runs a matrix product.
///
/// `.automatic` is what the engine uses; the others stay callable as references (the tests and
/// `wm nn bench` compare them).
public enum GEMMKernel: String, Sendable, CaseIterable {
    /// The fastest kernel for the shape on this CPU (see `GEMMKernel.choice`).
    case automatic
    /// CKernels' own blocked SGEMM / GEMV, best instruction set of this CPU (AVX-512, AVX2, C).
    case native
    /// CKernels with AVX2 + FMA at most (what a CPU without AVX-512 runs).
    case nativeAVX2
    /// OpenBLAS `cblas_sgemm` (with OPENBLAS_CORETYPE=Haswell it runs AVX2 kernels).
    case openBLAS
    /// The triple loop of the definition: the reference every other kernel is tested against.
    case naive

    /// The kernel `.automatic` picks for an (m, n, k) product on this CPU.
    ///
    /// Measured on the development machine (AMD EPYC Zen 5, `wm nn bench --kernels`): with AVX-512
    /// the native kernel beats OpenBLAS's Haswell kernels on every shape the engine runs (1.8–2×
    /// on GEMM, 4–7× on batch-1 GEMV, packed), except tiny products where OpenBLAS's lower call overhead
    /// wins. Without AVX-512 the native AVX2 kernel only wins the small-m (GEMV-like) products.
    public static func choice(m: Int, n: Int, k: Int) -> GEMMKernel {
        switch CKernelPath.best {
        case .avx512: return m * n * k < 8192 && m > 1 ? .openBLAS : .native
        case .avx2: return m <= 8 ? .native : .openBLAS
        case .naive: return .openBLAS
        }
    }
}

/// The instruction-set path CKernels takes on this CPU.
public enum CKernelPath: String, Sendable {
    case naive, avx2, avx512

    /// The best path this CPU supports (detected once by CPUID).
    public static let best: CKernelPath = {
        switch ck_best_path() {
        case CK_PATH_AVX512: return .avx512
        case CK_PATH_AVX2: return .avx2
        default: return .naive
        }
    }()

    var c: ck_path {
        switch self {
        case .naive: return CK_PATH_NAIVE
        case .avx2: return CK_PATH_AVX2
        case .avx512: return CK_PATH_AVX512
        }
    }
}

/// How many threads large products may use: all cores, at most 8, unless set to fewer, e.g.
/// by a server that runs several models side by side (`gemmThreadLimit = 1`). Process-wide.
public var gemmThreadLimit: Int {
    get {
        let set = Int(ck_thread_limit())
        return set > 0 ? set : coreThreadLimit
    }
    set { ck_set_thread_limit(Int32(clamping: max(1, newValue))) }
}

/// All cores, at most 8: beyond that the engine's products stop scaling.
let coreThreadLimit = min(ProcessInfo.processInfo.activeProcessorCount, 8)

/// Threads a product may use when the caller does not say: `gemmThreadLimit`, or 1 inside work
/// that is already split across cores (`withSerialProducts`).
@inlinable
public func defaultGEMMThreads() -> Int {
    let cap = Int(ck_thread_cap())
    return cap > 0 ? min(cap, gemmThreadLimit) : gemmThreadLimit
}

/// Runs `body` with every product on this thread kept single-threaded (the caller already runs
/// one share of the work per core).
@inlinable
public func withSerialProducts<R>(_ body: () throws -> R) rethrows -> R {
    let saved = ck_thread_cap()
    ck_set_thread_cap(1)
    defer { ck_set_thread_cap(saved) }
    return try body()
}

/// Sets how many threads OpenBLAS uses (its own pool; the `.openBLAS` kernel only).
public func setOpenBLASThreads(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

/// Stops OpenBLAS's worker threads now. OpenBLAS starts them when the process loads it, and they
/// spin on the cores for ~100 ms before they sleep (0.10 CPU-seconds in the first 300 ms of an
/// idle process here), which a short job started at once pays for: a 0.5 s training run here
/// took 10 % longer. The engine's own kernels never use them (on AVX-512 OpenBLAS only serves
/// products too small to split), and OpenBLAS starts them again by itself when a large
/// `.openBLAS` product needs them (checked: a 1500³ product after this still uses two threads).
public func stopIdleOpenBLASThreads() { blas_thread_shutdown_() }

/// C ← alpha · op(A) · op(B) + beta · C, row-major, float32.
///
/// The single entry point of the engine's matrix products. When beta is 0, C is not read.
/// - Parameters:
///   - transA: use Aᵀ; A is stored (K, M) when true, (M, K) otherwise.
///   - transB: use Bᵀ; B is stored (N, K) when true, (K, N) otherwise.
///   - m: rows of op(A) and C.  - n: columns of op(B) and C.  - k: the shared extent.
///   - kernel: the implementation; `.automatic` picks per shape.
///   - threads: at most this many threads (nil: `gemmThreadLimit`); products too small to gain
///     from a second core run on the caller's thread.
@inlinable
public func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
    kernel: GEMMKernel = .automatic, threads: Int? = nil
) {
    sgemmDispatch(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                  b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, kernel: kernel, threads: threads)
}

@usableFromInline
func sgemmDispatch(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, kernel: GEMMKernel, threads: Int?
) {
    if m <= 0 || n <= 0 { return }
    let chosen = kernel == .automatic ? GEMMKernel.choice(m: m, n: n, k: k) : kernel
    let ta: Int32 = transA ? 1 : 0, tb: Int32 = transB ? 1 : 0
    switch chosen {
    case .openBLAS:
        if k == 0 {  // OpenBLAS scales C by beta in this case too, but keep one code path for it
            ck_sgemm(CK_PATH_NAIVE, ta, tb, m, n, 0, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    case .naive:
        ck_sgemm_naive(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    case .native, .nativeAVX2, .automatic:
        let path = chosen == .nativeAVX2 ? CK_PATH_AVX2 : CKernelPath.best.c
        let parts = GEMMSplit(m: m, n: n, k: k, threads: threads ?? defaultGEMMThreads())
        if parts.count == 1 {
            ck_sgemm(path, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        let pointers = GEMMPointers(a: a, b: b, c: c)
        forEachPart(parts.count) { part in
            let r = parts.range(part)
            if parts.splitsRows {
                let aPart = transA ? pointers.a + r.lowerBound : pointers.a + r.lowerBound * lda
                ck_sgemm(path, ta, tb, r.count, n, k, alpha, aPart, lda, pointers.b, ldb, beta,
                         pointers.c + r.lowerBound * ldc, ldc)
            } else {
                let bPart = transB ? pointers.b + r.lowerBound * ldb : pointers.b + r.lowerBound
                ck_sgemm(path, ta, tb, m, r.count, k, alpha, pointers.a, lda, bPart, ldb, beta,
                         pointers.c + r.lowerBound, ldc)
            }
        }
    }
}

/// The raw pointers of one product, handed to the worker threads of a split product (each part
/// writes a disjoint block of C).
struct GEMMPointers: @unchecked Sendable {
    let a: UnsafePointer<Float>
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
}

/// How a large product is cut into parts that run on separate cores.
///
/// Splitting the rows of C repeats the packing of B in every part, splitting the columns repeats
/// the packing of A: cut the side whose partner is the larger matrix (m > n: rows). Parts are
/// whole register tiles (rows in multiples of 14, columns of 32) so no part runs ragged tiles
/// the whole product would not. Below about 4 MFLOP the fork and join cost more than they save.
struct GEMMSplit {
    let count: Int
    let splitsRows: Bool
    let extent: Int
    let grain: Int

    init(m: Int, n: Int, k: Int, threads: Int, work: Int? = nil) {
        splitsRows = m > n
        extent = splitsRows ? m : n
        grain = splitsRows ? 14 : 32
        let work = work ?? 2 * m * n * k
        let useful = max(1, min(threads, extent / (2 * grain), work / 4_000_000))
        count = useful
    }

    /// The rows (or columns) of part `i`.
    func range(_ i: Int) -> Range<Int> {
        let tiles = (extent + grain - 1) / grain
        let lo = tiles * i / count * grain, hi = min(extent, tiles * (i + 1) / count * grain)
        return lo..<hi
    }
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
