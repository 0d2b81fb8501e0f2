// Fused gate kernels of training: the plain-C references (the equations, one unit at a time,
// with libm) and the run-time dispatch to the AVX-512 / AVX2 instantiations of
// train_cells_template.h.
#include "CKernels.h"
#include <math.h>

static float sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }

void ck_lstm_train_forward_naive(long batch, long hidden, float *a, long lda, const float *bias,
                                 const float *c_prev,
                                 float *c_next, float *tanh_c, float *h_next, long ld) {
    for (long r = 0; r < batch; r++) {
        float *ar = a + r * lda;
        for (long j = 0; j < hidden; j++) {
            float zi = ar[j], zf = ar[hidden + j], zg = ar[2 * hidden + j], zo = ar[3 * hidden + j];
            if (bias) {
                zi += bias[j]; zf += bias[hidden + j]; zg += bias[2 * hidden + j]; zo += bias[3 * hidden + j];
            }
            float i = sigmoidf(zi), f = sigmoidf(zf), g = tanhf(zg), o = sigmoidf(zo);
            ar[j] = i; ar[hidden + j] = f; ar[2 * hidden + j] = g; ar[3 * hidden + j] = o;
            float cn = f * c_prev[r * ld + j] + i * g;
            float th = tanhf(cn);
            c_next[r * ld + j] = cn;
            tanh_c[r * ld + j] = th;
            h_next[r * ld + j] = o * th;
        }
    }
}

void ck_lstm_train_backward_naive(long batch, long hidden, const float *gates, long ldg,
                                  const float *c_prev, const float *tanh_c, const float *dout,
                                  const float *dh, float *dc, float *da, float *db_rows, long ld) {
    for (long r = 0; r < batch; r++) {
        const float *gr = gates + r * ldg;
        float *dar = da + r * ldg;
        for (long j = 0; j < hidden; j++) {
            long k = r * ld + j;
            float i = gr[j], f = gr[hidden + j], g = gr[2 * hidden + j], o = gr[3 * hidden + j];
            float th = tanh_c[k], dhv = dh[k] + (dout ? dout[k] : 0);
            // h = o·tanh(c): ∂c gets dh·o·(1 − tanh²c) on top of what flows from c_{t+1}.
            float dcv = dc[k] + dhv * o * (1 - th * th);
            dar[j] = dcv * g * i * (1 - i);
            dar[hidden + j] = dcv * c_prev[k] * f * (1 - f);
            dar[2 * hidden + j] = dcv * i * (1 - g * g);
            dar[3 * hidden + j] = dhv * th * o * (1 - o);
            dc[k] = dcv * f;
            if (db_rows)
                for (long q = 0; q < 4; q++) db_rows[r * ldg + q * hidden + j] += dar[q * hidden + j];
        }
    }
}

void ck_gru_train_forward_naive(long batch, long hidden, long ro, long zo, long no, float *x,
                                const float *bias_x, const float *q, long ldg, const float *h_prev, float *h_next,
                                long ld) {
    for (long r = 0; r < batch; r++) {
        float *xr = x + r * ldg;
        const float *qr = q + r * ldg;
        for (long j = 0; j < hidden; j++) {
            float xrv = xr[ro + j], xzv = xr[zo + j], xnv = xr[no + j];
            if (bias_x) { xrv += bias_x[ro + j]; xzv += bias_x[zo + j]; xnv += bias_x[no + j]; }
            float rg = sigmoidf(xrv + qr[ro + j]);
            float zg = sigmoidf(xzv + qr[zo + j]);
            float ng = tanhf(xnv + rg * qr[no + j]);
            xr[ro + j] = rg; xr[zo + j] = zg; xr[no + j] = ng;
            h_next[r * ld + j] = (1 - zg) * ng + zg * h_prev[r * ld + j];
        }
    }
}

void ck_gru_train_backward_naive(long batch, long hidden, long ro, long zo, long no,
                                 const float *gates, const float *q, long ldg,
                                 const float *h_prev, const float *dout, float *dh, float *dax,
                                 float *dah, float *dbx_rows, float *dbh_rows, long ld) {
    for (long i = 0; i < batch; i++) {
        const float *g = gates + i * ldg, *qr = q + i * ldg;
        float *gx = dax + i * ldg, *gh = dah + i * ldg;
        for (long j = 0; j < hidden; j++) {
            long k = i * ld + j;
            float r = g[ro + j], z = g[zo + j], c = g[no + j];
            float d = dh[k] + (dout ? dout[k] : 0);
            float dan = d * (1 - z) * (1 - c * c);
            float dar = dan * qr[no + j] * r * (1 - r);
            float daz = d * (h_prev[k] - c) * z * (1 - z);
            gx[ro + j] = dar; gx[zo + j] = daz; gx[no + j] = dan;
            gh[ro + j] = dar; gh[zo + j] = daz; gh[no + j] = dan * r;
            dh[k] = d * z;
            if (dbx_rows) {
                float *bx = dbx_rows + i * ldg, *bh = dbh_rows + i * ldg;
                bx[ro + j] += dar; bx[zo + j] += daz; bx[no + j] += dan;
                bh[ro + j] += dar; bh[zo + j] += daz; bh[no + j] += dan * r;
            }
        }
    }
}

