#include "CVectorKernels.h"

#include <math.h>
#include <stdint.h>

// Dense layers in 16-bit integers: out = input · weightᵀ with both sides quantised, the products
// summed exactly in 32-bit integers and scaled back to floats once per output.
//
// Why 16-bit and not 8: on AVX2 the integer multiply-add that sums pairs of products
// (vpmaddwd, 16 products per instruction) runs two per cycle, twice the multiply-adds of
// float FMA; the 8-bit route (vpmaddubsw) needs a vpmaddwd after it anyway, so it reaches the
// same rate with a third of the precision. Measured on 2 cores here (AMD EPYC, AVX2), one
// thread, MiniLM's shapes: 1.7-2.5x OpenBLAS sgemm. CPUs with AVX-512 VNNI would do better with
// 8 bits (vpdpbusd); none was at hand to test a kernel for them, so they use this one too.
//
// Ranges: activations become ±2047 per row (a token's hidden state has a few large components,
// so it gets the finer grid), weights ±511 per output row. A pair sum is at most 2·2047·511 and
// a dot product of up to 2048 inputs at most 2.1·10⁹: it never overflows int32. The relative
// error of an output is ~2·10⁻³, which moves an embedding's cosine to the fp32 one by < 10⁻³.
//
// Layout: the weight matrix (outputs × inputs, rows contiguous) is packed once into panels of
// 16 outputs; in a panel, each pair of inputs holds 16 × 2 values (output-major, the pair
// adjacent), so one 32-byte load gives 8 outputs' pairs and a broadcast of one activation pair
// multiplies all of them. The kernel keeps 6 rows × 16 outputs of sums in 12 registers.

#define ACTIVATION_LEVEL 2047.0f
#define WEIGHT_LEVEL 511.0f
#define PANEL 16
#define ROWS 6

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

int cvk_qlinear_supported(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }


void cvk_qlinear_pack(const float *weight, size_t outputs, size_t inputs, int16_t *packed, float *scales) {
    for (size_t o = 0; o < outputs; o++) {
        float largest = 0;
        for (size_t i = 0; i < inputs; i++) largest = fmaxf(largest, fabsf(weight[o * inputs + i]));
        scales[o] = largest > 0 ? largest / WEIGHT_LEVEL : 1;
    }
    for (size_t panel = 0; panel < outputs / PANEL; panel++) {
        int16_t *out = packed + panel * PANEL * inputs;
        for (size_t pair = 0; pair < inputs / 2; pair++) {
            for (size_t column = 0; column < PANEL; column++) {
                size_t o = panel * PANEL + column;
                for (size_t t = 0; t < 2; t++) {
                    float value = weight[o * inputs + 2 * pair + t] / scales[o];
                    out[pair * 2 * PANEL + column * 2 + t] = (int16_t)lrintf(value);
                }
            }
        }
    }
}

AVX2 void cvk_qlinear_quantize_rows(const float *input, size_t rows, size_t inputs, int16_t *quantized,
                                    float *scales) {
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    for (size_t r = 0; r < rows; r++) {
        const float *row = input + r * inputs;
        __m256 largest = _mm256_setzero_ps();
        for (size_t i = 0; i < inputs; i += 8) {
            largest = _mm256_max_ps(largest, _mm256_and_ps(_mm256_loadu_ps(row + i), magnitude));
        }
        __m128 half = _mm_max_ps(_mm256_castps256_ps128(largest), _mm256_extractf128_ps(largest, 1));
        half = _mm_max_ps(half, _mm_movehl_ps(half, half));
        half = _mm_max_ss(half, _mm_shuffle_ps(half, half, 1));
        float top = _mm_cvtss_f32(half);
        float scale = top > 0 ? top / ACTIVATION_LEVEL : 1;
        __m256 inverse = _mm256_set1_ps(1 / scale);
        int16_t *out = quantized + r * inputs;
        for (size_t i = 0; i < inputs; i += 16) {
            __m256i low = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(row + i), inverse));
            __m256i high = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(row + i + 8), inverse));
            // packs works within 128-bit lanes; the permute puts the 16 values back in order.
            __m256i both = _mm256_permute4x64_epi64(_mm256_packs_epi32(low, high), 0xD8);
            _mm256_storeu_si256((__m256i *)(out + i), both);
        }
        scales[r] = scale;
    }
}

