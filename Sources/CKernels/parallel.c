// A persistent pool of worker threads for splitting work across cores: `ck_parallel_for` runs
// parts 0..<n of a job on the caller's thread and the workers, which claim parts one by one.
// Workers spin for a while after each job (training steps fork and join every few tens of
// microseconds) and then sleep; a job posted while they spin starts within a cache-line hand-off
// instead of a futex wake-up (tens of microseconds on this VM).
#include "CKernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

#include "spin.h"

enum { CK_POOL_MAX = 63 };

// The claim word packs the job's sequence number, its part count and the next unclaimed part,
// so a worker decides from one atomic value whether a part of the job it saw is still free: a
// worker that is late (descheduled) can never claim a part of a later job by mistake.
#define CK_CLAIM(seq, parts, next) (((unsigned long)(seq) << 40) | ((unsigned long)(parts) << 20) | (unsigned long)(next))
#define CK_CLAIM_SEQ(w) ((w) >> 40)
#define CK_CLAIM_PARTS(w) (((w) >> 20) & 0xfffffUL)
#define CK_CLAIM_NEXT(w) ((w) & 0xfffffUL)
#define CK_MAX_PARTS 0xfffffL

/// The job being run: fn and ctx are written by the caller before it publishes the claim word.
static struct {
    void (*fn)(void *ctx, long part);
    void *ctx;
    _Atomic unsigned long claim;
    _Atomic long done;  // parts finished
} job;

static _Atomic int sleeping;  // workers asleep on wake_cv
static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;  // one job at a time
static pthread_mutex_t wake_mx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cv = PTHREAD_COND_INITIALIZER;
static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int workers;  // started workers

/// Claims and runs parts of job `seq` until none is left (or a later job has replaced it).
static void run_parts(unsigned long seq) {
    for (;;) {
        unsigned long w = atomic_load_explicit(&job.claim, memory_order_acquire);
        if (CK_CLAIM_SEQ(w) != seq || CK_CLAIM_NEXT(w) >= CK_CLAIM_PARTS(w)) return;
        if (!atomic_compare_exchange_weak_explicit(&job.claim, &w, w + 1, memory_order_acq_rel,
                                                   memory_order_acquire))
            continue;
        // The job cannot end before this part is done, so fn and ctx are still this job's.
        job.fn(job.ctx, (long)CK_CLAIM_NEXT(w));
        atomic_fetch_add_explicit(&job.done, 1, memory_order_release);
    }
}

static void *worker(void *arg) {
    (void)arg;
    unsigned long seen = CK_CLAIM_SEQ(atomic_load_explicit(&job.claim, memory_order_acquire));
    for (;;) {
        double until = ck_seconds() + 300e-6;
        for (int i = 0; CK_CLAIM_SEQ(atomic_load_explicit(&job.claim, memory_order_acquire)) == seen; i++) {
            CK_PAUSE();
            if ((i & 255) == 255 && ck_seconds() > until) break;
        }
        if (CK_CLAIM_SEQ(atomic_load_explicit(&job.claim, memory_order_seq_cst)) == seen) {
            pthread_mutex_lock(&wake_mx);
            // seq_cst on both sides: either the caller sees `sleeping` or this sees its job.
            atomic_fetch_add_explicit(&sleeping, 1, memory_order_seq_cst);
            while (CK_CLAIM_SEQ(atomic_load_explicit(&job.claim, memory_order_seq_cst)) == seen)
                pthread_cond_wait(&wake_cv, &wake_mx);
            atomic_fetch_sub_explicit(&sleeping, 1, memory_order_seq_cst);
            pthread_mutex_unlock(&wake_mx);
        }
        seen = CK_CLAIM_SEQ(atomic_load_explicit(&job.claim, memory_order_acquire));
        run_parts(seen);
    }
    return 0;
}

static void start_workers(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long want = cores > 1 ? cores - 1 : 0;
    if (want > CK_POOL_MAX) want = CK_POOL_MAX;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (long i = 0; i < want; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, worker, 0) == 0) workers++;
    }
    pthread_attr_destroy(&attr);
}

int ck_parallel_for(long parts, void (*fn)(void *ctx, long part), void *ctx) {
    if (parts <= 0) return 1;
    if (parts > CK_MAX_PARTS) return 0;
    if (pthread_mutex_trylock(&busy) != 0) return 0;  // another job (or a nested call) has the pool
    pthread_once(&start_once, start_workers);
    if (workers == 0) { pthread_mutex_unlock(&busy); return 0; }
    unsigned long seq = (CK_CLAIM_SEQ(atomic_load_explicit(&job.claim, memory_order_relaxed)) + 1) & 0xffffffUL;
    job.fn = fn;
    job.ctx = ctx;
    atomic_store_explicit(&job.done, 0, memory_order_relaxed);
    atomic_store_explicit(&job.claim, CK_CLAIM(seq, parts, 0), memory_order_seq_cst);  // publishes the job
    if (atomic_load_explicit(&sleeping, memory_order_seq_cst) > 0) {
        pthread_mutex_lock(&wake_mx);
        pthread_cond_broadcast(&wake_cv);
        pthread_mutex_unlock(&wake_mx);
    }
    run_parts(seq);
    // Wait for parts the workers claimed: spin briefly, then yield the core on every check, so
    // a worker the scheduler took off its core gets it back.
    for (int i = 0; atomic_load_explicit(&job.done, memory_order_acquire) < parts; i++) {
        if (i < 20000) CK_PAUSE();
        else sched_yield();
    }
    pthread_mutex_unlock(&busy);
    return 1;
}
