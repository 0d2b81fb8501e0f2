// Fused gate kernels of training (forward passes that record the tape, backward passes through
// one timestep), instantiated per instruction set by cells_avx512.c and cells_avx2.c after
// cells_template.h (they use its vsigmoid / vtanh). Not public; the references are in
// train_cells.c.

/// LSTM forward with tape, units [j, j + VF) of one row.
#define CK_LSTM_TRAIN_FWD(LOAD, STORE, m)                                                     \
    do {                                                                                      \
        V zi = LOAD(m, ar + j), zf = LOAD(m, ar + hidden + j);                                \
        V zg = LOAD(m, ar + 2 * hidden + j), zo = LOAD(m, ar + 3 * hidden + j);               \
        if (bias) {                                                                           \
            zi = V_ADD(zi, LOAD(m, bias + j));                                                \
            zf = V_ADD(zf, LOAD(m, bias + hidden + j));                                       \
            zg = V_ADD(zg, LOAD(m, bias + 2 * hidden + j));                                   \
            zo = V_ADD(zo, LOAD(m, bias + 3 * hidden + j));                                   \
        }                                                                                     \
        V i = CK_FN(vsigmoid)(zi), f = CK_FN(vsigmoid)(zf);                                   \
        V g = CK_FN(vtanh)(zg), o = CK_FN(vsigmoid)(zo);                                      \
        STORE(ar + j, m, i); STORE(ar + hidden + j, m, f);                                    \
        STORE(ar + 2 * hidden + j, m, g); STORE(ar + 3 * hidden + j, m, o);                   \
        V cn = V_FMA(f, LOAD(m, cpr + j), V_MUL(i, g));                                       \
        STORE(cnr + j, m, cn);                                                                \
        V th = CK_FN(vtanh)(cn);                                                              \
        STORE(tcr + j, m, th);                                                                \
        STORE(hnr + j, m, V_MUL(o, th));                                                      \
    } while (0)

CK_TARGET void CK_FN(ck_lstm_train_forward_kernel)(long batch, long hidden, float *a, long lda,
                                                   const float *bias, const float *c_prev, float *c_next,
                                                   float *tanh_c, float *h_next, long ld) {
    VMASK tail = V_MASK(hidden % VF);
    for (long r = 0; r < batch; r++) {
        float *ar = a + r * lda;
        const float *cpr = c_prev + r * ld;
        float *cnr = c_next + r * ld, *tcr = tanh_c + r * ld, *hnr = h_next + r * ld;
        long j = 0;
#define LOAD(m, p) V_LOADU(p)
#define STORE(p, m, v) V_STOREU(p, v)
        for (; j + VF <= hidden; j += VF) CK_LSTM_TRAIN_FWD(LOAD, STORE, tail);
#undef LOAD
#undef STORE
#define LOAD(m, p) V_MLOADU(m, p)
#define STORE(p, m, v) V_MSTOREU(p, m, v)
        if (j < hidden) CK_LSTM_TRAIN_FWD(LOAD, STORE, tail);
#undef LOAD
#undef STORE
    }
}

/// LSTM backward through one timestep, units [j, j + VF) of one row.
#define CK_LSTM_TRAIN_BWD(LOAD, STORE, m)                                                     \
    do {                                                                                      \
        V one = V_SET1(1.0f);                                                                 \
        V i = LOAD(m, gr + j), f = LOAD(m, gr + hidden + j);                                  \
        V g = LOAD(m, gr + 2 * hidden + j), o = LOAD(m, gr + 3 * hidden + j);                 \
        V th = LOAD(m, tcr + j), dhv = LOAD(m, dhr + j);                                      \
        if (dout) dhv = V_ADD(dhv, LOAD(m, dor + j));                                         \
        V dcv = V_ADD(LOAD(m, dcr + j), V_MUL(V_MUL(dhv, o), V_SUB(one, V_MUL(th, th))));     \
        V dai = V_MUL(V_MUL(V_MUL(dcv, g), i), V_SUB(one, i));                                \
        V daf = V_MUL(V_MUL(V_MUL(dcv, LOAD(m, cpr + j)), f), V_SUB(one, f));                 \
        V dag = V_MUL(V_MUL(dcv, i), V_SUB(one, V_MUL(g, g)));                                \
        V dao = V_MUL(V_MUL(V_MUL(dhv, th), o), V_SUB(one, o));                               \
        STORE(dar + j, m, dai); STORE(dar + hidden + j, m, daf);                              \
        STORE(dar + 2 * hidden + j, m, dag); STORE(dar + 3 * hidden + j, m, dao);             \
        if (dbr) {                                                                            \
            STORE(dbr + j, m, V_ADD(LOAD(m, dbr + j), dai));                                  \
            STORE(dbr + hidden + j, m, V_ADD(LOAD(m, dbr + hidden + j), daf));                \
            STORE(dbr + 2 * hidden + j, m, V_ADD(LOAD(m, dbr + 2 * hidden + j), dag));        \
            STORE(dbr + 3 * hidden + j, m, V_ADD(LOAD(m, dbr + 3 * hidden + j), dao));        \
        }                                                                                     \
        STORE(dcr + j, m, V_MUL(dcv, f));                                                     \
    } while (0)

