// CKernels: float32 kernels of the Neural engine (SGEMM, GEMV, fused recurrent gates).
//
// Every optimised kernel sits beside a plain C reference of itself (`*_naive`) and is tested
// against it and against OpenBLAS (Tests/NeuralTests/KernelTests.swift). The instruction set
// is chosen at run time (`__builtin_cpu_supports`), so the package needs no unsafe compiler
// flags: AVX-512 (avx512f/vl/dq + fma), then AVX2 + FMA, then plain C.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction-set paths a kernel can take.
typedef enum {
    CK_PATH_NAIVE = 0,   ///< plain C, the reference
    CK_PATH_AVX2 = 1,    ///< AVX2 + FMA, 256-bit
    CK_PATH_AVX512 = 2,  ///< AVX-512 F/VL/DQ + FMA, 512-bit
} ck_path;

/// The fastest path this CPU supports (detected once).
ck_path ck_best_path(void);

/// `path` if this CPU supports it, otherwise the best supported path below it.
ck_path ck_supported_path(ck_path path);

/// A short name of the path: "naive", "avx2", "avx512".
const char *ck_path_name(ck_path path);

/// A per-thread cap on how many threads the products started on this thread may use (0: no cap).
/// Work already split across cores (one batch slice per core) sets 1, so the products inside it
/// do not fork again.
int ck_thread_cap(void);

/// A process-wide limit on the threads of any product (0: none, the engine's default applies).
int ck_thread_limit(void);
void ck_set_thread_limit(int limit);

/// Runs fn(ctx, p) for every part p in [0, parts) on the caller's thread and a persistent pool of
/// worker threads (one per other core; they claim parts one at a time, spin for ~300 µs after a
/// job, then sleep). Returns when every part is done. Returns 0 without running anything when the
/// pool is busy with another job (another thread's, or this one's: a nested call) or has no
/// worker; the caller then runs the parts some other way.
int ck_parallel_for(long parts, void (*fn)(void *ctx, long part), void *ctx);
void ck_set_thread_cap(int cap);

/// Sets glibc's malloc to keep freed memory for reuse (mmap threshold 32 MiB, trim threshold
/// 256 MiB) instead of handing large blocks back to the kernel on every free. Process-wide: the
/// program's call, not a library's. Returns 1 when both settings took.
int ck_keep_freed_memory(void);

/// C ← alpha · op(A) · op(B) + beta · C, row-major, single-threaded.
///
/// op(A) is (m, k): A is stored (m, k) with row stride lda, or (k, m) when trans_a.
/// op(B) is (k, n): B is stored (k, n) with row stride ldb, or (n, k) when trans_b.
/// C is (m, n) with row stride ldc. When beta == 0, C is not read (NaN in C does not propagate),
/// as in BLAS. m, n or k may be 0.
/// - path: instruction set to use (lowered to a supported one).
void ck_sgemm(ck_path path, int trans_a, int trans_b, long m, long n, long k,
              float alpha, const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc);

/// Width of the panels of a pre-packed B (a multiple of every register tile width).
#define CK_PANEL 32

/// Floats needed to hold op(B) (k, n) pre-packed: ceil(n / CK_PANEL) panels of (k, CK_PANEL).
long ck_packed_b_count(long k, long n);

/// Packs op(B) (k, n) for ck_sgemm_packed: panel q holds columns [q·CK_PANEL, (q+1)·CK_PANEL)
/// as a contiguous (k, CK_PANEL) row-major block, zero-padded past n. B is stored (k, n) with
/// row stride ldb, or (n, k) when trans_b. `packed` must hold ck_packed_b_count(k, n) floats
/// and be 64-byte aligned.
///
/// Weights are packed once and reused by every timestep: the product then never re-packs B,
/// and a batch-1 step (GEMV) streams each panel sequentially.
void ck_pack_b(int trans_b, long k, long n, const float *b, long ldb, float *packed);

/// C ← alpha · op(A) · B + beta · C with B pre-packed by ck_pack_b (same conventions as ck_sgemm).
void ck_sgemm_packed(ck_path path, int trans_a, long m, long n, long k, float alpha,
                     const float *a, long lda, const float *packed_b, float beta,
                     float *c, long ldc);

