// Fused LSTM / GRU cell updates and the activations σ and tanh, written once over a vector
// vocabulary and instantiated per instruction set by cells_avx512.c and cells_avx2.c. Not public.
//
// exp follows Cephes expf (Moshier): e^x = 2^n · e^r with n = round(x·log2 e), r reduced in two
// steps (Cody–Waite) and e^r from a degree-6 polynomial; a few ulp over the clamped range.
// tanh follows Cephes tanhf: an odd polynomial for |x| < 0.625 (no cancellation near 0), else
// 1 − 2 / (e^{2|x|} + 1), with the sign restored. σ(x) = 1 / (1 + e^{−x}) with an exact division.
//
// Required macros: CK_TARGET, CK_SUFFIX, VF, V, VMASK, V_ZERO, V_SET1, V_LOADU, V_STOREU, V_FMA,
// V_MUL, V_ADD, V_SUB, V_DIV, V_MIN, V_MAX, V_ABS, V_COPYSIGN(mag, sign), V_LT(a,b) → VMASK,
// V_BLEND(mask, a, b) (mask ? b : a), V_MASK(n), V_MLOADU, V_MSTOREU, V_EXP2I(y, n) (y · 2^n,
// n integral in float).
#include "CKernels.h"

#define CK_CAT2(a, b) a##_##b
#define CK_CAT(a, b) CK_CAT2(a, b)
#define CK_FN(name) CK_CAT(name, CK_SUFFIX)

CK_TARGET static inline V CK_FN(vexp)(V x) {
    // Operand order keeps NaN: max/min return their second operand when either is NaN.
    x = V_MIN(V_SET1(88.0f), V_MAX(V_SET1(-87.0f), x));
    V n = V_ROUND(V_MUL(x, V_SET1(1.44269504088896341f)));
    x = V_FMA(n, V_SET1(-0.693359375f), x);
    x = V_FMA(n, V_SET1(2.12194440e-4f), x);
    V y = V_SET1(1.9875691500e-4f);
    y = V_FMA(y, x, V_SET1(1.3981999507e-3f));
    y = V_FMA(y, x, V_SET1(8.3334519073e-3f));
    y = V_FMA(y, x, V_SET1(4.1665795894e-2f));
    y = V_FMA(y, x, V_SET1(1.6666665459e-1f));
    y = V_FMA(y, x, V_SET1(5.0000001201e-1f));
    y = V_FMA(y, V_MUL(x, x), V_ADD(x, V_SET1(1.0f)));
    return V_EXP2I(y, n);
}

CK_TARGET static inline V CK_FN(vsigmoid)(V x) {
    V one = V_SET1(1.0f);
    return V_DIV(one, V_ADD(one, CK_FN(vexp)(V_SUB(V_ZERO(), x))));
}

CK_TARGET static inline V CK_FN(vtanh)(V x) {
    V ax = V_ABS(x);
    // |x| < 0.625: x + x³·P(x²)
    V z = V_MUL(x, x);
    V p = V_SET1(-5.70498872745e-3f);
    p = V_FMA(p, z, V_SET1(2.06390887954e-2f));
    p = V_FMA(p, z, V_SET1(-5.37397155531e-2f));
    p = V_FMA(p, z, V_SET1(1.33314422036e-1f));
    p = V_FMA(p, z, V_SET1(-3.33332819422e-1f));
    V small = V_FMA(V_MUL(p, z), x, x);
    // |x| ≥ 0.625: 1 − 2 / (e^{2|x|} + 1)
    V e = CK_FN(vexp)(V_ADD(ax, ax));
    V large = V_SUB(V_SET1(1.0f), V_DIV(V_SET1(2.0f), V_ADD(e, V_SET1(1.0f))));
    large = V_COPYSIGN(large, x);
    return V_BLEND(V_LT(ax, V_SET1(0.625f)), large, small);
}

CK_TARGET void CK_FN(ck_sigmoid_kernel)(float *x, long n) {
    long i = 0;
    for (; i + VF <= n; i += VF) V_STOREU(x + i, CK_FN(vsigmoid)(V_LOADU(x + i)));
    if (i < n) {
        VMASK m = V_MASK(n - i);
        V_MSTOREU(x + i, m, CK_FN(vsigmoid)(V_MLOADU(m, x + i)));
    }
}

CK_TARGET void CK_FN(ck_tanh_kernel)(float *x, long n) {
    long i = 0;
    for (; i + VF <= n; i += VF) V_STOREU(x + i, CK_FN(vtanh)(V_LOADU(x + i)));
    if (i < n) {
        VMASK m = V_MASK(n - i);
        V_MSTOREU(x + i, m, CK_FN(vtanh)(V_MLOADU(m, x + i)));
    }
}

