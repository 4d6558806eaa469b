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

// The element-wise steps of the BERT encoder (EncoderKernels.c), each in place over a row-major
// rows × columns matrix and compiled for the same instruction sets as the scan above.

/// matrix[r][j] += bias[j].
void cvk_add_bias(float *matrix, size_t rows, size_t columns, const float *bias);
/// matrix[r][j] = GELU(matrix[r][j] + bias[j]), the exact (erf) form.
void cvk_add_bias_gelu(float *matrix, size_t rows, size_t columns, const float *bias);
/// Each row becomes (x - mean) / sqrt(variance + epsilon) * weight + shift.
void cvk_layer_norm(float *matrix, size_t rows, size_t columns, const float *weight, const float *shift,
                    float epsilon);
/// residual = LayerNorm(residual + input + bias), row by row.
void cvk_add_bias_residual_layer_norm(const float *input, const float *bias, float *residual, size_t rows,
                                      size_t columns, const float *weight, const float *shift, float epsilon);
/// Softmax of each row (the first `columns` of every `stride` floats).
void cvk_softmax_rows(float *matrix, size_t rows, size_t columns, size_t stride);

// Matrix products through OpenBLAS, opened on first use (BLASLoader.c).

/// Opens OpenBLAS once (single-threaded: the encoder runs its own workers). Returns NULL when it
/// is ready, else why it could not be loaded. Call before `cvk_sgemm`.
const char *cvk_blas_load(void);
/// Row-major C (m × n) = alpha · A (m × k) · B + beta · C, with B (k × n), or B stored n × k and
/// transposed when `transpose_b` is non-zero.
void cvk_sgemm(int transpose_b, int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb,
               float beta, float *c, int ldc);

// Dense layers for a handful of rows (SmallLinear.c).

/// 1 when `cvk_small_linear` runs its AVX-512 kernel (else it is a slow reference loop).
int cvk_small_linear_supported(void);
/// output (rows × outputs, row stride `output_stride`) = input (rows × inputs) · weightᵀ, with
/// weight stored outputs × inputs. `inputs` must be a multiple of 16 and `outputs` even.
void cvk_small_linear(const float *input, size_t rows, size_t inputs, const float *weight, size_t outputs,
                      float *output, size_t output_stride);

// Dense layers in 16-bit integers (QuantizedLinear.c), for batches of many tokens on CPUs with AVX2.

/// 1 when the CPU runs the kernels below (AVX2 and FMA); else callers keep to `cvk_sgemm`.
int cvk_qlinear_supported(void);
/// Packs a weight matrix (outputs × inputs, rows contiguous) into 16-bit panels with one scale per
/// output: `packed` holds outputs × inputs values (64-byte aligned), `scales` outputs floats.
/// `outputs` must be a multiple of 16 and `inputs` a multiple of 16 and at most 2048.
void cvk_qlinear_pack(const float *weight, size_t outputs, size_t inputs, int16_t *packed, float *scales);
/// Quantises each row of `input` (rows × inputs) to 16 bits with one scale per row.
void cvk_qlinear_quantize_rows(const float *input, size_t rows, size_t inputs, int16_t *quantized,
                               float *scales);
/// output (rows × outputs, row stride `output_stride`) = dequantised input · weightᵀ.
void cvk_qlinear(const int16_t *input, const float *input_scales, size_t rows, size_t inputs,
                 const int16_t *packed, const float *weight_scales, size_t outputs, float *output,
                 size_t output_stride);

#endif