CK_TARGET void CK_FN(ck_lstm_train_backward_kernel)(long batch, long hidden, const float *gates,
                                                    long ldg, const float *c_prev,
                                                    const float *tanh_c, const float *dout,
                                                    const float *dh, float *dc, float *da,
                                                    float *db_rows, long ld) {
    VMASK tail = V_MASK(hidden % VF);
    for (long r = 0; r < batch; r++) {
        const float *gr = gates + r * ldg, *cpr = c_prev + r * ld, *tcr = tanh_c + r * ld;
        const float *dor = dout ? dout + r * ld : 0, *dhr = dh + r * ld;
        float *dcr = dc + r * ld, *dar = da + r * ldg, *dbr = db_rows ? db_rows + r * ldg : 0;
        long j = 0;
#define LOAD(m, p) V_LOADU(p)
#define STORE(p, m, v) V_STOREU(p, v)
        for (; j + VF <= hidden; j += VF) CK_LSTM_TRAIN_BWD(LOAD, STORE, tail);
#undef LOAD
#undef STORE
#define LOAD(m, p) V_MLOADU(m, p)
#define STORE(p, m, v) V_MSTOREU(p, m, v)
        if (j < hidden) CK_LSTM_TRAIN_BWD(LOAD, STORE, tail);
#undef LOAD
#undef STORE
    }
}

/// GRU (reset after) forward with tape, units [j, j + VF) of one row.
#define CK_GRU_TRAIN_FWD(LOAD, STORE, m)                                                      \
    do {                                                                                      \
        V xrv = LOAD(m, xr + ro + j), xzv = LOAD(m, xr + zo + j), xnv = LOAD(m, xr + no + j); \
        if (bias_x) {                                                                         \
            xrv = V_ADD(xrv, LOAD(m, bias_x + ro + j));                                       \
            xzv = V_ADD(xzv, LOAD(m, bias_x + zo + j));                                       \
            xnv = V_ADD(xnv, LOAD(m, bias_x + no + j));                                       \
        }                                                                                     \
        V rg = CK_FN(vsigmoid)(V_ADD(xrv, LOAD(m, qr + ro + j)));                             \
        V zg = CK_FN(vsigmoid)(V_ADD(xzv, LOAD(m, qr + zo + j)));                             \
        V ng = CK_FN(vtanh)(V_FMA(rg, LOAD(m, qr + no + j), xnv));                            \
        STORE(xr + ro + j, m, rg); STORE(xr + zo + j, m, zg); STORE(xr + no + j, m, ng);      \
        STORE(hnr + j, m, V_FMA(zg, LOAD(m, hpr + j), V_MUL(V_SUB(V_SET1(1.0f), zg), ng)));   \
    } while (0)

CK_TARGET void CK_FN(ck_gru_train_forward_kernel)(long batch, long hidden, long ro, long zo,
                                                  long no, float *x, const float *bias_x,
                                                  const float *q, long ldg,
                                                  const float *h_prev, float *h_next, long ld) {
    VMASK tail = V_MASK(hidden % VF);
    for (long r = 0; r < batch; r++) {
        float *xr = x + r * ldg;
        const float *qr = q + r * ldg, *hpr = h_prev + r * ld;
        float *hnr = h_next + r * ld;
        long j = 0;
#define LOAD(m, p) V_LOADU(p)
#define STORE(p, m, v) V_STOREU(p, v)
        for (; j + VF <= hidden; j += VF) CK_GRU_TRAIN_FWD(LOAD, STORE, tail);
#undef LOAD
#undef STORE
#define LOAD(m, p) V_MLOADU(m, p)
#define STORE(p, m, v) V_MSTOREU(p, m, v)
        if (j < hidden) CK_GRU_TRAIN_FWD(LOAD, STORE, tail);
#undef LOAD
#undef STORE
    }
}

/// GRU (reset after) backward through one timestep, units [j, j + VF) of one row.
#define CK_GRU_TRAIN_BWD(LOAD, STORE, m)                                                      \
    do {                                                                                      \
        V one = V_SET1(1.0f);                                                                 \
        V r = LOAD(m, gr + ro + j), z = LOAD(m, gr + zo + j), c = LOAD(m, gr + no + j);       \
        V d = LOAD(m, dhr + j);                                                               \
        if (dout) d = V_ADD(d, LOAD(m, dor + j));                                             \
        V dan = V_MUL(V_MUL(d, V_SUB(one, z)), V_SUB(one, V_MUL(c, c)));                      \
        V dar = V_MUL(V_MUL(V_MUL(dan, LOAD(m, qr + no + j)), r), V_SUB(one, r));             \
        V daz = V_MUL(V_MUL(V_MUL(d, V_SUB(LOAD(m, hpr + j), c)), z), V_SUB(one, z));         \
        STORE(gxr + ro + j, m, dar); STORE(gxr + zo + j, m, daz); STORE(gxr + no + j, m, dan);\
        STORE(ghr + ro + j, m, dar); STORE(ghr + zo + j, m, daz);                             \
        STORE(ghr + no + j, m, V_MUL(dan, r));                                                \
        STORE(dhr + j, m, V_MUL(d, z));                                                       \
        if (dbxr) {                                                                           \
            STORE(dbxr + ro + j, m, V_ADD(LOAD(m, dbxr + ro + j), dar));                      \
            STORE(dbxr + zo + j, m, V_ADD(LOAD(m, dbxr + zo + j), daz));                      \
            STORE(dbxr + no + j, m, V_ADD(LOAD(m, dbxr + no + j), dan));                      \
            STORE(dbhr + ro + j, m, V_ADD(LOAD(m, dbhr + ro + j), dar));                      \
            STORE(dbhr + zo + j, m, V_ADD(LOAD(m, dbhr + zo + j), daz));                      \
            STORE(dbhr + no + j, m, V_ADD(LOAD(m, dbhr + no + j), V_MUL(dan, r)));            \
        }                                                                                     \
    } while (0)