/// One vector of units [j, j + VF) of one row; `m` masks the ragged end.
#define CK_LSTM_UNITS(LOAD, m)                                                                \
    do {                                                                                      \
        V zi = LOAD(m, zr + j), zf = LOAD(m, zr + gs + j);                                \
        V zg = LOAD(m, zr + 2 * gs + j), zo = LOAD(m, zr + 3 * gs + j);               \
        if (bias) {                                                                           \
            zi = V_ADD(zi, LOAD(m, bias + j));                                                \
            zf = V_ADD(zf, LOAD(m, bias + gs + j));                                       \
            zg = V_ADD(zg, LOAD(m, bias + 2 * gs + j));                                   \
            zo = V_ADD(zo, LOAD(m, bias + 3 * gs + j));                                   \
        }                                                                                     \
        V cj = V_FMA(CK_FN(vsigmoid)(zf), LOAD(m, cr + j),                                    \
                     V_MUL(CK_FN(vsigmoid)(zi), CK_FN(vtanh)(zg)));                           \
        STORE(cr + j, m, cj);                                                                 \
        STORE(hr + j, m, V_MUL(CK_FN(vsigmoid)(zo), CK_FN(vtanh)(cj)));                       \
    } while (0)

CK_TARGET void CK_FN(ck_lstm_cell_gs_kernel)(long batch, long hidden, long gs, const float *z,
                                             long ldz, const float *bias, float *c, long ldc,
                                             float *h, long ldh) {
    VMASK tail = V_MASK(hidden % VF);
    for (long r = 0; r < batch; r++) {
        const float *zr = z + r * ldz;
        float *cr = c + r * ldc, *hr = h + r * ldh;
        long j = 0;
#define LOAD(m, p) V_LOADU(p)
#define STORE(p, m, v) V_STOREU(p, v)
        for (; j + VF <= hidden; j += VF) CK_LSTM_UNITS(LOAD, tail);
#undef LOAD
#undef STORE
#define LOAD(m, p) V_MLOADU(m, p)
#define STORE(p, m, v) V_MSTOREU(p, m, v)
        if (j < hidden) CK_LSTM_UNITS(LOAD, tail);
#undef LOAD
#undef STORE
    }
}

CK_TARGET void CK_FN(ck_lstm_cell_kernel)(long batch, long hidden, const float *z, long ldz,
                                          const float *bias, float *c, long ldc, float *h,
                                          long ldh) {
    CK_FN(ck_lstm_cell_gs_kernel)(batch, hidden, hidden, z, ldz, bias, c, ldc, h, ldh);
}

#define CK_GRU_UNITS(LOAD, m)                                                                 \
    do {                                                                                      \
        V br = V_ZERO(), bz = V_ZERO(), bn = V_ZERO();                                        \
        if (bias) {                                                                           \
            br = LOAD(m, bias + j); bz = LOAD(m, bias + hidden + j);                          \
            bn = LOAD(m, bias + 2 * hidden + j);                                              \
        }                                                                                     \
        V rg = CK_FN(vsigmoid)(V_ADD(V_ADD(LOAD(m, pr + j), LOAD(m, qr + j)), br));           \
        V zg = CK_FN(vsigmoid)(V_ADD(V_ADD(LOAD(m, pr + hidden + j), LOAD(m, qr + hidden + j)), bz)); \
        V ng = CK_FN(vtanh)(V_FMA(rg, V_ADD(LOAD(m, qr + 2 * hidden + j), bn),                \
                                   LOAD(m, pr + 2 * hidden + j)));                            \
        V hp = LOAD(m, hr + j);                                                               \
        /* (1 − z)·n + z·h = n + z·(h − n) */                                                 \
        STORE(hr + j, m, V_FMA(zg, V_SUB(hp, ng), ng));                                       \
    } while (0)

CK_TARGET void CK_FN(ck_gru_cell_kernel)(long batch, long hidden, const float *p, long ldp,
                                         const float *q, long ldq, const float *bias, float *h,
                                         long ldh) {
    VMASK tail = V_MASK(hidden % VF);
    for (long r = 0; r < batch; r++) {
        const float *pr = p + r * ldp, *qr = q + r * ldq;
        float *hr = h + r * ldh;
        long j = 0;
#define LOAD(m, p) V_LOADU(p)
#define STORE(p, m, v) V_STOREU(p, v)
        for (; j + VF <= hidden; j += VF) CK_GRU_UNITS(LOAD, tail);
#undef LOAD
#undef STORE
#define LOAD(m, p) V_MLOADU(m, p)
#define STORE(p, m, v) V_MSTOREU(p, m, v)
        if (j < hidden) CK_GRU_UNITS(LOAD, tail);
#undef LOAD
#undef STORE
    }
}
