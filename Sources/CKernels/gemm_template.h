// The blocked, packed SGEMM of CKernels, written once over a small vector vocabulary and
// instantiated per instruction set by sgemm_avx512.c and sgemm_avx2.c (which define the macros
// below before including this file). Not a public header.
//
// Algorithm: Goto & van de Geijn, "Anatomy of High-Performance Matrix Multiplication" (TOMS 2008),
// the loop nest of BLIS: for each NC-wide column block of op(B), for each KC-deep slice, pack
// op(B) into NR-wide strips; for each MC-tall row block, pack op(A) into MR-tall strips; then an
// MR × NR register-tile micro-kernel runs over the strips. Row-major throughout: the vectors run
// along n (rows of B), the broadcasts along m (columns of A).
//
// Small m (a batch-1 streaming step is a GEMV) skips packing: the "direct" kernels read A and B
// in place, because packing B would cost as much as the product itself.
//
// Required macros: CK_TARGET, CK_SUFFIX, VF (floats per vector), V (vector type), VMASK (mask
// type), V_ZERO, V_SET1, V_LOAD, V_LOADU, V_FMA(a,b,acc), V_MUL, V_ADD, V_MASK(n),
// V_MLOADU(mask,p), V_MSTOREU(p,mask,v), V_REDUCE(v); tile sizes MR, NV (NR = NV·VF), KC, MC, NC;
// direct tile sizes DR (rows), DV (vectors), DV1 (vectors of the one-row kernel),
// CK_DIRECT_MAX_M (largest m that always takes the direct kernels); optional CK_WIDE_MAX_M,
// CK_WIDE_MAX_A and DRW: larger m (op(A) up to CK_WIDE_MAX_A floats) in DRW-row direct tiles.
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "CKernels.h"
#include "workspace.h"

#define CK_CAT2(a, b) a##_##b
#define CK_CAT(a, b) CK_CAT2(a, b)
#define CK_FN(name) CK_CAT(name, CK_SUFFIX)
#define NR (NV * VF)
#if CK_PANEL % NR != 0
#error "the packed panel width must be a multiple of the register tile width"
#endif

/// Packs the mc × kc block of op(A) starting at (i0, p0) into MR-tall strips, zero-padded:
/// ap[strip][p][i] (each strip is kc × MR).
CK_TARGET static void CK_FN(pack_a)(int trans_a, const float *a, long lda, long i0, long p0,
                                    long mc, long kc, float *restrict ap) {
    for (long s = 0; s < mc; s += MR) {
        long rows = mc - s < MR ? mc - s : MR;
        float *dst = ap + s * kc;
        if (!trans_a) {
#ifdef V_PACK_ROWS
            // One gather of the strip's rows per column p: contiguous stores, zero-padded rows.
            if (V_PACK_ROWS(a + (i0 + s) * lda + p0, lda, rows, kc, dst)) continue;
#endif
            for (long i = 0; i < rows; i++) {
                const float *src = a + (i0 + s + i) * lda + p0;
                for (long p = 0; p < kc; p++) dst[p * MR + i] = src[p];
            }
        } else {
            for (long p = 0; p < kc; p++) {
                const float *src = a + (p0 + p) * lda + i0 + s;
                for (long i = 0; i < rows; i++) dst[p * MR + i] = src[i];
            }
        }
        for (long i = rows; i < MR; i++)
            for (long p = 0; p < kc; p++) dst[p * MR + i] = 0;
    }
}