#define CK_DECLARE(isa)                                                                        \
    void ck_lstm_train_forward_kernel_##isa(long, long, float *, long, const float *,          \
                                            const float *, float *, float *, float *, long);    \
    void ck_lstm_train_backward_kernel_##isa(long, long, const float *, long, const float *,    \
                                             const float *, const float *, const float *,       \
                                             float *, float *, float *, long);                 \
    void ck_gru_train_forward_kernel_##isa(long, long, long, long, long, float *, const float *, \
                                           const float *, long, const float *, float *, long); \
    void ck_gru_train_backward_kernel_##isa(long, long, long, long, long, const float *,        \
                                            const float *, long, const float *, const float *,  \
                                            float *, float *, float *, float *, float *, long);
#if defined(__x86_64__)
CK_DECLARE(avx512)
CK_DECLARE(avx2)
#define CK_DISPATCH(name, ...)                                                                 \
    switch (ck_supported_path(path)) {                                                         \
    case CK_PATH_AVX512: name##_kernel_avx512(__VA_ARGS__); return;                            \
    case CK_PATH_AVX2: name##_kernel_avx2(__VA_ARGS__); return;                                \
    default: name##_naive(__VA_ARGS__); return;                                                \
    }
#else
#define CK_DISPATCH(name, ...) name##_naive(__VA_ARGS__);
#endif

void ck_lstm_train_forward(ck_path path, long batch, long hidden, float *a, long lda,
                           const float *bias, const float *c_prev, float *c_next, float *tanh_c,
                           float *h_next, long ld) {
    if (batch <= 0 || hidden <= 0) return;
    CK_DISPATCH(ck_lstm_train_forward, batch, hidden, a, lda, bias, c_prev, c_next, tanh_c, h_next, ld)
}

void ck_lstm_train_backward(ck_path path, long batch, long hidden, const float *gates, long ldg,
                            const float *c_prev, const float *tanh_c, const float *dout,
                            const float *dh, float *dc, float *da, float *db_rows, long ld) {
    if (batch <= 0 || hidden <= 0) return;
    CK_DISPATCH(ck_lstm_train_backward, batch, hidden, gates, ldg, c_prev, tanh_c, dout, dh, dc,
                da, db_rows, ld)
}

void ck_gru_train_forward(ck_path path, long batch, long hidden, long ro, long zo, long no,
                          float *x, const float *bias_x, const float *q, long ldg,
                          const float *h_prev, float *h_next, long ld) {
    if (batch <= 0 || hidden <= 0) return;
    CK_DISPATCH(ck_gru_train_forward, batch, hidden, ro, zo, no, x, bias_x, q, ldg, h_prev, h_next, ld)
}

void ck_gru_train_backward(ck_path path, long batch, long hidden, long ro, long zo, long no,
                           const float *gates, const float *q, long ldg, const float *h_prev,
                           const float *dout, float *dh, float *dax, float *dah, float *dbx_rows,
                           float *dbh_rows, long ld) {
    if (batch <= 0 || hidden <= 0) return;
    CK_DISPATCH(ck_gru_train_backward, batch, hidden, ro, zo, no, gates, q, ldg, h_prev, dout, dh,
                dax, dah, dbx_rows, dbh_rows, ld)
}

void ck_adam_update_naive(long n, float *w, const float *g, float *m, float *v, float scale,
                          float b1, float b2, float step_size, float bc2_root, float eps) {
    for (long i = 0; i < n; i++) {
        float gi = g[i] * scale;
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        w[i] -= step_size * m[i] / (sqrtf(v[i]) / bc2_root + eps);
    }
}

#if defined(__x86_64__)
void ck_adam_update_kernel_avx512(long, float *, const float *, float *, float *, float, float,
                                  float, float, float, float);
void ck_adam_update_kernel_avx2(long, float *, const float *, float *, float *, float, float,
                                float, float, float, float);
double ck_sum_squares_kernel_avx512(long, const float *);
double ck_sum_squares_kernel_avx2(long, const float *);
#endif

void ck_adam_update(ck_path path, long n, float *w, const float *g, float *m, float *v,
                    float scale, float b1, float b2, float step_size, float bc2_root, float eps) {
    if (n <= 0) return;
    CK_DISPATCH(ck_adam_update, n, w, g, m, v, scale, b1, b2, step_size, bc2_root, eps)
}

double ck_sum_squares_naive(long n, const float *g) {
    double s = 0;
    for (long i = 0; i < n; i++) s += (double)g[i] * g[i];
    return s;
}

double ck_sum_squares(ck_path path, long n, const float *g) {
    if (n <= 0) return 0;
    switch (ck_supported_path(path)) {
#if defined(__x86_64__)
    case CK_PATH_AVX512: return ck_sum_squares_kernel_avx512(n, g);
    case CK_PATH_AVX2: return ck_sum_squares_kernel_avx2(n, g);
#endif
    default: return ck_sum_squares_naive(n, g);
    }
}
