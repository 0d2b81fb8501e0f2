// A batch-1 LSTM layer run on two cores: the caller's thread computes the first half of the
// hidden units, a persistent worker thread the second half, with one hand-off per timestep.
//
// Why: a batch-1 step is a GEMV that streams all of W_h (H × 4H floats, 256 KB for H = 128) from
// L2 at every timestep, so one core is bound by its L2 bandwidth. Two cores each stream half of
// the columns from their own L2. Unit j of h_t needs only its own four gate columns, so with the
// columns of each half stored together ("split layout": [i f g o] of units [0, H/2), then of
// [H/2, H)), each core runs the whole cell for its units and publishes them; the partner waits
// for them before the next step reads h_t. Each row of `out` is written once (h_t goes to row
// t), so no buffer is overwritten while the partner may still read it.
//
// Every output element is computed by the same kernels in the same order as on one thread
// (dot products in k order, same fused cell), so the results are bit-identical to it.
#include "CKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include "spin.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

void ck_lstm_cell_gs_kernel_avx512(long, long, long, const float *, long, const float *, float *,
                                   long, float *, long);
void ck_lstm_cell_gs_kernel_avx2(long, long, long, const float *, long, const float *, float *,
                                 long, float *, long);

typedef struct {
    ck_path path;
    long steps;   // T
    long layers;  // L
    long total;   // units per half: L·(T + 1)
    const float *x; long ldx;
    const ck_lstm_split_layer *layer;
    // Units each half has completed (global unit g = l·(T + 1) + u of layer l; u = 0: the
    // projection, u > 0: step u − 1).
    _Atomic long done[2];
    // Next unit of half 1 to run, tagged with the job's number and unit count (CK_TAG). The
    // worker claims units one at a time; the caller, when the worker is late (taken off its core
    // by the scheduler), claims all the rest at once and runs both halves itself.
    _Atomic unsigned long claim;
    int worker_parked;  // the worker was asleep on wake_cv when this job was posted
    int taken_over;     // the caller ran some of half 1's units itself
} split_job;

static split_job job;
#ifndef CK_PREFETCH_BYTES
#define CK_PREFETCH_BYTES 24576
#endif
/// Calls left to run on one thread after the worker was late (see need_half1).
static _Atomic int backoff;
/// Length of the next back-off: doubles (16 … 256) while the awake worker keeps being late,
/// back to 0 after a call the worker kept up with. Changed only by the holder of `busy`.
static int backoff_level;
/// 1 while the worker sleeps on wake_cv (written under wake_mx).
static int worker_sleeping;
static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;   // one caller at a time uses the worker
static pthread_mutex_t wake_mx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cv = PTHREAD_COND_INITIALIZER;
static _Atomic unsigned long posted;
static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int started;

/// Waits until *v ≥ target: spins briefly, then yields the core on every check, so a partner
/// that the scheduler took off its core gets it back (no deadlock or crawl on a loaded machine).
static void wait_at_least(_Atomic long *v, long target) {
    for (int i = 0; atomic_load_explicit(v, memory_order_acquire) < target; i++) {
        if (i < 4000) CK_PAUSE();
        else sched_yield();
    }
}

static void cell(ck_path path, long units, long gs, const float *z, const float *bias, float *c,
                 float *h) {
#if defined(__x86_64__)
    if (path == CK_PATH_AVX512) { ck_lstm_cell_gs_kernel_avx512(1, units, gs, z, 0, bias, c, 0, h, 0); return; }
    if (path == CK_PATH_AVX2) { ck_lstm_cell_gs_kernel_avx2(1, units, gs, z, 0, bias, c, 0, h, 0); return; }
#endif
    // Not reached: ck_lstm_split_run refuses the other paths.
    (void)units; (void)gs; (void)z; (void)bias; (void)c; (void)h;
}

