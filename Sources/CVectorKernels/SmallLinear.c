#include "CVectorKernels.h"

#include <stdint.h>

// out = input · weightᵀ for a handful of rows (a search query is ~10 tokens).
//
// With so few rows a dense layer is bound by reading its weights, not by arithmetic, and a BLAS
// sgemm spends most of its time packing the weight matrix into its own layout before using each
// element a few times. Here every weight row is read once, straight from the model's own layout
// (outputs × inputs, rows contiguous), and multiplied with all input rows while it is in
// registers: dot products of up to 8 input rows with 2 weight rows at a time, 16 floats per
// step, the 16 partial sums reduced at the end. The next pair of weight rows is prefetched while
// this one is used: left to the hardware prefetcher, the same loop read 7 GB/s instead of 14.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))

int cvk_small_linear_supported(void) { return __builtin_cpu_supports("avx512f"); }

// One block: `ROWS` input rows (a fixed count, so the accumulators stay in registers) times two
// weight rows. `inputs` is a multiple of 16.
#define DEFINE_BLOCK(ROWS)                                                                                  \
    AVX512 static void block_##ROWS(const float *input, size_t input_stride, const float *weight,         \
                                    size_t inputs, float *out, size_t out_stride) {                       \
        __m512 acc0[ROWS], acc1[ROWS];                                                                    \
        for (int r = 0; r < ROWS; r++) acc0[r] = acc1[r] = _mm512_setzero_ps();                          \
        const float *w0 = weight, *w1 = weight + inputs;                                                  \
        for (size_t i = 0; i < inputs; i += 16) {                                                          \
            _mm_prefetch((const char *)(w0 + 2 * inputs + i), _MM_HINT_T0);                                 \
            _mm_prefetch((const char *)(w1 + 2 * inputs + i), _MM_HINT_T0);                                 \
            __m512 a = _mm512_loadu_ps(w0 + i), b = _mm512_loadu_ps(w1 + i);                               \
            for (int r = 0; r < ROWS; r++) {                                                              \
                __m512 x = _mm512_loadu_ps(input + r * input_stride + i);                                 \
                acc0[r] = _mm512_fmadd_ps(x, a, acc0[r]);                                                 \
                acc1[r] = _mm512_fmadd_ps(x, b, acc1[r]);                                                 \
            }                                                                                             \
        }                                                                                                 \
        for (int r = 0; r < ROWS; r++) {                                                                  \
            out[r * out_stride] = _mm512_reduce_add_ps(acc0[r]);                                          \
            out[r * out_stride + 1] = _mm512_reduce_add_ps(acc1[r]);                                      \
        }                                                                                                 \
    }
DEFINE_BLOCK(1)
DEFINE_BLOCK(2)
DEFINE_BLOCK(3)
DEFINE_BLOCK(4)
DEFINE_BLOCK(5)
DEFINE_BLOCK(6)
DEFINE_BLOCK(7)
DEFINE_BLOCK(8)

typedef void (*block_function)(const float *, size_t, const float *, size_t, float *, size_t);
static const block_function blocks[9] = {0, block_1, block_2, block_3, block_4, block_5, block_6, block_7, block_8};

AVX512 void cvk_small_linear(const float *input, size_t rows, size_t inputs, const float *weight, size_t outputs,
                             float *output, size_t output_stride) {
    // When the inputs are small (64 KB: 16 rows of 1536, 42 of 384), weight rows go outermost:
    // each pair is read from memory once and meets every block of input rows while it is in L1.
    // Larger inputs would be re-read from L2 for every pair, so there the input blocks go
    // outermost instead. (Threshold measured: 16, 28, 64 and 256 KB; 64 did best.)
    if (rows * inputs * sizeof(float) <= 65536) {
        for (size_t o = 0; o < outputs; o += 2) {
            for (size_t first = 0; first < rows; first += 8) {
                size_t count = rows - first < 8 ? rows - first : 8;
                blocks[count](input + first * inputs, inputs, weight + o * inputs, inputs,
                              output + first * output_stride + o, output_stride);
            }
        }
        return;
    }
    for (size_t first = 0; first < rows; first += 8) {
        size_t count = rows - first < 8 ? rows - first : 8;
        for (size_t o = 0; o < outputs; o += 2) {
            blocks[count](input + first * inputs, inputs, weight + o * inputs, inputs,
                          output + first * output_stride + o, output_stride);
        }
    }
}

#else

int cvk_small_linear_supported(void) { return 0; }

void cvk_small_linear(const float *input, size_t rows, size_t inputs, const float *weight, size_t outputs,
                      float *output, size_t output_stride) {
    for (size_t r = 0; r < rows; r++) {
        for (size_t o = 0; o < outputs; o++) {
            float sum = 0;
            for (size_t i = 0; i < inputs; i++) sum += input[r * inputs + i] * weight[o * inputs + i];
            output[r * output_stride + o] = sum;
        }
    }
}

#endif
