// What the worker threads of lstm_split.c and parallel.c wait with: a pause hint for spin loops
// and a monotonic clock in seconds to bound them. Not public.
#ifndef CK_SPIN_H
#define CK_SPIN_H
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define CK_PAUSE() _mm_pause()
#else
#define CK_PAUSE() ((void)0)
#endif

/// Monotonic time in seconds.
static inline double ck_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
#endif
