import CVectorKernels

/// The element-wise parts of the encoder (bias, GELU, softmax, layer norm) over raw pointers.
///
/// The loops live in C (`CVectorKernels/EncoderKernels.c`), compiled once per instruction set
/// (AVX-512, AVX2, baseline) and picked at load time. Swift compiles for baseline x86-64 on Linux,
/// so the same loops in Swift ran 4 floats at a time; in C with AVX-512 they run 16, which took
/// softmax, GELU and layer norm from ~18% of an embedding's CPU time to a few percent.
///
/// Why not libm's `expf`/`erff`: per chunk of 256 tokens the encoder evaluates ~4.7 M
/// exponentials (softmax) and ~2.4 M error functions (GELU); libm calls do not vectorise. `exp`
/// is the Cephes single-precision polynomial (≈ 1 ulp) and `erf` Abramowitz & Stegun 7.1.26
/// (absolute error < 1.5e-7), far below what moves a vector.
enum VectorKernels {
    /// rows × columns matrix += bias (per column), then GELU, in place.
    static func addBiasGELU(
        _ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>
    ) {
        cvk_add_bias_gelu(matrix, rows, columns, bias)
    }

    /// rows × columns matrix += bias (per column), in place.
    static func addBias(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        cvk_add_bias(matrix, rows, columns, bias)
    }

    /// Each row of `residual` becomes LayerNorm(row of `input` + bias + row of `residual`).
    static func addBiasResidualLayerNorm(
        _ input: UnsafePointer<Float>, bias: UnsafePointer<Float>, residual: UnsafeMutablePointer<Float>,
        rows: Int, columns: Int, weight: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float
    ) {
        cvk_add_bias_residual_layer_norm(input, bias, residual, rows, columns, weight, shift, epsilon)
    }

    /// Layer normalisation of each row in place: (x - mean) / √(variance + ε) · weight + shift.
    static func layerNorm(
        _ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        weight: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float
    ) {
        cvk_layer_norm(matrix, rows, columns, weight, shift, epsilon)
    }

    /// Softmax of each row of a rows × columns matrix in place (row stride `stride`).
    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        cvk_softmax_rows(matrix, rows, columns, stride)
    }
}