/// Packs the kc × nc block of op(B) starting at (p0, j0) into NR-wide strips, zero-padded:
/// bp[strip][p][j] (each strip is kc × NR).
CK_TARGET static void CK_FN(pack_b)(int trans_b, const float *b, long ldb, long p0, long j0,
                                    long kc, long nc, float *restrict bp) {
    for (long s = 0; s < nc; s += NR) {
        long cols = nc - s < NR ? nc - s : NR;
        float *dst = bp + s * kc;
        if (!trans_b) {
            if (cols == NR) {
                for (long p = 0; p < kc; p++) {
                    const float *src = b + (p0 + p) * ldb + j0 + s;
                    for (long v = 0; v < NV; v++) V_STORE(dst + p * NR + v * VF, V_LOADU(src + v * VF));
                }
            } else {
                for (long p = 0; p < kc; p++) {
                    const float *src = b + (p0 + p) * ldb + j0 + s;
                    long j = 0;
                    for (; j < cols; j++) dst[p * NR + j] = src[j];
                    for (; j < NR; j++) dst[p * NR + j] = 0;
                }
            }
        } else {
            for (long j = 0; j < cols; j++) {
                const float *src = b + (j0 + s + j) * ldb + p0;
                for (long p = 0; p < kc; p++) dst[p * NR + j] = src[p];
            }
            for (long j = cols; j < NR; j++)
                for (long p = 0; p < kc; p++) dst[p * NR + j] = 0;
        }
    }
}

/// Writes one tile: C ← alpha·acc + beta·C over the valid mr × nr corner (beta == 0: C unread).
#define CK_STORE_TILE(ROWS, NVEC, acc, c, ldc, alpha, beta, mr, nr)                        \
    do {                                                                                   \
        VMASK masks_[NVEC];                                                                \
        for (int v_ = 0; v_ < (NVEC); v_++) masks_[v_] = V_MASK((nr) - v_ * VF);            \
        V va_ = V_SET1(alpha), vb_ = V_SET1(beta);                                         \
        _Pragma("clang loop unroll(full)")                                                 \
        for (int i_ = 0; i_ < (ROWS); i_++) {                                              \
            if (i_ < (mr)) {                                                               \
                float *cp_ = (c) + i_ * (ldc);                                             \
                _Pragma("clang loop unroll(full)")                                         \
                for (int v_ = 0; v_ < (NVEC); v_++) {                                      \
                    V r_ = V_MUL(acc[i_][v_], va_);                                        \
                    if ((beta) != 0) r_ = V_FMA(vb_, V_MLOADU(masks_[v_], cp_ + v_ * VF), r_); \
                    V_MSTOREU(cp_ + v_ * VF, masks_[v_], r_);                              \
                }                                                                          \
            }                                                                              \
        }                                                                                  \
    } while (0)

/// The micro-kernel over packed strips: acc = Σ_p ap[p][·] ⊗ bp[p][·] for ROWS_ of the MR rows
/// of a strip, then stored. `micro` computes all MR rows; `micro_half` the first MR/2, for the
/// ragged last strip of a block (m = 128 leaves 2 rows: half the work of a full tile instead of all).
#define CK_DEFINE_MICRO(NAME, ROWS_)                                                             \
CK_TARGET static void CK_FN(NAME)(long kc, const float *restrict ap, const float *restrict bp,    \
                                  long ldbp, float *c, long ldc, float alpha, float beta, long mr, \
                                  long nr) {                                                      \
    V acc[ROWS_][NV];                                                                             \
    _Pragma("clang loop unroll(full)")                                                            \
    for (int i = 0; i < ROWS_; i++)                                                               \
        _Pragma("clang loop unroll(full)")                                                        \
        for (int v = 0; v < NV; v++) acc[i][v] = V_ZERO();                                        \
    for (long p = 0; p < kc; p++) {                                                               \
        V bv[NV];                                                                                 \
        _Pragma("clang loop unroll(full)")                                                        \
        for (int v = 0; v < NV; v++) bv[v] = V_LOAD(bp + v * VF);                                 \
        _Pragma("clang loop unroll(full)")                                                        \
        for (int i = 0; i < ROWS_; i++) {                                                         \
            V av = V_SET1(ap[i]);                                                                 \
            _Pragma("clang loop unroll(full)")                                                    \
            for (int v = 0; v < NV; v++) acc[i][v] = V_FMA(av, bv[v], acc[i][v]);                \
        }                                                                                         \
        ap += MR;                                                                                 \
        bp += ldbp;                                                                               \
    }                                                                                             \
    CK_STORE_TILE(ROWS_, NV, acc, c, ldc, alpha, beta, mr, nr);                                   \
}
CK_DEFINE_MICRO(micro_full, MR)
CK_DEFINE_MICRO(micro_half, MR / 2)

