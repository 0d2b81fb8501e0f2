// Round trip of a cache line between two threads (two spinning threads hand a counter back and
// forth), best of 400 batches of 1000. Not part of the build. The two-core batch-1 LSTM split
// (Sources/CKernels/lstm_split.c) hands h_t between the cores once per timestep, so read this
// before trusting a 2-thread (a) figure: on this KVM guest it is ~50-100 ns in good periods and
// ~500 ns in others (the host then seems to place the two vCPUs far apart), where the split
// seed model takes ~28 us instead of ~15 us (scripts/probes/seed_floor.c mode 3).
//
//   clang -O2 scripts/probes/core_pingpong.c -o /tmp/core_pingpong -lpthread && /tmp/core_pingpong
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define PAUSE() _mm_pause()
#else
#define PAUSE() ((void)0)
#endif
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static _Alignas(128) _Atomic long ping;
static _Alignas(128) _Atomic long pong;
#define N 400000
static void *partner(void *arg) {
    (void)arg;
    for (long i = 1; i <= N; i++) {
        while (atomic_load_explicit(&ping, memory_order_acquire) < i) PAUSE();
        atomic_store_explicit(&pong, i, memory_order_release);
    }
    return 0;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, partner, 0);
    double best = 1e9;
    for (long b = 0; b < N / 1000; b++) {
        double t0 = now();
        for (long i = b * 1000 + 1; i <= (b + 1) * 1000; i++) {
            atomic_store_explicit(&ping, i, memory_order_release);
            while (atomic_load_explicit(&pong, memory_order_acquire) < i) PAUSE();
        }
        double dt = (now() - t0) / 1000;
        if (dt < best) best = dt;
    }
    pthread_join(t, 0);
    printf("best round trip %.1f ns\n", best * 1e9);
    return 0;
}