/// Unit g = l·(T + 1) + u of half p: u = 0 fills this half's columns of layer l's z with b_x
/// (when given) and adds X·W_x (X: the model input for l = 0, else layer l − 1's outputs, which
/// must be complete); u > 0 runs step t = u − 1 for this half's units (h_{t−1} must be
/// complete). Publishes done[p] = g + 1.
static void run_unit(split_job *j, int p, long g) {
    long per = j->steps + 1, l = g / per, u = g % per;
    const ck_lstm_split_layer *ly = &j->layer[l];
    long T = j->steps, H = ly->hidden, hp = H / 2, w = 2 * H, ldz = 4 * H;
    long col = p * w;
    if (u == 0) {
        const float *x = l == 0 ? j->x : j->layer[l - 1].out;
        long ldx = l == 0 ? j->ldx : j->layer[l - 1].ldo, F = ly->features;
        if (ly->bx)
            for (long r = 0; r < T; r++) memcpy(ly->z + r * ldz + col, ly->bx + col, (size_t)w * sizeof(float));
        if (F > 0) ck_sgemm_packed(j->path, 0, T, w, F, 1, x, ldx, ly->wx + col * F, 1, ly->z + col, ldz);
    } else {
        long t = u - 1;
        const float *hprev = t == 0 ? ly->h0 : ly->out + (t - 1) * ly->ldo;
        float *zt = ly->z + t * ldz + col;
        ck_sgemm_packed(j->path, 0, 1, w, H, 1, hprev, H, ly->wh + col * H, 1, zt, w);
        cell(j->path, hp, hp, zt, ly->bh + col, ly->c + p * hp, ly->out + t * ly->ldo + p * hp);
    }
    atomic_store_explicit(&j->done[p], g + 1, memory_order_release);
}

/// Brings the start of what unit g of half p reads first into L1, so that the core's wait for
/// its partner also loads weights: for a step, its W_h panels in the order the one-row GEMV
/// kernel walks them (the first k rows of the panels of its first column tile); for the
/// projection of layer l > 0, its W_x panels likewise. The steps are bound by reading W_h from
/// L2 (128 KB per half and step for H = 128): this takes part of that off the critical path.
/// A hint only: it changes no result.
static void prefetch_unit(const split_job *j, int p, long g) {
    long per = j->steps + 1, l = g / per, u = g % per;
    if (l >= j->layers || (u == 0 && l == 0)) return;
    const ck_lstm_split_layer *ly = &j->layer[l];
    long H = ly->hidden, w = 2 * H, k = u == 0 ? ly->features : H;
    // Panels per column tile: the AVX-512 kernels' one-row tile is 128 columns, their
    // few-row tile 64; the AVX2 ones are narrower.
    long tile = j->path != CK_PATH_AVX512 ? 1 : u == 0 ? 2 : 4;
    if (tile > w / CK_PANEL) tile = w / CK_PANEL;
    long rows = CK_PREFETCH_BYTES / (tile * CK_PANEL * (long)sizeof(float));
    if (rows > k) rows = k;
    const char *b = (const char *)((u == 0 ? ly->wx : ly->wh) + p * w * k);
    for (long r = 0; r < rows; r++)
        for (long q = 0; q < tile; q++)
            for (long off = 0; off < CK_PANEL * (long)sizeof(float); off += 64)
                __builtin_prefetch(b + (q * CK_PANEL * k + r * CK_PANEL) * (long)sizeof(float) + off, 0, 3);
}

/// How many units of the other half unit g needs complete: a projection (u = 0) reads every
/// output of the layer below (all units before g); step t ≥ 1 reads h_{t−1} (unit g − 1); step
/// 0 reads only h_0 and this half's own projection.
static long needs(const split_job *j, long g) { return g % (j->steps + 1) == 1 ? 0 : g; }

#define CK_TAG(seq, units, unit) (((unsigned long)(seq) << 40) | ((unsigned long)(units) << 20) | (unsigned long)(unit))
#define CK_TAG_SEQ(w) ((w) >> 40)
#define CK_TAG_UNITS(w) ((long)(((w) >> 20) & 0xfffffUL))
#define CK_TAG_UNIT(w) ((long)((w) & 0xfffffUL))

