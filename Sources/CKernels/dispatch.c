// Run-time choice of the instruction set, and the public SGEMM entry point.
#include "CKernels.h"
#include <math.h>
#include <stdatomic.h>

void ck_sgemm_kernel_avx512(int, int, long, long, long, float, const float *, long,
                            const float *, long, float, float *, long);
void ck_sgemm_kernel_avx2(int, int, long, long, long, float, const float *, long,
                          const float *, long, float, float *, long);

static ck_path detect(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma"))
        return CK_PATH_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return CK_PATH_AVX2;
#endif
    return CK_PATH_NAIVE;
}

ck_path ck_best_path(void) {
    // Racing first calls compute the same value; a plain int store is fine here.
    static volatile int cached = -1;
    if (cached < 0) cached = (int)detect();
    return (ck_path)cached;
}

ck_path ck_supported_path(ck_path path) {
    ck_path best = ck_best_path();
    return path > best ? best : path;
}

static _Thread_local int thread_cap = 0;
int ck_thread_cap(void) { return thread_cap; }
void ck_set_thread_cap(int cap) { thread_cap = cap < 0 ? 0 : cap; }

static _Atomic int thread_limit = 0;
int ck_thread_limit(void) { return atomic_load_explicit(&thread_limit, memory_order_relaxed); }
void ck_set_thread_limit(int limit) { atomic_store_explicit(&thread_limit, limit < 0 ? 0 : limit, memory_order_relaxed); }

const char *ck_path_name(ck_path path) {
    switch (path) {
    case CK_PATH_AVX512: return "avx512";
    case CK_PATH_AVX2: return "avx2";
    default: return "naive";
    }
}