CK_TARGET static inline void CK_FN(micro)(long kc, const float *restrict ap,
                                          const float *restrict bp, long ldbp, float *c, long ldc,
                                          float alpha, float beta, long mr, long nr) {
    if (mr <= MR / 2) CK_FN(micro_half)(kc, ap, bp, ldbp, c, ldc, alpha, beta, mr, nr);
    else CK_FN(micro_full)(kc, ap, bp, ldbp, c, ldc, alpha, beta, mr, nr);
}

/// Direct kernel for a few rows (no packing of A): op(A) element (i, p) is a[i·rsa + p·csa].
/// op(B) element (p, j) is b[p·rsb + (j / CK_PANEL)·ssb + j % CK_PANEL]: B stored (k, n) in place
/// is rsb = ldb, ssb = CK_PANEL; B pre-packed by ck_pack_b is rsb = CK_PANEL, ssb = CK_PANEL·k,
/// which streams every panel sequentially (twice as fast for a GEMV whose weights sit in L2).
/// Tiles of up to DR_ rows and DV_·VF columns: `direct` (DR × DV) serves small batches,
/// `direct1` (1 × DV1) the batch-1 GEMV of a streaming step.
#define CK_DEFINE_DIRECT(NAME, DR_, DV_)                                                    \
CK_TARGET static void CK_FN(NAME)(long rows, long n, long k, float alpha, const float *a,    \
                                  long rsa, long csa, const float *b, long rsb, long ssb,    \
                                  float beta, float *c, long ldc) {                          \
    for (long j0 = 0; j0 < n; j0 += DV_ * VF) {                                              \
        long nr = n - j0 < DV_ * VF ? n - j0 : DV_ * VF;                                     \
        VMASK masks[DV_];                                                                    \
        const float *bcol[DV_];                                                              \
        for (int v = 0; v < DV_; v++) {                                                      \
            long j = j0 + v * VF;                                                            \
            masks[v] = V_MASK(nr - v * VF);                                                  \
            bcol[v] = b + (j / CK_PANEL) * ssb + j % CK_PANEL;                               \
        }                                                                                    \
        V acc[DR_][DV_];                                                                     \
        _Pragma("clang loop unroll(full)")                                                   \
        for (int i = 0; i < DR_; i++)                                                        \
            _Pragma("clang loop unroll(full)")                                               \
            for (int v = 0; v < DV_; v++) acc[i][v] = V_ZERO();                              \
        if (nr == DV_ * VF && rows == DR_) {                                                 \
            for (long p = 0, off = 0; p < k; p++, off += rsb) {                              \
                V bv[DV_];                                                                   \
                _Pragma("clang loop unroll(full)")                                           \
                for (int v = 0; v < DV_; v++) bv[v] = V_LOADU(bcol[v] + off);                \
                _Pragma("clang loop unroll(full)")                                           \
                for (int i = 0; i < DR_; i++) {                                              \
                    V av = V_SET1(a[i * rsa + p * csa]);                                     \
                    _Pragma("clang loop unroll(full)")                                       \
                    for (int v = 0; v < DV_; v++) acc[i][v] = V_FMA(av, bv[v], acc[i][v]);  \
                }                                                                            \
            }                                                                                \
        } else {                                                                             \
            /* ragged tile: only vectors that hold columns are loaded (a fully masked load */ \
            /* past the end of B could still cost a fault-suppression assist) */             \
            for (long p = 0, off = 0; p < k; p++, off += rsb) {                              \
                V bv[DV_];                                                                   \
                _Pragma("clang loop unroll(full)")                                           \
                for (int v = 0; v < DV_; v++)                                                \
                    bv[v] = v * VF < nr ? V_MLOADU(masks[v], bcol[v] + off) : V_ZERO();      \
                _Pragma("clang loop unroll(full)")                                           \
                for (int i = 0; i < DR_; i++) {                                              \
                    if (i < rows) {                                                          \
                        V av = V_SET1(a[i * rsa + p * csa]);                                 \
                        _Pragma("clang loop unroll(full)")                                   \
                        for (int v = 0; v < DV_; v++) acc[i][v] = V_FMA(av, bv[v], acc[i][v]); \
                    }                                                                        \
                }                                                                            \
            }                                                                                \
        }                                                                                    \
        CK_STORE_TILE(DR_, DV_, acc, c + j0, ldc, alpha, beta, rows, nr);                    \
    }                                                                                        \
}
CK_DEFINE_DIRECT(direct, DR, DV)
CK_DEFINE_DIRECT(direct1, 1, DV1)
#ifdef CK_WIDE_MAX_M
CK_DEFINE_DIRECT(direct_wide, DRW, DV)
#endif