/// The reference: the triple loop of the definition, accumulating in float in k order.
void ck_sgemm_naive(int trans_a, int trans_b, long m, long n, long k,
                    float alpha, const float *a, long lda, const float *b, long ldb,
                    float beta, float *c, long ldc);

/// LSTM cell update, fused (one pass over the gate pre-activations).
///
/// z (batch, 4H) row stride ldz holds the pre-activations x·W_x + b_x + h·W_h in the gate order
/// i, f, g, o (PyTorch and Keras agree on it); bias (4H) is added to every row (NULL: none).
/// For every row r and unit j:
///   i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o)
///   c[r,j] ← f·c[r,j] + i·g ;  h[r,j] ← o·tanh(c[r,j])
/// c (batch, H) row stride ldc is updated in place; h (batch, H) row stride ldh is written.
/// z is not modified. σ follows Cephes expf; tanh is (e^{2x} − 1)/(e^{2x} + 1) from the same
/// polynomial (at most 2.5 ulp; relative error < 2e-7; cells_template.h).
void ck_lstm_cell(ck_path path, long batch, long hidden, const float *z, long ldz,
                  const float *bias, float *c, long ldc, float *h, long ldh);
void ck_lstm_cell_naive(long batch, long hidden, const float *z, long ldz, const float *bias,
                        float *c, long ldc, float *h, long ldh);

/// One batch-1 LSTM layer over `steps` timesteps on two cores (the caller and a persistent worker
/// thread, started on first use and reused), bit-identical to the one-thread path.
///
/// Weights are in the split layout: the 4H columns reordered as [i f g o] of units [0, H/2), then
/// [i f g o] of units [H/2, H); wx_split (features, 4H) and wh_split (H, 4H) packed by ck_pack_b,
/// bh_split (4H). z (steps, 4H) must hold b_x in the split layout on entry (scratch after).
/// x (steps, features) row stride ldx; h0 (H); c (H) in/out; h_t goes to out + t·ldo (H).
/// Returns 1 when it ran, 0 when it did not (H not a multiple of 64, no SIMD path, or the worker
/// is busy with another caller): the caller then runs the one-thread path.
int ck_lstm_split_run(ck_path path, long steps, long features, long hidden,
                      const float *x, long ldx, const float *wx_split, const float *wh_split,
                      const float *bh_split, const float *h0, float *c, float *z, float *out,
                      long ldo);

/// One layer of a batch-1 LSTM stack for ck_lstm_split_stack, its parameters in the split layout
/// of ck_lstm_split_run.
typedef struct {
    long features;               // F: the model's input features (layer 0) or H of the layer below
    long hidden;                 // H, a multiple of 64
    const float *wx, *wh;        // (F, 4H) and (H, 4H), split layout, packed by ck_pack_b
    const float *bx;             // b_x (4H), split layout, copied into z first; NULL: z holds it
    const float *bh;             // b_h (4H), split layout
    const float *h0;             // h_0 (H)
    float *c;                    // c_0 (H) on entry, c_T on return
    float *z;                    // (steps, 4H) scratch
    float *out; long ldo;        // h_t goes to out + t·ldo (H); the next layer reads it
} ck_lstm_split_layer;

/// A stack of batch-1 LSTM layers (layer l + 1 reads the outputs of layer l; x (steps, F)
/// row stride ldx feeds layer 0) as one job of the two-core split: the worker runs its half of
/// every layer without a hand-off between layers. Bit-identical to ck_lstm_split_run per layer,
/// and so to the one-thread path. With two_cores == 0, or when the worker is busy with another
/// caller or backing off after a late call, it runs both halves on the calling thread (same
/// kernels, same bits). Returns 1 when it ran, 0 when the shapes or the path do not allow the
/// split layout (nothing was written).
int ck_lstm_split_stack(ck_path path, long steps, const float *x, long ldx, long count,
                        const ck_lstm_split_layer *layers, int two_cores);

/// Ends the one-thread period that follows a late worker (for tests that must take the
/// two-core path).
void ck_lstm_split_clear_backoff(void);

