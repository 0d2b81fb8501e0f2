// AVX2 + FMA instantiation of the blocked SGEMM (gemm_template.h): 256-bit vectors, maskload /
// maskstore for the ragged edges. For CPUs without AVX-512.
#if defined(__x86_64__)
#include <immintrin.h>

#define CK_TARGET __attribute__((target("avx2,fma")))
#define CK_SUFFIX avx2
#define VF 8
#define V __m256
#define VMASK __m256i
#define V_ZERO() _mm256_setzero_ps()
#define V_SET1(x) _mm256_set1_ps(x)
#define V_LOAD(p) _mm256_load_ps(p)
#define V_STORE(p, v) _mm256_store_ps(p, v)
#define V_LOADU(p) _mm256_loadu_ps(p)
#define V_FMA(a, b, acc) _mm256_fmadd_ps(a, b, acc)
#define V_MUL(a, b) _mm256_mul_ps(a, b)
#define V_ADD(a, b) _mm256_add_ps(a, b)
// Lane i is active when i < n: compare the lane indices with n.
#define V_MASK(n) _mm256_cmpgt_epi32(_mm256_set1_epi32((int)((n) < 0 ? 0 : (n) > 8 ? 8 : (n))), \
                                     _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define V_MLOADU(m, p) _mm256_maskload_ps(p, m)
#define V_MSTOREU(p, m, v) _mm256_maskstore_ps(p, m, v)
CK_TARGET static inline float ck_reduce256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
#define V_REDUCE(v) ck_reduce256(v)

// Register tile 6 × 16: 12 accumulators + 2 B vectors of the 16 ymm registers.
#define MR 6
#define NV 2
#define KC 256
#define MC 120
#define NC 1024
#define DR 4
#define DV 2
#define DV1 4
#define CK_DIRECT_MAX_M 8

#include "gemm_template.h"
#endif
