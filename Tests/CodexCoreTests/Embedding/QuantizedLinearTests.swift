import CVectorKernels
import Testing

/// The 16-bit dense-layer kernels against a plain float product.
struct QuantizedLinearTests {
    @Test(
        .enabled(if: cvk_qlinear_supported() != 0),
        arguments: [(rows: 1, inputs: 384, outputs: 16), (rows: 13, inputs: 384, outputs: 1152),
                    (rows: 50, inputs: 1536, outputs: 384)])
    func productMatchesFloatsWithinQuantisationError(rows: Int, inputs: Int, outputs: Int) throws {
        // Given inputs with a few large components (as a token's hidden state has) and small weights
        var generator = SplitMix(seed: UInt64(rows * 7 + inputs))
        let input = (0..<rows * inputs).map { i in generator.unit() * (i % 97 == 0 ? 20 : 1) }
        let weight = (0..<outputs * inputs).map { _ in generator.unit() * 0.1 }
        // When multiplied in floats, and packed, quantised and multiplied in 16 bits
        var exact = [Float](repeating: 0, count: rows * outputs)
        for r in 0..<rows {
            for o in 0..<outputs {
                var sum: Float = 0
                for i in 0..<inputs { sum += input[r * inputs + i] * weight[o * inputs + i] }
                exact[r * outputs + o] = sum
            }
        }
        let packed = UnsafeMutablePointer<Int16>.allocate(capacity: outputs * inputs + 32)
        defer { packed.deallocate() }
        // The kernel reads panels with aligned loads: start on a 32-byte boundary.
        let aligned = UnsafeMutablePointer<Int16>(
            bitPattern: (Int(bitPattern: packed) + 31) / 32 * 32)!
        var weightScales = [Float](repeating: 0, count: outputs)
        cvk_qlinear_pack(weight, outputs, inputs, aligned, &weightScales)
        var quantized = [Int16](repeating: 0, count: rows * inputs)
        var rowScales = [Float](repeating: 0, count: rows)
        cvk_qlinear_quantize_rows(input, rows, inputs, &quantized, &rowScales)
        var fast = [Float](repeating: .nan, count: rows * outputs)
        cvk_qlinear(quantized, rowScales, rows, inputs, aligned, weightScales, outputs, &fast, outputs)
        // Then every output is written, and the whole differs from the float product by ~0.2%
        #expect(!fast.contains { $0.isNaN })
        let error = zip(exact, fast).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let size = exact.reduce(0) { $0 + $1 * $1 }
        #expect((error / size).squareRoot() < 5e-3)
    }
}

/// A small deterministic generator, so a failure can be reproduced.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    /// Uniform in [-0.5, 0.5).
    mutating func unit() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24) - 0.5
    }
}