/// Makes sure half 1's units below `upto` are complete: waits for the worker, and when it is
/// late (5 µs after a short spin), claims every unit it has not started and runs them here.
/// `*mine` becomes the first unit taken over (the caller then runs the rest of half 1 too).
static void need_half1(split_job *j, unsigned long seq, long upto, long *mine) {
    double give_up = 0;
    for (int i = 0; atomic_load_explicit(&j->done[1], memory_order_acquire) < upto; i++) {
        if (i < 200) { CK_PAUSE(); continue; }
        if (give_up == 0) give_up = ck_seconds() + 5e-6;
        if (ck_seconds() < give_up) { CK_PAUSE(); continue; }
        unsigned long cur = atomic_load_explicit(&j->claim, memory_order_acquire);
        long next = CK_TAG_UNIT(cur);
        if (next < upto && atomic_compare_exchange_strong(&j->claim, &cur, CK_TAG(seq, j->total, j->total))) {
            // Units claimed before this one are running on the worker: they finish first.
            wait_at_least(&j->done[1], next);
            for (long v = next; v < upto; v++) run_unit(j, 1, v);
            *mine = next;
            j->taken_over = 1;
            // A worker that was awake (spinning) and still late lost its core to other work:
            // run the next calls on one thread, longer each time it happens again. A worker that
            // was asleep was only slow to wake (futex latency), which says nothing about load;
            // backing off then would trap us on one thread, since the worker falls asleep during
            // every back-off and the first call after it would find it asleep again.
            if (!j->worker_parked) {
                backoff_level = backoff_level == 0 ? 16 : (backoff_level >= 256 ? 256 : 2 * backoff_level);
                atomic_store_explicit(&backoff, backoff_level, memory_order_relaxed);
            } else {
                // Still bound the cost of a worker that keeps waking late (other work on its
                // core): two calls on one thread, short enough that it is still spinning after.
                atomic_store_explicit(&backoff, 2, memory_order_relaxed);
            }
            return;
        }
        sched_yield();  // the worker holds the unit we need: let it run
    }
}

#if defined(__x86_64__)
#define CK512 __attribute__((target("avx512f,avx512vl,avx512dq,fma")))
/// Columns of the accumulators a split step keeps between its two parts (2H ≤ 512: H ≤ 256).
#define CK_SPLIT_MAX_COLS 512
static _Alignas(64) float caller_acc[CK_SPLIT_MAX_COLS];

/// acc[j] (+)= Σ_{k0 ≤ k < k1} a[k]·B[k][j] for the w columns of a packed B with K rows, one
/// fused multiply-add per k in k order, starting from 0 when k0 == 0: the arithmetic of the
/// one-row GEMV kernel (sgemm direct1), cut in two parts at any k.
CK512 static void gemv_part_avx512(const float *a, long k0, long k1, const float *b, long K, long w,
                                   float *acc) {
    for (long j0 = 0; j0 < w; j0 += 8 * 16) {
        long nv = (w - j0) / 16 < 8 ? (w - j0) / 16 : 8;
        __m512 r[8];
        const float *col[8];
        for (int v = 0; v < 8; v++) {
            long j = j0 + v * 16;
            col[v] = b + (j / CK_PANEL) * CK_PANEL * K + j % CK_PANEL;
            r[v] = v < nv && k0 > 0 ? _mm512_load_ps(acc + j) : _mm512_setzero_ps();
        }
        if (nv == 8) {
            for (long k = k0; k < k1; k++) {
                __m512 av = _mm512_set1_ps(a[k]);
                _Pragma("clang loop unroll(full)")
                for (int v = 0; v < 8; v++) r[v] = _mm512_fmadd_ps(av, _mm512_loadu_ps(col[v] + k * CK_PANEL), r[v]);
            }
        } else {
            for (long k = k0; k < k1; k++) {
                __m512 av = _mm512_set1_ps(a[k]);
                for (int v = 0; v < nv; v++) r[v] = _mm512_fmadd_ps(av, _mm512_loadu_ps(col[v] + k * CK_PANEL), r[v]);
            }
        }
        for (int v = 0; v < nv; v++) _mm512_store_ps(acc + j0 + v * 16, r[v]);
    }
}

/// c[j] ← 1·c[j] + acc[j]·1, as the GEMV kernel stores its tile with alpha = beta = 1.
CK512 static void gemv_finish_avx512(const float *acc, float *c, long w) {
    __m512 one = _mm512_set1_ps(1.0f);
    for (long j = 0; j < w; j += 16)
        _mm512_storeu_ps(c + j, _mm512_fmadd_ps(one, _mm512_loadu_ps(c + j), _mm512_mul_ps(_mm512_loadu_ps(acc + j), one)));
}
#endif