/// GRU cell update, fused (PyTorch nn.GRU, Keras GRU reset_after=True).
///
/// p (batch, 3H) row stride ldp: input projections x·W_x + b_x, gate order r, z, n.
/// q (batch, 3H) row stride ldq: recurrent projections h·W_h, same order; bias (3H) is b_h
/// (NULL: none). h (batch, H) row stride ldh is read as h_{t−1} and overwritten with h_t:
///   r = σ(p_r + q_r + b_r), z = σ(p_z + q_z + b_z)
///   n = tanh(p_n + r ⊙ (q_n + b_n))
///   h ← (1 − z) ⊙ n + z ⊙ h_{t−1}
/// Keras orders its GRU gates z, r, h: permute the weights once at load time. Keras
/// reset_after=False applies r before the product, so its candidate cannot use this kernel.
void ck_gru_cell(ck_path path, long batch, long hidden, const float *p, long ldp,
                 const float *q, long ldq, const float *bias, float *h, long ldh);
void ck_gru_cell_naive(long batch, long hidden, const float *p, long ldp, const float *q,
                       long ldq, const float *bias, float *h, long ldh);

/// Elementwise σ(x) = 1 / (1 + e^(−x)) and tanh over n floats in place (the activations of the
/// cells, for layers that do their own gate math).
void ck_sigmoid(ck_path path, float *x, long n);
void ck_tanh(ck_path path, float *x, long n);

/// Training, LSTM forward through one timestep for `batch` rows, recording the tape.
/// a (batch, 4H) row stride lda: pre-activations in (gate order i, f, g, o), activations out
/// (σ, σ, tanh, σ); bias (4H) is added to the pre-activations first (NULL: none).
/// c_prev, c_next, tanh_c, h_next (batch, H) share the row stride ld:
///   c_next ← f·c_prev + i·g ;  tanh_c ← tanh(c_next) ;  h_next ← o·tanh_c
void ck_lstm_train_forward(ck_path path, long batch, long hidden, float *a, long lda,
                           const float *bias, const float *c_prev, float *c_next, float *tanh_c,
                           float *h_next, long ld);
void ck_lstm_train_forward_naive(long batch, long hidden, float *a, long lda, const float *bias,
                                 const float *c_prev, float *c_next, float *tanh_c,
                                 float *h_next, long ld);

/// Training, LSTM backward through one timestep. gates (batch, 4H) row stride ldg: the
/// activations the forward pass left; da (batch, 4H) row stride ldg receives ∂L/∂a.
/// c_prev, tanh_c, dout (∂L/∂h_t from the output, NULL: none), dh (∂L/∂h_t from step t+1) and
/// dc (∂L/∂c_t in, ∂L/∂c_{t−1} out) are (batch, H) with row stride ld. With d = dh + dout:
///   dc' = dc + d·o·(1 − tanh²c); da_i = dc'·g·i(1−i); da_f = dc'·c_prev·f(1−f);
///   da_g = dc'·i·(1−g²); da_o = d·tanh c·o(1−o); dc ← dc'·f
/// db_rows (batch, 4H) row stride ldg, when not NULL, accumulates da row by row (each row sums
/// its timesteps in order, so the bias gradient does not depend on how rows are split).
void ck_lstm_train_backward(ck_path path, long batch, long hidden, const float *gates, long ldg,
                            const float *c_prev, const float *tanh_c, const float *dout,
                            const float *dh, float *dc, float *da, float *db_rows, long ld);
void ck_lstm_train_backward_naive(long batch, long hidden, const float *gates, long ldg,
                                  const float *c_prev, const float *tanh_c, const float *dout,
                                  const float *dh, float *dc, float *da, float *db_rows, long ld);

/// Training, GRU (reset after) forward through one timestep. x (batch, 3H) row stride ldg holds
/// x·W_x in (bias_x, 3H, is added: x̂ = x·W_x + b_x; NULL: none) and the activations r, z, n
/// out; q (batch, 3H) row stride ldg holds
/// ĥ = h·W_h + b_h. ro, zo, no: column offsets of the r, z, n blocks. h_prev, h_next (batch, H)
/// row stride ld: r = σ(x̂_r + ĥ_r), z = σ(x̂_z + ĥ_z), n = tanh(x̂_n + r·ĥ_n),
/// h_next = (1 − z)·n + z·h_prev.
void ck_gru_train_forward(ck_path path, long batch, long hidden, long ro, long zo, long no,
                          float *x, const float *bias_x, const float *q, long ldg,
                          const float *h_prev, float *h_next, long ld);
