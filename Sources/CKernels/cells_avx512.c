// AVX-512 instantiation of the fused cells and activations (cells_template.h).
#if defined(__x86_64__)
#include <immintrin.h>

#define CK_TARGET __attribute__((target("avx512f,avx512vl,avx512dq,fma")))
#define CK_SUFFIX avx512
#define VF 16
#define V __m512
#define VMASK __mmask16
#define V_ZERO() _mm512_setzero_ps()
#define V_SET1(x) _mm512_set1_ps(x)
#define V_LOADU(p) _mm512_loadu_ps(p)
#define V_STOREU(p, v) _mm512_storeu_ps(p, v)
#define V_FMA(a, b, acc) _mm512_fmadd_ps(a, b, acc)
#define V_MUL(a, b) _mm512_mul_ps(a, b)
#define V_ADD(a, b) _mm512_add_ps(a, b)
#define V_SUB(a, b) _mm512_sub_ps(a, b)
#define V_DIV(a, b) _mm512_div_ps(a, b)
#define V_MIN(a, b) _mm512_min_ps(a, b)
#define V_MAX(a, b) _mm512_max_ps(a, b)
#define V_ROUND(a) _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define V_MASK(n) ((n) >= VF ? (__mmask16)0xFFFF : (n) <= 0 ? (__mmask16)0 : (__mmask16)((1u << (n)) - 1))
#define V_MLOADU(m, p) _mm512_maskz_loadu_ps(m, p)
#define V_MSTOREU(p, m, v) _mm512_mask_storeu_ps(p, m, v)
#define V_EXP2I(y, n) _mm512_scalef_ps(y, n)

#define V_SQRT(a) _mm512_sqrt_ps(a)
#include "cells_template.h"
#include "train_cells_template.h"
#endif
