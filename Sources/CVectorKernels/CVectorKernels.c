#include "CVectorKernels.h"

#if defined(__x86_64__) && defined(__linux__)
#define CVK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CVK_CLONES
#endif

CVK_CLONES
void cvk_score_int8(const float *query, const int8_t *codes, const float *scales, size_t count, size_t dim,
                    float *out) {
    for (size_t r = 0; r < count; r++) {
        const int8_t *row = codes + r * dim;
        float sum = 0.0f;
        // Plain loop: the compiler vectorises it for each target clone (reassociation is
        // allowed below by summing in a fixed-width block).
        float partial[16] = {0};
        size_t i = 0;
        for (; i + 16 <= dim; i += 16) {
            for (size_t j = 0; j < 16; j++) partial[j] += query[i + j] * (float)row[i + j];
        }
        for (; i < dim; i++) sum += query[i] * (float)row[i];
        for (size_t j = 0; j < 16; j++) sum += partial[j];
        out[r] = sum * scales[r];
    }
}
