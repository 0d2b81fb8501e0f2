// The reference SGEMM: the definition C = alpha·op(A)·op(B) + beta·C as a triple loop.
#include "CKernels.h"

void ck_sgemm_naive(int trans_a, int trans_b, long m, long n, long k,
                    float alpha, const float *a, long lda, const float *b, long ldb,
                    float beta, float *c, long ldc) {
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++) {
            float sum = 0;
            for (long p = 0; p < k; p++) {
                float aip = trans_a ? a[p * lda + i] : a[i * lda + p];
                float bpj = trans_b ? b[j * ldb + p] : b[p * ldb + j];
                sum += aip * bpj;
            }
            float *cij = c + i * ldc + j;
            // BLAS: beta == 0 means C is output only (never read).
            *cij = beta == 0 ? alpha * sum : alpha * sum + beta * *cij;
        }
    }
}
