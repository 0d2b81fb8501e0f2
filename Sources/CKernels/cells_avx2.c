// AVX2 + FMA instantiation of the fused cells and activations (cells_template.h).
#if defined(__x86_64__)
#include <immintrin.h>

#define CK_TARGET __attribute__((target("avx2,fma")))
#define CK_SUFFIX avx2
#define VF 8
#define V __m256
#define VMASK __m256i
#define V_ZERO() _mm256_setzero_ps()
#define V_SET1(x) _mm256_set1_ps(x)
#define V_LOADU(p) _mm256_loadu_ps(p)
#define V_STOREU(p, v) _mm256_storeu_ps(p, v)
#define V_FMA(a, b, acc) _mm256_fmadd_ps(a, b, acc)
#define V_MUL(a, b) _mm256_mul_ps(a, b)
#define V_ADD(a, b) _mm256_add_ps(a, b)
#define V_SUB(a, b) _mm256_sub_ps(a, b)
#define V_DIV(a, b) _mm256_div_ps(a, b)
#define V_MIN(a, b) _mm256_min_ps(a, b)
#define V_MAX(a, b) _mm256_max_ps(a, b)
#define V_ROUND(a) _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define V_MASK(n) _mm256_cmpgt_epi32(_mm256_set1_epi32((int)((n) < 0 ? 0 : (n) > 8 ? 8 : (n))), \
                                     _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define V_MLOADU(m, p) _mm256_maskload_ps(p, m)
#define V_MSTOREU(p, m, v) _mm256_maskstore_ps(p, m, v)
// y · 2^n for integral n in [−126, 127] (the clamp of vexp keeps n there): build 2^n's bits.
#define V_EXP2I(y, n) _mm256_mul_ps(y, _mm256_castsi256_ps(_mm256_slli_epi32( \
    _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23)))

#define V_SQRT(a) _mm256_sqrt_ps(a)
#include "cells_template.h"
#include "train_cells_template.h"
#endif
