// Fused LSTM / GRU cell updates and the activations σ and tanh, written once over a vector
// vocabulary and instantiated per instruction set by cells_avx512.c and cells_avx2.c. Not public.
//
// exp follows Cephes expf (Moshier): e^x = 2^n · e^r with n = round(x·log2 e), r reduced in two
// steps (Cody–Waite) and e^r from a degree-6 polynomial; a few ulp over the clamped range.
// tanh is (e^{2x} − 1) / (e^{2x} + 1) with e^{2x} − 1 from the same reduction and polynomial
// (no cancellation near 0): at most 2.5 ulp, relative error < 2e-7, over every float in
// [−30, 30] (Cephes tanhf here before: 1.4 ulp, at 22 % more time in the LSTM forward kernel).
// σ(x) = 1 / (1 + e^{−x}) with an exact division.
//
// Required macros: CK_TARGET, CK_SUFFIX, VF, V, VMASK, V_ZERO, V_SET1, V_LOADU, V_STOREU, V_FMA,
// V_MUL, V_ADD, V_SUB, V_DIV, V_MIN, V_MAX, V_ROUND, V_MASK(n), V_MLOADU, V_MSTOREU, V_EXP2I(y, n) (y · 2^n,
// n integral in float).
#include "CKernels.h"

#define CK_CAT2(a, b) a##_##b
#define CK_CAT(a, b) CK_CAT2(a, b)
#define CK_FN(name) CK_CAT(name, CK_SUFFIX)

/// Cody–Waite reduction x = n·ln 2 + r (|r| ≤ ln 2 / 2, in two steps); returns r, n in *n.
CK_TARGET static inline V CK_FN(vreduce)(V x, V *n) {
    *n = V_ROUND(V_MUL(x, V_SET1(1.44269504088896341f)));
    x = V_FMA(*n, V_SET1(-0.693359375f), x);
    return V_FMA(*n, V_SET1(2.12194440e-4f), x);
}

/// Cephes expf's polynomial P(r): e^r ≈ 1 + r + r²·P(r) on the reduced range.
CK_TARGET static inline V CK_FN(vexp_poly)(V r) {
    V y = V_SET1(1.9875691500e-4f);
    y = V_FMA(y, r, V_SET1(1.3981999507e-3f));
    y = V_FMA(y, r, V_SET1(8.3334519073e-3f));
    y = V_FMA(y, r, V_SET1(4.1665795894e-2f));
    y = V_FMA(y, r, V_SET1(1.6666665459e-1f));
    return V_FMA(y, r, V_SET1(5.0000001201e-1f));
}

CK_TARGET static inline V CK_FN(vexp)(V x) {
    // Operand order keeps NaN: max/min return their second operand when either is NaN.
    x = V_MIN(V_SET1(88.0f), V_MAX(V_SET1(-87.0f), x));
    V n;
    V r = CK_FN(vreduce)(x, &n);
    V y = V_FMA(CK_FN(vexp_poly)(r), V_MUL(r, r), V_ADD(r, V_SET1(1.0f)));
    return V_EXP2I(y, n);
}

CK_TARGET static inline V CK_FN(vsigmoid)(V x) {
    V one = V_SET1(1.0f);
    return V_DIV(one, V_ADD(one, CK_FN(vexp)(V_SUB(V_ZERO(), x))));
}

CK_TARGET static inline V CK_FN(vtanh)(V x) {
    // tanh x = E / (E + 2) with E = e^{2x} − 1 = 2^n·(e^r − 1) + (2^n − 1), 2x = n·ln 2 + r:
    // e^r − 1 = r + r²·P(r) (vexp's polynomial without its 1) has no cancellation near 0, so one
    // exp-sized polynomial and one division cover the whole range (the odd polynomial for small
    // |x| plus a full exp that this replaces cost 22 % more in the LSTM forward kernel).
    // Clamping 2x to [−87, 18] changes no result (tanh rounds to ±1 past |x| = 9), keeps E + 2
    // finite and n in V_EXP2I's range.
    V t = V_MIN(V_SET1(18.0f), V_MAX(V_SET1(-87.0f), V_ADD(x, x)));
    V n;
    V r = CK_FN(vreduce)(t, &n);
    V em1 = V_FMA(CK_FN(vexp_poly)(r), V_MUL(r, r), r);
    V p2 = V_EXP2I(V_SET1(1.0f), n);
    V e = V_FMA(p2, em1, V_SUB(p2, V_SET1(1.0f)));
    return V_DIV(e, V_ADD(e, V_SET1(2.0f)));
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
