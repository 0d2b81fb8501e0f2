// Int8 products for quantized weights: activations quantised per row, int8 weights packed per
// output channel, exact int32 sums, one float rescale per output. Three paths with the same
// integer arithmetic and the same float operations, so they agree bit for bit:
// AVX-512 VNNI (vpdpbusd), AVX2 (vpmaddwd on sign-extended int16) and plain C (the reference).
//
// Packed layout (ck_s8_pack): columns in blocks of 16, rows in groups of 4; block b, group g is
// 64 bytes at (b·K4 + g)·64, byte 4c + r holding W[4g + r][16b + c] (zero past k and n). That is
// the operand order of vpdpbusd: one 32-bit lane per column sums four consecutive rows.
#include "CKernels.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#pragma clang fp contract(off)

#define S8_BLOCK 16

static long k4_of(long k) { return (k + 3) / 4; }
static long blocks_of(long n) { return (n + S8_BLOCK - 1) / S8_BLOCK; }

long ck_s8_packed_bytes(long k, long n) { return k4_of(k) * 4 * blocks_of(n) * S8_BLOCK; }

void ck_s8_pack(long k, long n, const int8_t *w, int8_t *packed, int32_t *column_sums) {
    long k4 = k4_of(k), nb = blocks_of(n);
    memset(packed, 0, (size_t)ck_s8_packed_bytes(k, n));
    for (long j = 0; j < n; j++) {
        int32_t sum = 0;
        long b = j / S8_BLOCK, c = j % S8_BLOCK;
        for (long r = 0; r < k; r++) {
            int8_t v = w[j * k + r];
            sum += v;
            packed[((b * k4 + r / 4) * 64) + 4 * c + (r % 4)] = v;
        }
        column_sums[j] = sum;
    }
    (void)nb;
}

ck_s8_path ck_s8_best_path(void) {
    static volatile int cached = -1;
    if (cached < 0) {
        int p = CK_S8_NAIVE;
#if defined(__x86_64__)
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx2")) p = CK_S8_AVX2;
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vnni"))
            p = CK_S8_VNNI;
#endif
        cached = p;
    }
    return (ck_s8_path)cached;
}

const char *ck_s8_path_name(ck_s8_path path) {
    switch (path) {
    case CK_S8_VNNI: return "avx512-vnni";
    case CK_S8_AVX2: return "avx2";
    default: return "naive";
    }
}

/// max(amax, |a[r]|) over r in [from, k).
static float max_abs_tail(long from, long k, const float *a, float amax) {
    for (long r = from; r < k; r++) {
        float v = fabsf(a[r]);
        if (v > amax) amax = v;
    }
    return amax;
}

/// q[r] = round(a[r] · inv), clamped to ±127, for r in [from, k) (lrintf: to nearest even,
/// as the SIMD conversions round).
static void quantize_tail(long from, long k, const float *a, float inv, int16_t *q) {
    for (long r = from; r < k; r++) {
        long v = lrintf(a[r] * inv);
        q[r] = (int16_t)(v > 127 ? 127 : v < -127 ? -127 : v);
    }
}

/// Quantises one row: q = round(a · 127 / max|a|), clamped to ±127; returns the scale
/// max|a| / 127 (0 for an all-zero row, whose q are all 0). The SIMD versions below give the
/// same q and scale.
static float quantize_row(long k, const float *a, int16_t *q) {
    float amax = max_abs_tail(0, k, a, 0);
    if (!(amax > 0)) {
        for (long r = 0; r < k; r++) q[r] = 0;
        return 0;
    }
    quantize_tail(0, k, a, 127.0f / amax, q);
    return amax / 127.0f;
}

static void store_row(long n, const int32_t *sums, float row_scale, const float *scales, int accumulate,
                      float *c) {
    for (long j = 0; j < n; j++) {
        float s = row_scale * scales[j];
        float v = (float)sums[j] * s;
        c[j] = accumulate ? c[j] + v : v;
    }
}