/// Small m through the direct kernels (B addressed as in CK_DEFINE_DIRECT).
CK_TARGET static void CK_FN(direct_rows)(long m, long n, long k, float alpha, const float *a,
                                         long rsa, long csa, const float *b, long rsb, long ssb,
                                         float beta, float *c, long ldc) {
    if (m == 1) {
        CK_FN(direct1)(1, n, k, alpha, a, rsa, csa, b, rsb, ssb, beta, c, ldc);
        return;
    }
    long i = 0;
#ifdef CK_WIDE_MAX_M
    // Past the small-m range, DRW-row tiles; the last m mod DRW rows go to the DR-row kernel.
    if (m > CK_DIRECT_MAX_M)
        for (; i + DRW <= m; i += DRW)
            CK_FN(direct_wide)(DRW, n, k, alpha, a + i * rsa, rsa, csa, b, rsb, ssb, beta, c + i * ldc, ldc);
#endif
    for (; i + DR <= m; i += DR)
        CK_FN(direct)(DR, n, k, alpha, a + i * rsa, rsa, csa, b, rsb, ssb, beta, c + i * ldc, ldc);
    if (i < m)
        CK_FN(direct)(m - i, n, k, alpha, a + i * rsa, rsa, csa, b, rsb, ssb, beta, c + i * ldc, ldc);
}

/// Direct kernel for B stored (n, k) (op(B) = Bᵀ): each C element is a dot product of a row of
/// op(A) with a row of B; four columns at a time share the loads of A.
CK_TARGET static void CK_FN(direct_bt)(long m, long n, long k, float alpha, const float *a,
                                       long rsa, long csa, const float *b, long ldb, float beta,
                                       float *c, long ldc) {
    float *arow = ck_workspace(CK_WS_ROW, (size_t)k);
    for (long i = 0; i < m; i++) {
        const float *ai = arow;
        if (csa == 1) ai = a + i * rsa;
        else for (long p = 0; p < k; p++) arow[p] = a[i * rsa + p * csa];
        for (long j = 0; j < n; j += 4) {
            long cols = n - j < 4 ? n - j : 4;
            V acc[4] = {V_ZERO(), V_ZERO(), V_ZERO(), V_ZERO()};
            long p = 0;
            for (; p + VF <= k; p += VF) {
                V av = V_LOADU(ai + p);
                for (int q = 0; q < 4; q++)
                    if (q < cols) acc[q] = V_FMA(av, V_LOADU(b + (j + q) * ldb + p), acc[q]);
            }
            if (p < k) {
                VMASK mk = V_MASK(k - p);
                V av = V_MLOADU(mk, ai + p);
                for (int q = 0; q < 4; q++)
                    if (q < cols) acc[q] = V_FMA(av, V_MLOADU(mk, b + (j + q) * ldb + p), acc[q]);
            }
            for (int q = 0; q < cols; q++) {
                float s = alpha * V_REDUCE(acc[q]);
                float *cp = c + i * ldc + j + q;
                *cp = beta == 0 ? s : s + beta * *cp;
            }
        }
    }
}