/// Whether the caller runs unit g of half 0 in two parts (see run_caller).
static int overlaps(const split_job *j, long g) {
#if defined(__x86_64__)
    long u = g % (j->steps + 1);
    return j->path == CK_PATH_AVX512 && u >= 2 && 2 * j->layer[g / (j->steps + 1)].hidden <= CK_SPLIT_MAX_COLS;
#else
    (void)j; (void)g;
    return 0;
#endif
}

/// Step unit g of half 0 in two parts around the wait for half 1's h_{t−1}: the rows of W_h
/// that multiply the caller's own units of h_{t−1} (k < H/2, which it computed itself), then
/// the wait, then the rows of the worker's units, the cell, and done[0]. The first part hides
/// the hand-off latency; the dot products still run in k order from 0, so the bits are those of
/// run_unit.
static void run_step_split(split_job *j, unsigned long seq, long g, long need, long *mine) {
#if defined(__x86_64__)
    long per = j->steps + 1, t = g % per - 1;
    const ck_lstm_split_layer *ly = &j->layer[g / per];
    long H = ly->hidden, w = 2 * H;
    const float *hprev = ly->out + (t - 1) * ly->ldo;
    float *zt = ly->z + t * 4 * H;
    gemv_part_avx512(hprev, 0, H / 2, ly->wh, H, w, caller_acc);
    if (atomic_load_explicit(&j->done[1], memory_order_acquire) < need) prefetch_unit(j, 0, g);
    need_half1(j, seq, need, mine);
    gemv_part_avx512(hprev, H / 2, H, ly->wh, H, w, caller_acc);
    gemv_finish_avx512(caller_acc, zt, w);
    cell(j->path, H / 2, H / 2, zt, ly->bh, ly->c, ly->out + t * ly->ldo);
    atomic_store_explicit(&j->done[0], g + 1, memory_order_release);
#else
    (void)j; (void)seq; (void)g; (void)need; (void)mine;
#endif
}

/// The caller's share: every unit of half 0, and of half 1 from the point where it takes over.
static void run_caller(split_job *j, unsigned long seq) {
    long mine = -1;  // first unit of half 1 the caller took over (-1: none)
    for (long g = 0; g < j->total; g++) {
        if (mine < 0) {
            long need = needs(j, g);
            if (need > 0 && overlaps(j, g)) {
                run_step_split(j, seq, g, need, &mine);
                if (mine >= 0) run_unit(j, 1, g);
                continue;
            }
            if (need > 0) {
                if (atomic_load_explicit(&j->done[1], memory_order_acquire) < need) prefetch_unit(j, 0, g);
                need_half1(j, seq, need, &mine);
            }
        }
        run_unit(j, 0, g);
        if (mine >= 0) run_unit(j, 1, g);
    }
    if (mine < 0) need_half1(j, seq, j->total, &mine);
}

static void *worker(void *arg) {
    (void)arg;
    unsigned long seen = 0;
    for (;;) {
        // Spin for a while after each job (the next layer or call usually follows within
        // microseconds), then sleep until woken.
        double until = ck_seconds() + 200e-6;
        for (int i = 0; atomic_load_explicit(&posted, memory_order_acquire) == seen; i++) {
            CK_PAUSE();
            if ((i & 255) == 255 && ck_seconds() > until) break;
        }
        pthread_mutex_lock(&wake_mx);
        while (atomic_load_explicit(&posted, memory_order_acquire) == seen) {
            worker_sleeping = 1;
            pthread_cond_wait(&wake_cv, &wake_mx);
        }
        worker_sleeping = 0;
        pthread_mutex_unlock(&wake_mx);
        seen = atomic_load_explicit(&posted, memory_order_acquire);
        // Claim half 1's units one by one; stop when the caller took them over or the job is
        // over (the tag differs). The job's fields are read only after a successful claim,
        // while the caller is bound to wait for that unit.
        for (;;) {
            unsigned long cur = atomic_load_explicit(&job.claim, memory_order_acquire);
            long g = CK_TAG_UNIT(cur);
            if (CK_TAG_SEQ(cur) != seen || g >= CK_TAG_UNITS(cur)) break;
            if (!atomic_compare_exchange_weak(&job.claim, &cur, cur + 1)) continue;
            long need = needs(&job, g);
            if (need > 0 && atomic_load_explicit(&job.done[0], memory_order_acquire) < need) {
                prefetch_unit(&job, 1, g);
                wait_at_least(&job.done[0], need);  // the caller's units it reads
            }
            run_unit(&job, 1, g);
        }
    }
    return 0;
}