void ck_gru_train_forward_naive(long batch, long hidden, long ro, long zo, long no, float *x,
                                const float *bias_x, const float *q, long ldg,
                                const float *h_prev, float *h_next, long ld);

/// Training, GRU (reset after) backward through one timestep. gates, q as the forward pass left
/// them; dax, dah (batch, 3H) row stride ldg receive ∂L/∂x̂ and ∂L/∂ĥ. h_prev, dout (NULL: none)
/// and dh (batch, H) row stride ld; with d = dh + dout:
///   da_n = d(1−z)(1−n²); da_r = da_n·ĥ_n·r(1−r); da_z = d(h_prev − n)·z(1−z);
///   dax = (da_r, da_z, da_n), dah = (da_r, da_z, da_n·r), dh ← d·z
/// dbx_rows, dbh_rows (batch, 3H) row stride ldg, when not NULL (both), accumulate dax and dah
/// row by row (as db_rows of ck_lstm_train_backward).
void ck_gru_train_backward(ck_path path, long batch, long hidden, long ro, long zo, long no,
                           const float *gates, const float *q, long ldg, const float *h_prev,
                           const float *dout, float *dh, float *dax, float *dah, float *dbx_rows,
                           float *dbh_rows, long ld);
void ck_gru_train_backward_naive(long batch, long hidden, long ro, long zo, long no,
                                 const float *gates, const float *q, long ldg,
                                 const float *h_prev, const float *dout, float *dh, float *dax,
                                 float *dah, float *dbx_rows, float *dbh_rows, long ld);

/// Adam without weight decay (PyTorch `torch.optim.Adam`, foreach=False formulas) over n floats:
///   g' = g·scale; m ← b1·m + (1−b1)·g'; v ← b2·v + (1−b2)·g'²;
///   w ← w − step_size·m / (√v / bc2_root + eps)
/// with step_size = lr / (1 − b1^t) and bc2_root = √(1 − b2^t); scale is the clipping factor.
void ck_adam_update(ck_path path, long n, float *w, const float *g, float *m, float *v,
                    float scale, float b1, float b2, float step_size, float bc2_root, float eps);
void ck_adam_update_naive(long n, float *w, const float *g, float *m, float *v, float scale,
                          float b1, float b2, float step_size, float bc2_root, float eps);

/// Σ g² over n floats (float partial sums per vector lane, then a double total).
double ck_sum_squares(ck_path path, long n, const float *g);
double ck_sum_squares_naive(long n, const float *g);

/// Paths of the int8 products (quantized weights), chosen apart from the float paths: VNNI is
/// an extension of its own.
typedef enum {
    CK_S8_NAIVE = 0,
    CK_S8_AVX2 = 1,
    CK_S8_VNNI = 2,
} ck_s8_path;

/// The fastest int8 path this CPU supports (AVX-512 VNNI, AVX2 or plain C; detected once).
ck_s8_path ck_s8_best_path(void);
/// "avx512-vnni", "avx2" or "naive".
const char *ck_s8_path_name(ck_s8_path path);

/// Bytes of an int8 (k, n) matrix packed by ck_s8_pack (k rounded up to 4, n to 16).
long ck_s8_packed_bytes(long k, long n);

/// Packs int8 weights stored one output channel per row, w (n, k) row-major (PyTorch's
/// layout), for ck_s8_gemm; column_sums (n) receives Σ_r w[j][r], which the VNNI path needs.
void ck_s8_pack(long k, long n, const int8_t *w, int8_t *packed, int32_t *column_sums);

/// C (m, n) ← [C +] Q(A) · W, with W the packed int8 (k, n) matrix and per-column scales:
/// each row of A (m, k), row stride lda, is quantised on the fly (q = round(a · 127 / max|a|),
/// symmetric), the products summed exactly in int32, and output j of row i is
/// sum · ((max|a_i| / 127) · scales[j]). The three paths give the same bits. accumulate = 0
/// overwrites C, 1 adds to it.
void ck_s8_gemm(ck_s8_path path, long m, long n, long k, const float *a, long lda,
                const int8_t *packed, const float *scales, const int32_t *column_sums,
                int accumulate, float *c, long ldc);

#ifdef __cplusplus
}
#endif
#endif