/// Whether an m × k op(A) takes the direct kernels (no packing) rather than the blocked path.
/// Small m always; with wide tiles (CK_WIDE_MAX_M), also up to CK_WIDE_MAX_M rows while op(A)
/// stays within CK_WIDE_MAX_A floats (L2), since each DV·VF-column block of C reads all of it.
/// Measured on Zen 5 for the training step's products (m = 32...265, k = 32...1024): the 6 × 64
/// tile reading A and B in place runs at 230–265 GFLOP/s against 190–240 for packing A into
/// 14 × 32 tiles (the broadcasts of 14 rows per two B vectors, and the packing itself, cost more).
CK_TARGET static inline int CK_FN(takes_direct)(long m, long k) {
#ifdef CK_WIDE_MAX_M
    if (m <= CK_WIDE_MAX_M && m * k <= CK_WIDE_MAX_A) return 1;
#endif
    (void)k;
    return m <= CK_DIRECT_MAX_M;
}

/// The transpose of a small rows × cols matrix src (row stride ld), as cols × rows contiguous rows
/// in the B workspace (valid until the next use of that workspace).
CK_TARGET static const float *CK_FN(transposed)(const float *src, long rows, long cols, long ld) {
    float *dst = ck_workspace(CK_WS_B, (size_t)(rows * cols));
    for (long r = 0; r < rows; r++)
        for (long c = 0; c < cols; c++) dst[c * rows + r] = src[r * ld + c];
    return dst;
}

/// C ← alpha·op(A)·op(B) + beta·C for m, n, k > 0 (the dispatcher handles the empty cases).
CK_TARGET void CK_FN(ck_sgemm_kernel)(int trans_a, int trans_b, long m, long n, long k,
                                      float alpha, const float *a, long lda, const float *b,
                                      long ldb, float beta, float *c, long ldc) {
    long rsa = trans_a ? 1 : lda, csa = trans_a ? lda : 1;
    // Few columns of C (a Dense head: one unit, or the copy task's 9 outputs) over many rows:
    // the register tiles would run with n of their NR columns useful, after packing all of A.
    if (n <= CK_DIRECT_MAX_M && m > CK_DIRECT_MAX_M) {
        if (!trans_a) {
            // Dot products of A's rows with the columns of op(B), held as rows (n, k).
            const float *bt = b;
            long ldbt = ldb;
            if (!trans_b) {
                ldbt = k;
                if (!(n == 1 && ldb == 1))  // one contiguous column is already such a row
                    bt = CK_FN(transposed)(b, k, n, ldb);
            }
            CK_FN(direct_bt)(m, n, k, alpha, a, rsa, csa, bt, ldbt, beta, c, ldc);
            return;
        }
        // op(A) = Aᵀ (a weight gradient xᵀ·g): Cᵀ = op(B)ᵀ · A through the direct kernels (n rows,
        // vectors along A's rows, which stream once), stored straight into a contiguous column
        // of C, else into scratch and then transposed into C.
        long rsb = trans_b ? ldb : 1, csb = trans_b ? 1 : ldb;
        if (n == 1 && ldc == 1) {
            CK_FN(direct_rows)(1, m, k, alpha, b, rsb, csb, a, lda, CK_PANEL, beta, c, m);
            return;
        }
        float *ct = ck_workspace(CK_WS_B, (size_t)(n * m));
        CK_FN(direct_rows)(n, m, k, 1.0f, b, rsb, csb, a, lda, CK_PANEL, 0.0f, ct, m);
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) {
                float r = alpha * ct[j * m + i], *cij = c + i * ldc + j;
                *cij = beta == 0 ? r : fmaf(beta, *cij, r);
            }
        return;
    }
#ifdef CK_WIDE_MAX_M
    // op(B) = Bᵀ with a short inner extent (k ≤ 16: the input gradient g·Wᵀ of a small Dense
    // head): B is tiny, so it is transposed into scratch once and the direct tiles read A in
    // place and write C once, instead of packing all of A for 28-accumulator tiles that run k
    // steps between stores.
    if (trans_b && k <= 16 && m > CK_DIRECT_MAX_M && m * k <= CK_WIDE_MAX_A) {
        const float *bt = CK_FN(transposed)(b, n, k, ldb);
        CK_FN(direct_rows)(m, n, k, alpha, a, rsa, csa, bt, n, CK_PANEL, beta, c, ldc);
        return;
    }
