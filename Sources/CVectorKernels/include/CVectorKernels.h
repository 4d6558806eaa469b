#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// out[r] = scales[r] * dot(query, codes[r*dim ..< (r+1)*dim]) for r in 0..<count.
///
/// Compiled for AVX-512, AVX2 and baseline x86-64 and chosen at load time, so one binary is
/// fast on new CPUs and still runs on old ones.
void cvk_score_int8(const float *query, const int8_t *codes, const float *scales, size_t count, size_t dim,
                    float *out);

#endif
