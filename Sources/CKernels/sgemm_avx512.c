// AVX-512 instantiation of the blocked SGEMM (gemm_template.h): 512-bit vectors, mask registers
// for the ragged edges. Compiled for avx512f/vl/dq + fma per function, called only when the CPU
// has them (dispatch.c).
#if defined(__x86_64__)
#include <immintrin.h>

#define CK_TARGET __attribute__((target("avx512f,avx512vl,avx512dq,fma")))
#define CK_SUFFIX avx512
#define VF 16
#define V __m512
#define VMASK __mmask16
#define V_ZERO() _mm512_setzero_ps()
#define V_SET1(x) _mm512_set1_ps(x)
#define V_LOAD(p) _mm512_load_ps(p)
#define V_STORE(p, v) _mm512_store_ps(p, v)
#define V_LOADU(p) _mm512_loadu_ps(p)
#define V_FMA(a, b, acc) _mm512_fmadd_ps(a, b, acc)
#define V_MUL(a, b) _mm512_mul_ps(a, b)
#define V_ADD(a, b) _mm512_add_ps(a, b)
#define V_MASK(n) ((n) >= VF ? (__mmask16)0xFFFF : (n) <= 0 ? (__mmask16)0 : (__mmask16)((1u << (n)) - 1))
#define V_MLOADU(m, p) _mm512_maskz_loadu_ps(m, p)
#define V_MSTOREU(p, m, v) _mm512_mask_storeu_ps(p, m, v)
#define V_REDUCE(v) _mm512_reduce_add_ps(v)

// Register tile 14 × 32: 28 accumulators + 2 B vectors of the 32 zmm registers.
#ifndef CK512_MR
#define CK512_MR 14
#define CK512_NV 2
#define CK512_KC 256
#define CK512_MC 168
#define CK512_NC 1024
#endif
#define MR CK512_MR
#define NV CK512_NV
#define KC CK512_KC
#define MC CK512_MC
#define NC CK512_NC
#define DR 5
#define DV 4
#define DV1 8
#define CK_DIRECT_MAX_M 10
// 6 × 64 direct tiles (24 accumulators) up to m = 512 with op(A) ≤ 128 Ki floats: see takes_direct.
#define DRW 6
#define CK_WIDE_MAX_M 512
#define CK_WIDE_MAX_A (128L * 1024)

// pack_a of a non-transposed A: column p of a strip (MR ≤ 16 rows at stride lda) is one masked
// gather and one masked store of MR floats (rows past `rows` are zero), instead of MR scalar
// copies at stride MR. Returns 0 (the caller packs with the scalar loop) when the row offsets
// would not fit the gather's 32-bit indices.
CK_TARGET static inline int ck512_pack_rows(const float *a, long lda, long rows, long kc,
                                            float *restrict dst) {
    if (MR > 16 || lda <= 0 || lda > (1L << 26)) return 0;
    __m512i idx = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                     _mm512_set1_epi32((int)lda));
    __mmask16 live = V_MASK(rows), strip = V_MASK(MR);
    for (long p = 0; p < kc; p++) {
        __m512 v = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), live, idx, a + p, 4);
        _mm512_mask_storeu_ps(dst + p * MR, strip, v);
    }
    return 1;
}
#define V_PACK_ROWS(a, lda, rows, kc, dst) ck512_pack_rows(a, lda, rows, kc, dst)

#include "gemm_template.h"

// Transposes the 16 × 16 block held in r[0..15] (row i → r[i]) in place: three rounds of
// in-lane unpacks and 128-bit lane shuffles.
CK_TARGET static inline void ck512_transpose16(__m512 r[16]) {
    __m512 t[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    // r[4g + q], 128-bit lane L: column 4L + q of rows 4g...4g + 3.
    for (int g = 0; g < 4; g++) {
        __m512d a = _mm512_castps_pd(t[4 * g]), b = _mm512_castps_pd(t[4 * g + 1]);
        __m512d c = _mm512_castps_pd(t[4 * g + 2]), d = _mm512_castps_pd(t[4 * g + 3]);
        r[4 * g] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
        r[4 * g + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
        r[4 * g + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
        r[4 * g + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
    }
    __m512 out[16];
    for (int q = 0; q < 4; q++) {
        __m512 u0 = _mm512_shuffle_f32x4(r[q], r[4 + q], 0x88), u1 = _mm512_shuffle_f32x4(r[q], r[4 + q], 0xdd);
        __m512 u2 = _mm512_shuffle_f32x4(r[8 + q], r[12 + q], 0x88), u3 = _mm512_shuffle_f32x4(r[8 + q], r[12 + q], 0xdd);
        out[q] = _mm512_shuffle_f32x4(u0, u2, 0x88);
        out[8 + q] = _mm512_shuffle_f32x4(u0, u2, 0xdd);
        out[4 + q] = _mm512_shuffle_f32x4(u1, u3, 0x88);
        out[12 + q] = _mm512_shuffle_f32x4(u1, u3, 0xdd);
    }
    for (int i = 0; i < 16; i++) r[i] = out[i];
}

// ck_pack_b (dispatch.c has the layout and the portable loop), which a training step runs on
// its weights every step ([W_x; W_h] in the forward pass, W_hᵀ in the backward pass). B stored
// (k, n): each panel row is two masked vector copies. op(B) = Bᵀ: 16 × 16 blocks of B (16 rows,
// 16 contiguous elements each) transposed in registers, each line of B read once (gathers at
// stride ldb = 4 KiB thrashed one L1 set: 230 µs for W_hᵀ of the copy task's LSTM 256).
#if CK_PANEL != 32
#error "ck_pack_b_avx512 fills a panel row with two 16-lane vectors"
#endif
CK_TARGET int ck_pack_b_avx512(int trans_b, long k, long n, const float *b, long ldb, float *packed) {
    if (!trans_b) {
        for (long j0 = 0; j0 < n; j0 += CK_PANEL) {
            float *panel = packed + j0 * k;
            long cols = n - j0 < CK_PANEL ? n - j0 : CK_PANEL;
            __mmask16 m0 = V_MASK(cols), m1 = V_MASK(cols - 16);
            for (long p = 0; p < k; p++) {
                const float *src = b + p * ldb + j0;
                _mm512_storeu_ps(panel + p * CK_PANEL, _mm512_maskz_loadu_ps(m0, src));
                _mm512_storeu_ps(panel + p * CK_PANEL + 16, m1 ? _mm512_maskz_loadu_ps(m1, src + 16) : _mm512_setzero_ps());
            }
        }
        return 1;
    }
    for (long j0 = 0; j0 < n; j0 += CK_PANEL) {
        float *panel = packed + j0 * k;
        for (long h = 0; h < CK_PANEL; h += 16) {
            long rows = n - j0 - h < 16 ? n - j0 - h : 16;
            const float *src = b + (j0 + h) * ldb;
            for (long p = 0; p < k; p += 16) {
                long depth = k - p < 16 ? k - p : 16;
                __mmask16 live = V_MASK(depth);
                __m512 r[16];
                for (int i = 0; i < 16; i++)
                    r[i] = i < rows ? _mm512_maskz_loadu_ps(live, src + i * ldb + p) : _mm512_setzero_ps();
                ck512_transpose16(r);
                for (long q = 0; q < depth; q++) _mm512_storeu_ps(panel + (p + q) * CK_PANEL + h, r[q]);
            }
        }
    }
    return 1;
}
#endif