static void start_worker(void) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    started = pthread_create(&t, &attr, worker, 0) == 0;
    pthread_attr_destroy(&attr);
}

void ck_lstm_split_clear_backoff(void) { atomic_store_explicit(&backoff, 0, memory_order_relaxed); }

/// Whether the layers chain and have the split layout's shapes (and the path a SIMD kernel).
static int stack_supported(ck_path path, long steps, long features, long count,
                           const ck_lstm_split_layer *layers) {
    if (path == CK_PATH_NAIVE || steps <= 0 || count <= 0 || count > 0xfffff / (steps + 1)) return 0;
    for (long l = 0; l < count; l++) {
        long h = layers[l].hidden, f = l == 0 ? features : layers[l - 1].hidden;
        if (h <= 0 || h % (2 * CK_PANEL) != 0 || layers[l].features != f) return 0;
    }
    return 1;
}

/// Takes the worker for one job: 0 while it is backing off after a late call or another caller
/// has it. On 1 the caller holds `busy` and must call post_and_run.
static int take_worker(void) {
    if (atomic_load_explicit(&backoff, memory_order_relaxed) > 0) {
        atomic_fetch_sub_explicit(&backoff, 1, memory_order_relaxed);
        return 0;
    }
    if (pthread_mutex_trylock(&busy) != 0) return 0;  // another caller has the worker
    pthread_once(&start_once, start_worker);
    if (!started) { pthread_mutex_unlock(&busy); return 0; }
    return 1;
}

/// Posts the job to the worker, runs the caller's share, and releases the worker.
static void post_and_run(ck_path path, long steps, const float *x, long ldx, long count,
                         const ck_lstm_split_layer *layers) {
    unsigned long seq = (atomic_load_explicit(&posted, memory_order_relaxed) + 1) & 0xffffffUL;
    job.path = path;
    job.steps = steps; job.layers = count; job.total = count * (steps + 1);
    job.x = x; job.ldx = ldx; job.layer = layers;
    atomic_store_explicit(&job.done[0], 0, memory_order_relaxed);
    atomic_store_explicit(&job.done[1], 0, memory_order_relaxed);
    job.taken_over = 0;
    atomic_store_explicit(&job.claim, CK_TAG(seq, job.total, 0), memory_order_release);
    pthread_mutex_lock(&wake_mx);
    // The first job finds the worker just created, still starting up: as slow as waking it.
    job.worker_parked = worker_sleeping || seq == 1;
    atomic_store_explicit(&posted, seq, memory_order_release);
    if (worker_sleeping) pthread_cond_signal(&wake_cv);  // a spinning worker sees `posted` itself
    pthread_mutex_unlock(&wake_mx);
    run_caller(&job, seq);
    if (!job.taken_over) backoff_level = 0;
    pthread_mutex_unlock(&busy);
}

int ck_lstm_split_run(ck_path path, long steps, long features, long hidden,
                      const float *x, long ldx, const float *wx_split, const float *wh_split,
                      const float *bh_split, const float *h0, float *c, float *z, float *out,
                      long ldo) {
    path = ck_supported_path(path);
    ck_lstm_split_layer layer = {features, hidden, wx_split, wh_split, 0, bh_split, h0, c, z, out, ldo};
    if (!stack_supported(path, steps, features, 1, &layer) || !take_worker()) return 0;
    post_and_run(path, steps, x, ldx, 1, &layer);
    return 1;
}

int ck_lstm_split_stack(ck_path path, long steps, const float *x, long ldx, long count,
                        const ck_lstm_split_layer *layers, int two_cores) {
    path = ck_supported_path(path);
    if (!stack_supported(path, steps, count > 0 ? layers[0].features : 0, count, layers)) return 0;
    if (two_cores && take_worker()) {
        post_and_run(path, steps, x, ldx, count, layers);
        return 1;
    }
    // One thread: both halves in turn, unit by unit (the same kernels on the same operands, so
    // the same bits as on two cores).
    split_job local = {0};
    local.path = path;
    local.steps = steps; local.layers = count; local.total = count * (steps + 1);
    local.x = x; local.ldx = ldx; local.layer = layers;
    for (long g = 0; g < local.total; g++) {
        run_unit(&local, 0, g);
        run_unit(&local, 1, g);
    }
    return 1;
}