AVX2 static inline void store_row(float *out, __m256i low, __m256i high, float row_scale, __m256 scales_low,
                                  __m256 scales_high) {
    __m256 s = _mm256_set1_ps(row_scale);
    _mm256_storeu_ps(out, _mm256_mul_ps(_mm256_cvtepi32_ps(low), _mm256_mul_ps(s, scales_low)));
    _mm256_storeu_ps(out + 8, _mm256_mul_ps(_mm256_cvtepi32_ps(high), _mm256_mul_ps(s, scales_high)));
}

// COUNT rows (1...6) of `input` times one panel. A fixed count per function keeps every sum in
// a register; rows past COUNT are never read.
#define DEFINE_BLOCK(COUNT)                                                                                        \
    AVX2 static void block_##COUNT(const int16_t *input, size_t inputs, const int16_t *panel,                    \
                                   const float *row_scales, __m256 scales_low, __m256 scales_high, float *out,   \
                                   size_t out_stride) {                                                          \
        __m256i low[COUNT], high[COUNT];                                                                         \
        const int32_t *pairs[COUNT];                                                                             \
        for (int r = 0; r < COUNT; r++) {                                                                        \
            low[r] = high[r] = _mm256_setzero_si256();                                                           \
            pairs[r] = (const int32_t *)(input + r * inputs);                                                    \
        }                                                                                                        \
        const __m256i *b = (const __m256i *)panel;                                                               \
        for (size_t p = 0; p < inputs / 2; p++, b += 2) {                                                        \
            __m256i b0 = _mm256_load_si256(b), b1 = _mm256_load_si256(b + 1);                                    \
            for (int r = 0; r < COUNT; r++) {                                                                    \
                __m256i x = _mm256_set1_epi32(pairs[r][p]);                                                      \
                low[r] = _mm256_add_epi32(low[r], _mm256_madd_epi16(x, b0));                                     \
                high[r] = _mm256_add_epi32(high[r], _mm256_madd_epi16(x, b1));                                   \
            }                                                                                                    \
        }                                                                                                        \
        for (int r = 0; r < COUNT; r++) {                                                                        \
            store_row(out + r * out_stride, low[r], high[r], row_scales[r], scales_low, scales_high);            \
        }                                                                                                        \
    }
DEFINE_BLOCK(1)
DEFINE_BLOCK(2)
DEFINE_BLOCK(3)
DEFINE_BLOCK(4)
DEFINE_BLOCK(5)
DEFINE_BLOCK(6)

typedef void (*block_function)(const int16_t *, size_t, const int16_t *, const float *, __m256, __m256, float *,
                               size_t);
static const block_function blocks[ROWS + 1] = {0, block_1, block_2, block_3, block_4, block_5, block_6};

AVX2 void cvk_qlinear(const int16_t *input, const float *input_scales, size_t rows, size_t inputs,
                      const int16_t *packed, const float *weight_scales, size_t outputs, float *output,
                      size_t output_stride) {
    // 48 rows of input (at most 144 KB for 1536 inputs) stay in L2 while every panel passes by;
    // each panel (12-48 KB) stays in L1/L2 while those rows' blocks use it.
    const size_t row_group = 48;
    for (size_t first = 0; first < rows; first += row_group) {
        size_t end = first + row_group < rows ? first + row_group : rows;
        for (size_t panel = 0; panel < outputs / PANEL; panel++) {
            const int16_t *weights = packed + panel * PANEL * inputs;
            __m256 scales_low = _mm256_loadu_ps(weight_scales + panel * PANEL);
            __m256 scales_high = _mm256_loadu_ps(weight_scales + panel * PANEL + 8);
            for (size_t r = first; r < end; r += ROWS) {
                size_t count = end - r < ROWS ? end - r : ROWS;
                blocks[count](input + r * inputs, inputs, weights, input_scales + r, scales_low, scales_high,
                              output + r * output_stride + panel * PANEL, output_stride);
            }
        }
    }
}

#else

int cvk_qlinear_supported(void) { return 0; }
void cvk_qlinear_pack(const float *weight, size_t outputs, size_t inputs, int16_t *packed, float *scales) {}
void cvk_qlinear_quantize_rows(const float *input, size_t rows, size_t inputs, int16_t *quantized,
                               float *scales) {}
void cvk_qlinear(const int16_t *input, const float *input_scales, size_t rows, size_t inputs,
                 const int16_t *packed, const float *weight_scales, size_t outputs, float *output,
                 size_t output_stride) {}

#endif
