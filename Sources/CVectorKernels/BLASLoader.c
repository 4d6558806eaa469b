#include "CVectorKernels.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// OpenBLAS is opened on first use rather than linked: linked, it is loaded (with libgfortran and
// libquadmath) and starts its thread pool in every codex process, which cost ~3 ms of each start,
// while only the built-in embedder multiplies matrices. OPENBLAS_NUM_THREADS=1 is set before the
// library loads so it starts no threads of its own: the encoder splits the work over its own.

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };  // CBLAS_ORDER / CBLAS_TRANSPOSE values

typedef void (*sgemm_function)(int order, int transa, int transb, int m, int n, int k, float alpha, const float *a,
                               int lda, const float *b, int ldb, float beta, float *c, int ldc);

static sgemm_function sgemm;
static char load_error[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    static const char *names[] = {"libopenblas.so.0", "libopenblas.so"};
    setenv("OPENBLAS_NUM_THREADS", "1", 0);
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return;
    }
    sgemm = (sgemm_function)dlsym(library, "cblas_sgemm");
    void (*set_threads)(int) = (void (*)(int))dlsym(library, "openblas_set_num_threads");
    if (!sgemm) {
        snprintf(load_error, sizeof load_error, "libopenblas has no cblas_sgemm");
        return;
    }
    if (set_threads) set_threads(1);
}

const char *cvk_blas_load(void) {
    pthread_once(&once, load);
    return sgemm ? NULL : load_error;
}

void cvk_sgemm(int transpose_b, int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb,
               float beta, float *c, int ldc) {
    sgemm(ROW_MAJOR, NO_TRANS, transpose_b ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