static void row_naive(long n, long k, const int16_t *q, const int8_t *packed, int32_t *sums) {
    long k4 = k4_of(k);
    for (long j = 0; j < n; j++) {
        long b = j / S8_BLOCK, c = j % S8_BLOCK;
        int32_t s = 0;
        for (long r = 0; r < k; r++) s += (int32_t)q[r] * packed[((b * k4 + r / 4) * 64) + 4 * c + (r % 4)];
        sums[j] = s;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

/// quantize_row with AVX-512: max|a| is exact in any order and cvtps rounds to nearest even
/// like lrintf, so q and the scale are the same bits as the plain-C loop's.
__attribute__((target("avx512f,avx512bw")))
static float quantize_row_avx512(long k, const float *a, int16_t *q) {
    __m512 m = _mm512_setzero_ps();
    long r = 0;
    for (; r + 16 <= k; r += 16) m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(a + r)));
    float amax = _mm512_reduce_max_ps(m);
    amax = max_abs_tail(r, k, a, amax);
    if (!(amax > 0)) {
        for (long i = 0; i < k; i++) q[i] = 0;
        return 0;
    }
    float inv = 127.0f / amax;
    const __m512 vinv = _mm512_set1_ps(inv);
    const __m512i lo = _mm512_set1_epi32(-127), hi = _mm512_set1_epi32(127);
    r = 0;
    for (; r + 16 <= k; r += 16) {
        __m512i v = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(a + r), vinv));
        v = _mm512_min_epi32(_mm512_max_epi32(v, lo), hi);
        _mm256_storeu_si256((__m256i *)(q + r), _mm512_cvtepi32_epi16(v));
    }
    quantize_tail(r, k, a, inv, q);
    return amax / 127.0f;
}

/// quantize_row with AVX2 (same bits, as for AVX-512).
__attribute__((target("avx2")))
static float quantize_row_avx2(long k, const float *a, int16_t *q) {
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    __m256 m = _mm256_setzero_ps();
    long r = 0;
    for (; r + 8 <= k; r += 8) m = _mm256_max_ps(m, _mm256_and_ps(_mm256_loadu_ps(a + r), abs_mask));
    float lanes[8], amax = 0;
    _mm256_storeu_ps(lanes, m);
    for (int i = 0; i < 8; i++)
        if (lanes[i] > amax) amax = lanes[i];
    amax = max_abs_tail(r, k, a, amax);
    if (!(amax > 0)) {
        for (long i = 0; i < k; i++) q[i] = 0;
        return 0;
    }
    float inv = 127.0f / amax;
    const __m256 vinv = _mm256_set1_ps(inv);
    const __m256i lo = _mm256_set1_epi32(-127), hi = _mm256_set1_epi32(127);
    r = 0;
    for (; r + 8 <= k; r += 8) {
        __m256i v = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(a + r), vinv));
        v = _mm256_min_epi32(_mm256_max_epi32(v, lo), hi);
        __m128i packed = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        _mm_storeu_si128((__m128i *)(q + r), packed);
    }
    quantize_tail(r, k, a, inv, q);
    return amax / 127.0f;
}

/// store_row with AVX-512, the same two multiplies and add per output.
__attribute__((target("avx512f")))
static void store_row_avx512(long n, const int32_t *sums, float row_scale, const float *scales, int accumulate,
                             float *c) {
    const __m512 rs = _mm512_set1_ps(row_scale);
    long j = 0;
    for (; j + 16 <= n; j += 16) {
        __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_loadu_si512(sums + j)), _mm512_mul_ps(rs, _mm512_loadu_ps(scales + j)));
        _mm512_storeu_ps(c + j, accumulate ? _mm512_add_ps(_mm512_loadu_ps(c + j), v) : v);
    }
    store_row(n - j, sums + j, row_scale, scales + j, accumulate, c + j);
}

__attribute__((target("avx2")))
static void row_avx2(long n, long k, const int16_t *q, const int8_t *packed, int32_t *sums) {
    long k4 = k4_of(k), nb = blocks_of(n);
    for (long b = 0; b < nb; b++) {
        const int8_t *w = packed + b * k4 * 64;
        __m256i acc0 = _mm256_setzero_si256(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (long g = 0; g < k4; g++, w += 64) {
            int64_t x4;
            memcpy(&x4, q + 4 * g, 8);
            __m256i x = _mm256_set1_epi64x(x4);
            acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(x, _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)w))));
            acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(x, _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + 16)))));
            acc2 = _mm256_add_epi32(acc2, _mm256_madd_epi16(x, _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + 32)))));
            acc3 = _mm256_add_epi32(acc3, _mm256_madd_epi16(x, _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + 48)))));
        }
        // Lanes hold (column, pair of rows): add the pairs, then undo hadd's lane interleave.
        __m256i lo = _mm256_permute4x64_epi64(_mm256_hadd_epi32(acc0, acc1), 0xD8);
        __m256i hi = _mm256_permute4x64_epi64(_mm256_hadd_epi32(acc2, acc3), 0xD8);
        int32_t out[16];
        _mm256_storeu_si256((__m256i *)out, lo);
        _mm256_storeu_si256((__m256i *)(out + 8), hi);
        long width = n - b * S8_BLOCK < S8_BLOCK ? n - b * S8_BLOCK : S8_BLOCK;
        memcpy(sums + b * S8_BLOCK, out, (size_t)width * 4);
    }
}

