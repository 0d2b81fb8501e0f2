// Per-thread scratch buffers for packing (no allocation per call once warm). Not public.
#ifndef CK_WORKSPACE_H
#define CK_WORKSPACE_H
#include <stddef.h>

enum { CK_WS_A = 0, CK_WS_B = 1, CK_WS_ROW = 2, CK_WS_COUNT = 3 };

/// A 64-byte aligned buffer of at least `floats` floats, owned by the calling thread and reused
/// by later calls on it (freed when the thread exits). Aborts if memory is exhausted.
float *ck_workspace(int slot, size_t floats);
#endif