#endif
    if (m <= CK_DIRECT_MAX_M && trans_b) {
        CK_FN(direct_bt)(m, n, k, alpha, a, rsa, csa, b, ldb, beta, c, ldc);
        return;
    }
    if (!trans_b && CK_FN(takes_direct)(m, k)) {
        CK_FN(direct_rows)(m, n, k, alpha, a, rsa, csa, b, ldb, CK_PANEL, beta, c, ldc);
        return;
    }
    long nc_max = n < NC ? n : NC, kc_max = k < KC ? k : KC, mc_max = m < MC ? m : MC;
    long nstrips = (nc_max + NR - 1) / NR, mstrips = (mc_max + MR - 1) / MR;
    float *bpack = ck_workspace(CK_WS_B, (size_t)(nstrips * NR * kc_max));
    float *apack = ck_workspace(CK_WS_A, (size_t)(mstrips * MR * kc_max));
    for (long jc = 0; jc < n; jc += NC) {
        long nc = n - jc < NC ? n - jc : NC;
        for (long pc = 0; pc < k; pc += KC) {
            long kc = k - pc < KC ? k - pc : KC;
            float beta_eff = pc == 0 ? beta : 1.0f;
            CK_FN(pack_b)(trans_b, b, ldb, pc, jc, kc, nc, bpack);
            for (long ic = 0; ic < m; ic += MC) {
                long mc = m - ic < MC ? m - ic : MC;
                CK_FN(pack_a)(trans_a, a, lda, ic, pc, mc, kc, apack);
                for (long jr = 0; jr < nc; jr += NR) {
                    long nr = nc - jr < NR ? nc - jr : NR;
                    for (long ir = 0; ir < mc; ir += MR) {
                        long mr = mc - ir < MR ? mc - ir : MR;
                        CK_FN(micro)(kc, apack + ir * kc, bpack + jr * kc, NR,
                                     c + (ic + ir) * ldc + jc + jr, ldc, alpha, beta_eff, mr, nr);
                    }
                }
            }
        }
    }
}

/// The same product with op(B) pre-packed by ck_pack_b (CK_PANEL-wide panels, each (k, CK_PANEL)).
CK_TARGET void CK_FN(ck_sgemm_packed_kernel)(int trans_a, long m, long n, long k, float alpha,
                                             const float *a, long lda, const float *bp,
                                             float beta, float *c, long ldc) {
    long rsa = trans_a ? 1 : lda, csa = trans_a ? lda : 1;
    if (CK_FN(takes_direct)(m, k)) {
        CK_FN(direct_rows)(m, n, k, alpha, a, rsa, csa, bp, CK_PANEL, CK_PANEL * k, beta, c, ldc);
        return;
    }
    long kc_max = k < KC ? k : KC, mc_max = m < MC ? m : MC;
    float *apack = ck_workspace(CK_WS_A, (size_t)(((mc_max + MR - 1) / MR) * MR * kc_max));
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        float beta_eff = pc == 0 ? beta : 1.0f;
        for (long ic = 0; ic < m; ic += MC) {
            long mc = m - ic < MC ? m - ic : MC;
            CK_FN(pack_a)(trans_a, a, lda, ic, pc, mc, kc, apack);
            for (long jr = 0; jr < n; jr += NR) {
                long nr = n - jr < NR ? n - jr : NR;
                const float *strip = bp + (jr / CK_PANEL) * CK_PANEL * k + pc * CK_PANEL + jr % CK_PANEL;
                for (long ir = 0; ir < mc; ir += MR) {
                    long mr = mc - ir < MR ? mc - ir : MR;
                    CK_FN(micro)(kc, apack + ir * kc, strip, CK_PANEL, c + (ic + ir) * ldc + jr, ldc,
                                 alpha, beta_eff, mr, nr);
                }
            }
        }
    }
}
