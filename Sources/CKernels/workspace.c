// Per-thread scratch buffers: a thread-local table, freed by a pthread key destructor.
#include "workspace.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    float *ptr[CK_WS_COUNT];
    size_t cap[CK_WS_COUNT];
} ck_ws_table;

static pthread_key_t ws_key;
static pthread_once_t ws_once = PTHREAD_ONCE_INIT;

static void ws_free(void *p) {
    ck_ws_table *t = p;
    for (int i = 0; i < CK_WS_COUNT; i++) free(t->ptr[i]);
    free(t);
}

static void ws_init(void) { pthread_key_create(&ws_key, ws_free); }

float *ck_workspace(int slot, size_t floats) {
    pthread_once(&ws_once, ws_init);
    ck_ws_table *t = pthread_getspecific(ws_key);
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t) { fputs("CKernels: out of memory\n", stderr); abort(); }
        pthread_setspecific(ws_key, t);
    }
    if (t->cap[slot] < floats) {
        free(t->ptr[slot]);
        size_t cap = floats < 1024 ? 1024 : floats;
        void *p = NULL;
        if (posix_memalign(&p, 64, cap * sizeof(float) + 64) != 0) {
            fputs("CKernels: out of memory\n", stderr);
            abort();
        }
        t->ptr[slot] = p;
        t->cap[slot] = cap;
    }
    return t->ptr[slot];
}
