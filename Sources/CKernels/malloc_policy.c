// Process-wide malloc policy for programs that free and re-allocate the same large buffers in a
// loop (a training step's layer outputs and gradients).
#include "CKernels.h"
#include <malloc.h>

int ck_keep_freed_memory(void) {
    // glibc's default: blocks above a threshold that starts at 128 KiB are mmapped and unmapped
    // on free, and free space at the top of a heap above 2× that threshold is handed back to the
    // kernel. A thread other than the main one allocates from an arena whose heaps are trimmed
    // the same way, so every step faulted its pages in again and every unmap interrupted the
    // other core for a TLB shoot-down. Fixed thresholds (which also switch off glibc's dynamic
    // ones) keep up to 256 MiB of freed memory for reuse.
    int ok = mallopt(M_MMAP_THRESHOLD, 32 << 20);
    ok &= mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return ok;
}
