#include "CVectorKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// The element-wise steps of the BERT encoder. Each loop body is branch-free and its reductions
// are split over 16 independent lanes, so the compiler vectorises every target clone (AVX-512,
// AVX2, baseline SSE2) without -ffast-math, and the sums come out the same on every run.

#if defined(__x86_64__) && defined(__linux__)
#define CVK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CVK_CLONES
#endif

#define LANES 16

static inline float bits_to_float(uint32_t bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static inline uint32_t float_to_bits(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

/// e^x: the Cephes single-precision polynomial (about 1 ulp), x clamped to normal results.
/// libm's expf does not vectorise; softmax needs ~4.7 M of these per 256-token chunk.
static inline float fast_exp(float input) {
    float x = input < -87.3f ? -87.3f : (input > 88.3f ? 88.3f : input);
    // Round x·log2(e) to the nearest integer n with the 1.5·2^23 trick: n lands in the low
    // mantissa bits, which then become the exponent of 2^n without a float-to-int conversion.
    float shifted = x * 1.44269504f + 12582912.0f;
    float n = shifted - 12582912.0f;
    float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    return p * bits_to_float((float_to_bits(shifted) - 0x4B400000u + 127u) << 23);
}

/// x·Φ(x) in the exact (erf) form BERT uses, with erf from Abramowitz & Stegun 7.1.26
/// (absolute error below 1.5e-7).
static inline float gelu(float x) {
    float a = bits_to_float(float_to_bits(x) & 0x7FFFFFFFu) * 0.70710678118654752f;  // |x|/√2
    float t = 1.0f / (1.0f + 0.3275911f * a);
    float poly = 1.061405429f;
    poly = poly * t - 1.453152027f;
    poly = poly * t + 1.421413741f;
    poly = poly * t - 0.284496736f;
    poly = poly * t + 0.254829592f;
    // half = 0.5·erfc(|x|/√2); Φ(x) is 1 - half for x ≥ 0 and half for x < 0.
    float half = 0.5f * poly * t * fast_exp(-(a * a));
    return x * (x >= 0.0f ? 1.0f - half : half);
}

static inline float lane_sum(const float *values, size_t count) {
    float lanes[LANES] = {0};
    size_t j = 0;
    for (; j + LANES <= count; j += LANES) {
        for (size_t k = 0; k < LANES; k++) lanes[k] += values[j + k];
    }
    float total = 0.0f;
    for (; j < count; j++) total += values[j];
    for (size_t k = 0; k < LANES; k++) total += lanes[k];
    return total;
}

CVK_CLONES
void cvk_add_bias(float *matrix, size_t rows, size_t columns, const float *bias) {
    for (size_t row = 0; row < rows; row++) {
        float *line = matrix + row * columns;
        for (size_t j = 0; j < columns; j++) line[j] += bias[j];
    }
}

CVK_CLONES
void cvk_add_bias_gelu(float *matrix, size_t rows, size_t columns, const float *bias) {
    for (size_t row = 0; row < rows; row++) {
        float *line = matrix + row * columns;
        for (size_t j = 0; j < columns; j++) line[j] = gelu(line[j] + bias[j]);
    }
}

CVK_CLONES
void cvk_layer_norm(float *matrix, size_t rows, size_t columns, const float *weight, const float *shift,
                    float epsilon) {
    const float count = (float)columns;
    for (size_t row = 0; row < rows; row++) {
        float *line = matrix + row * columns;
        const float mean = lane_sum(line, columns) / count;
        float lanes[LANES] = {0};
        size_t j = 0;
        for (; j + LANES <= columns; j += LANES) {
            for (size_t k = 0; k < LANES; k++) {
                float d = line[j + k] - mean;
                lanes[k] += d * d;
            }
        }
        float squares = 0.0f;
        for (; j < columns; j++) squares += (line[j] - mean) * (line[j] - mean);
        for (size_t k = 0; k < LANES; k++) squares += lanes[k];
        const float scale = 1.0f / sqrtf(squares / count + epsilon);
        for (j = 0; j < columns; j++) line[j] = (line[j] - mean) * scale * weight[j] + shift[j];
    }
}

CVK_CLONES
void cvk_add_bias_residual_layer_norm(const float *input, const float *bias, float *residual, size_t rows,
                                      size_t columns, const float *weight, const float *shift, float epsilon) {
    for (size_t row = 0; row < rows; row++) {
        const float *source = input + row * columns;
        float *line = residual + row * columns;
        for (size_t j = 0; j < columns; j++) line[j] += source[j] + bias[j];
    }
    cvk_layer_norm(residual, rows, columns, weight, shift, epsilon);
}

CVK_CLONES
void cvk_softmax_rows(float *matrix, size_t rows, size_t columns, size_t stride) {
    for (size_t row = 0; row < rows; row++) {
        float *line = matrix + row * stride;
        float peaks[LANES];
        for (size_t k = 0; k < LANES; k++) peaks[k] = -INFINITY;
        size_t j = 0;
        for (; j + LANES <= columns; j += LANES) {
            for (size_t k = 0; k < LANES; k++) peaks[k] = line[j + k] > peaks[k] ? line[j + k] : peaks[k];
        }
        float peak = -INFINITY;
        for (; j < columns; j++) peak = line[j] > peak ? line[j] : peak;
        for (size_t k = 0; k < LANES; k++) peak = peaks[k] > peak ? peaks[k] : peak;
        for (j = 0; j < columns; j++) line[j] = fast_exp(line[j] - peak);
        const float inverse = 1.0f / lane_sum(line, columns);
        for (j = 0; j < columns; j++) line[j] *= inverse;
    }
}