void ck_sgemm(ck_path path, int trans_a, int trans_b, long m, long n, long k,
              float alpha, const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0) {
        // Nothing to multiply: C ← beta·C (BLAS semantics; beta == 0 clears without reading).
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
        return;
    }
    switch (ck_supported_path(path)) {
#if defined(__x86_64__)
    case CK_PATH_AVX512:
        ck_sgemm_kernel_avx512(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    case CK_PATH_AVX2:
        ck_sgemm_kernel_avx2(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
#endif
    default:
        ck_sgemm_naive(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}

void ck_sgemm_packed_kernel_avx512(int, long, long, long, float, const float *, long,
                                   const float *, float, float *, long);
void ck_sgemm_packed_kernel_avx2(int, long, long, long, float, const float *, long,
                                 const float *, float, float *, long);

long ck_packed_b_count(long k, long n) { return ((n + CK_PANEL - 1) / CK_PANEL) * CK_PANEL * k; }

#if defined(__x86_64__)
int ck_pack_b_avx512(int, long, long, const float *, long, float *);
#endif

void ck_pack_b(int trans_b, long k, long n, const float *b, long ldb, float *packed) {
#if defined(__x86_64__)
    if (ck_best_path() == CK_PATH_AVX512 && ck_pack_b_avx512(trans_b, k, n, b, ldb, packed)) return;
#endif
    for (long j0 = 0; j0 < n; j0 += CK_PANEL) {
        float *panel = packed + j0 * k;
        for (long p = 0; p < k; p++)
            for (long j = 0; j < CK_PANEL; j++) {
                long col = j0 + j;
                panel[p * CK_PANEL + j] = col >= n ? 0 : trans_b ? b[col * ldb + p] : b[p * ldb + col];
            }
    }
}

void ck_sgemm_packed(ck_path path, int trans_a, long m, long n, long k, float alpha,
                     const float *a, long lda, const float *packed_b, float beta,
                     float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0) {
        ck_sgemm(CK_PATH_NAIVE, trans_a, 0, m, n, 0, alpha, a, lda, packed_b, 1, beta, c, ldc);
        return;
    }
    switch (ck_supported_path(path)) {
#if defined(__x86_64__)
    case CK_PATH_AVX512:
        ck_sgemm_packed_kernel_avx512(trans_a, m, n, k, alpha, a, lda, packed_b, beta, c, ldc);
        return;
    case CK_PATH_AVX2:
        ck_sgemm_packed_kernel_avx2(trans_a, m, n, k, alpha, a, lda, packed_b, beta, c, ldc);
        return;
#endif
    default:
        // The reference reads the panels directly: element (p, j) of B.
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) {
                const float *panel = packed_b + (j / CK_PANEL) * CK_PANEL * k + j % CK_PANEL;
                float sum = 0;
                for (long p = 0; p < k; p++)
                    sum += (trans_a ? a[p * lda + i] : a[i * lda + p]) * panel[p * CK_PANEL];
                float *cij = c + i * ldc + j;
                *cij = beta == 0 ? alpha * sum : alpha * sum + beta * *cij;
            }
    }
}

void ck_lstm_cell_kernel_avx512(long, long, const float *, long, const float *, float *, long,
                                float *, long);
void ck_lstm_cell_kernel_avx2(long, long, const float *, long, const float *, float *, long,
                              float *, long);
void ck_gru_cell_kernel_avx512(long, long, const float *, long, const float *, long,
                               const float *, float *, long);
void ck_gru_cell_kernel_avx2(long, long, const float *, long, const float *, long,
                             const float *, float *, long);
void ck_sigmoid_kernel_avx512(float *, long);
void ck_sigmoid_kernel_avx2(float *, long);
void ck_tanh_kernel_avx512(float *, long);
void ck_tanh_kernel_avx2(float *, long);

void ck_lstm_cell(ck_path path, long batch, long hidden, const float *z, long ldz,
                  const float *bias, float *c, long ldc, float *h, long ldh) {
    if (batch <= 0 || hidden <= 0) return;
    switch (ck_supported_path(path)) {
#if defined(__x86_64__)
    case CK_PATH_AVX512:
        ck_lstm_cell_kernel_avx512(batch, hidden, z, ldz, bias, c, ldc, h, ldh);
        return;
    case CK_PATH_AVX2:
        ck_lstm_cell_kernel_avx2(batch, hidden, z, ldz, bias, c, ldc, h, ldh);
        return;
#endif
    default:
        ck_lstm_cell_naive(batch, hidden, z, ldz, bias, c, ldc, h, ldh);
    }
}

void ck_gru_cell(ck_path path, long batch, long hidden, const float *p, long ldp,
                 const float *q, long ldq, const float *bias, float *h, long ldh) {
    if (batch <= 0 || hidden <= 0) return;
    switch (ck_supported_path(path)) {
#if defined(__x86_64__)
    case CK_PATH_AVX512:
        ck_gru_cell_kernel_avx512(batch, hidden, p, ldp, q, ldq, bias, h, ldh);
        return;
    case CK_PATH_AVX2:
        ck_gru_cell_kernel_avx2(batch, hidden, p, ldp, q, ldq, bias, h, ldh);
        return;
#endif
    default:
        ck_gru_cell_naive(batch, hidden, p, ldp, q, ldq, bias, h, ldh);
    }
}

void ck_sigmoid(ck_path path, float *x, long n) {
    if (n <= 0) return;
    switch (ck_supported_path(path)) {
#if defined(__x86_64__)
    case CK_PATH_AVX512: ck_sigmoid_kernel_avx512(x, n); return;
    case CK_PATH_AVX2: ck_sigmoid_kernel_avx2(x, n); return;
#endif
    default:
        for (long i = 0; i < n; i++) x[i] = 1.0f / (1.0f + expf(-x[i]));
    }
}

void ck_tanh(ck_path path, float *x, long n) {
    if (n <= 0) return;
    switch (ck_supported_path(path)) {
#if defined(__x86_64__)
    case CK_PATH_AVX512: ck_tanh_kernel_avx512(x, n); return;
    case CK_PATH_AVX2: ck_tanh_kernel_avx2(x, n); return;
#endif
    default:
        for (long i = 0; i < n; i++) x[i] = tanhf(x[i]);
    }
}