CK_TARGET void CK_FN(ck_gru_train_backward_kernel)(long batch, long hidden, long ro, long zo,
                                                   long no, const float *gates, const float *q,
                                                   long ldg, const float *h_prev,
                                                   const float *dout, float *dh, float *dax,
                                                   float *dah, float *dbx_rows, float *dbh_rows,
                                                   long ld) {
    VMASK tail = V_MASK(hidden % VF);
    for (long r0 = 0; r0 < batch; r0++) {
        const float *gr = gates + r0 * ldg, *qr = q + r0 * ldg, *hpr = h_prev + r0 * ld;
        const float *dor = dout ? dout + r0 * ld : 0;
        float *dhr = dh + r0 * ld, *gxr = dax + r0 * ldg, *ghr = dah + r0 * ldg;
        float *dbxr = dbx_rows ? dbx_rows + r0 * ldg : 0, *dbhr = dbx_rows ? dbh_rows + r0 * ldg : 0;
        long j = 0;
#define LOAD(m, p) V_LOADU(p)
#define STORE(p, m, v) V_STOREU(p, v)
        for (; j + VF <= hidden; j += VF) CK_GRU_TRAIN_BWD(LOAD, STORE, tail);
#undef LOAD
#undef STORE
#define LOAD(m, p) V_MLOADU(m, p)
#define STORE(p, m, v) V_MSTOREU(p, m, v)
        if (j < hidden) CK_GRU_TRAIN_BWD(LOAD, STORE, tail);
#undef LOAD
#undef STORE
    }
}

/// Adam (L2 weight decay 0) over n floats; see ck_adam_update.
CK_TARGET void CK_FN(ck_adam_update_kernel)(long n, float *w, const float *g, float *m, float *v,
                                            float scale, float b1, float b2, float step_size,
                                            float bc2_root, float eps) {
    V vb1 = V_SET1(b1), vb2 = V_SET1(b2), c1 = V_SET1(1 - b1), c2 = V_SET1(1 - b2);
    V vs = V_SET1(step_size), vr = V_SET1(bc2_root), ve = V_SET1(eps), vc = V_SET1(scale);
    long i = 0;
#define CK_ADAM(LOAD, STORE, mk)                                                                \
    do {                                                                                        \
        V gi = V_MUL(LOAD(mk, g + i), vc);                                                      \
        V mi = V_ADD(V_MUL(vb1, LOAD(mk, m + i)), V_MUL(c1, gi));                               \
        V vi = V_ADD(V_MUL(vb2, LOAD(mk, v + i)), V_MUL(V_MUL(c2, gi), gi));                    \
        STORE(m + i, mk, mi);                                                                   \
        STORE(v + i, mk, vi);                                                                   \
        V den = V_ADD(V_DIV(V_SQRT(vi), vr), ve);                                               \
        STORE(w + i, mk, V_SUB(LOAD(mk, w + i), V_DIV(V_MUL(vs, mi), den)));                    \
    } while (0)
#define LOAD(mk, p) V_LOADU(p)
#define STORE(p, mk, x) V_STOREU(p, x)
    for (; i + VF <= n; i += VF) CK_ADAM(LOAD, STORE, 0);
#undef LOAD
#undef STORE
#define LOAD(mk, p) V_MLOADU(mk, p)
#define STORE(p, mk, x) V_MSTOREU(p, mk, x)
    if (i < n) {
        VMASK tail = V_MASK(n - i);
        CK_ADAM(LOAD, STORE, tail);
    }
#undef LOAD
#undef STORE
#undef CK_ADAM
}

/// Σ g² over n floats, in VF lanes (one partial sum per lane, then the lanes in order).
CK_TARGET double CK_FN(ck_sum_squares_kernel)(long n, const float *g) {
    V acc = V_ZERO();
    long i = 0;
    for (; i + VF <= n; i += VF) {
        V x = V_LOADU(g + i);
        acc = V_FMA(x, x, acc);
    }
    float lanes[VF];
    V_STOREU(lanes, acc);
    double s = 0;
    for (int k = 0; k < VF; k++) s += lanes[k];
    for (; i < n; i++) s += (double)g[i] * g[i];
    return s;
}