/// vpdpbusd multiplies unsigned by signed bytes: the row goes in as q + 128, and 128 · Σ_r W[r][j]
/// (the column sums of the pack) comes off again.
__attribute__((target("avx512f,avx512bw,avx512vnni")))
static void row_vnni(long n, long k, const int16_t *q, const int8_t *packed, const int32_t *column_sums,
                     uint8_t *u, int32_t *sums) {
    long k4 = k4_of(k), nb = blocks_of(n);
    for (long r = 0; r < 4 * k4; r++) u[r] = (uint8_t)((r < k ? q[r] : 0) + 128);
    long b = 0;
    // Eight blocks (128 columns) at a time: eight independent accumulator chains hide the
    // latency of vpdpbusd, and each broadcast row group serves all eight.
    for (; b + 8 <= nb; b += 8) {
        const int8_t *w = packed + b * k4 * 64;
        const long stride = k4 * 64;
        __m512i acc[8];
        for (int i = 0; i < 8; i++) acc[i] = _mm512_setzero_si512();
        for (long g = 0; g < k4; g++) {
            int32_t x4;
            memcpy(&x4, u + 4 * g, 4);
            __m512i x = _mm512_set1_epi32(x4);
            const int8_t *p = w + g * 64;
            for (int i = 0; i < 8; i++) acc[i] = _mm512_dpbusd_epi32(acc[i], x, _mm512_loadu_si512(p + i * stride));
        }
        int32_t out[128];
        for (int i = 0; i < 8; i++) _mm512_storeu_si512(out + 16 * i, acc[i]);
        long width = n - b * S8_BLOCK < 128 ? n - b * S8_BLOCK : 128;
        for (long j = 0; j < width; j++) sums[b * S8_BLOCK + j] = out[j] - 128 * column_sums[b * S8_BLOCK + j];
    }
    for (; b < nb; b++) {
        const int8_t *w = packed + b * k4 * 64;
        __m512i acc = _mm512_setzero_si512();
        for (long g = 0; g < k4; g++) {
            int32_t x4;
            memcpy(&x4, u + 4 * g, 4);
            acc = _mm512_dpbusd_epi32(acc, _mm512_set1_epi32(x4), _mm512_loadu_si512(w + g * 64));
        }
        int32_t out[16];
        _mm512_storeu_si512(out, acc);
        long width = n - b * S8_BLOCK < S8_BLOCK ? n - b * S8_BLOCK : S8_BLOCK;
        for (long j = 0; j < width; j++) sums[b * S8_BLOCK + j] = out[j] - 128 * column_sums[b * S8_BLOCK + j];
    }
}
#endif

void ck_s8_gemm(ck_s8_path path, long m, long n, long k, const float *a, long lda,
                const int8_t *packed, const float *scales, const int32_t *column_sums,
                int accumulate, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (path > ck_s8_best_path()) path = ck_s8_best_path();
    long k4 = k4_of(k), nb = blocks_of(n);
    // Small rows live on the stack; the buffers hold one row of q, of q + 128 and of sums.
    int16_t q_stack[4096];
    uint8_t u_stack[4096];
    int32_t s_stack[4096];
    int heap = 4 * k4 > 4096 || nb * S8_BLOCK > 4096;
    int16_t *q = heap ? malloc((size_t)(4 * k4 + 4) * 2) : q_stack;
    uint8_t *u = heap ? malloc((size_t)(4 * k4 + 4)) : u_stack;
    int32_t *sums = heap ? malloc((size_t)(nb * S8_BLOCK) * 4) : s_stack;
    for (long i = 0; i < m; i++) {
#if defined(__x86_64__)
        float row_scale = path == CK_S8_VNNI ? quantize_row_avx512(k, a + i * lda, q)
                          : path == CK_S8_AVX2 ? quantize_row_avx2(k, a + i * lda, q)
                                               : quantize_row(k, a + i * lda, q);
#else
        float row_scale = quantize_row(k, a + i * lda, q);
#endif
        for (long r = k; r < 4 * k4; r++) q[r] = 0;
        switch (path) {
#if defined(__x86_64__)
        case CK_S8_VNNI: row_vnni(n, k, q, packed, column_sums, u, sums); break;
        case CK_S8_AVX2: row_avx2(n, k, q, packed, sums); break;
#endif
        default: row_naive(n, k, q, packed, sums); break;
        }
#if defined(__x86_64__)
        if (path == CK_S8_VNNI) store_row_avx512(n, sums, row_scale, scales, accumulate, c + i * ldc);
        else
#endif
            store_row(n, sums, row_scale, scales, accumulate, c + i * ldc);
    }
    if (heap) {
        free(q);
        free(u);
        free(sums);
    }
}
