// Reference LSTM and GRU cell updates: the equations, one unit at a time, with libm.
#include "CKernels.h"
#include <math.h>

static float sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }

void ck_lstm_cell_naive(long batch, long hidden, const float *z, long ldz, const float *bias,
                        float *c, long ldc, float *h, long ldh) {
    for (long r = 0; r < batch; r++) {
        const float *zr = z + r * ldz;
        for (long j = 0; j < hidden; j++) {
            float zi = zr[j], zf = zr[hidden + j], zg = zr[2 * hidden + j], zo = zr[3 * hidden + j];
            if (bias) {
                zi += bias[j]; zf += bias[hidden + j]; zg += bias[2 * hidden + j]; zo += bias[3 * hidden + j];
            }
            float cj = sigmoidf(zf) * c[r * ldc + j] + sigmoidf(zi) * tanhf(zg);
            c[r * ldc + j] = cj;
            h[r * ldh + j] = sigmoidf(zo) * tanhf(cj);
        }
    }
}

void ck_gru_cell_naive(long batch, long hidden, const float *p, long ldp, const float *q,
                       long ldq, const float *bias, float *h, long ldh) {
    for (long r = 0; r < batch; r++) {
        const float *pr = p + r * ldp, *qr = q + r * ldq;
        for (long j = 0; j < hidden; j++) {
            float br = bias ? bias[j] : 0, bz = bias ? bias[hidden + j] : 0,
                  bn = bias ? bias[2 * hidden + j] : 0;
            float rg = sigmoidf(pr[j] + qr[j] + br);
            float zg = sigmoidf(pr[hidden + j] + qr[hidden + j] + bz);
            float ng = tanhf(pr[2 * hidden + j] + rg * (qr[2 * hidden + j] + bn));
            h[r * ldh + j] = (1 - zg) * ng + zg * h[r * ldh + j];
        }
    }
}
