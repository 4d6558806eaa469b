/// The element-wise parts of the encoder (bias, GELU, softmax, layer norm) over raw pointers.
///
/// Written as plain loops with wrapping index arithmetic and branch-free bodies, which the
/// optimiser turns into packed SIMD code; `SIMD16<Float>` was tried first and measured ~5× slower
/// here, because `clamped`, `replacing(with:where:)` and `pointwiseMax` compile to lane-by-lane
/// loops through the stack.
///
/// Why not `Foundation.exp`/`erf`: per chunk of 256 tokens the encoder evaluates ~4.7 M
/// exponentials (softmax) and ~2.4 M error functions (GELU); libm calls do not vectorise and would
/// cost more than the matrix products. `exp` is the Cephes single-precision polynomial (≈ 1 ulp)
/// and `erf` Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), far below what moves a vector.
enum VectorKernels {
    /// e^x, for x clamped to the range where the result is a normal float.
    @inline(__always)
    static func exp(_ input: Float) -> Float {
        let x = input < -87.3 ? -87.3 : (input > 88.3 ? 88.3 : input)
        // Round x·log2(e) to the nearest integer n with the 1.5·2^23 trick: n lands in the low
        // mantissa bits, which then become the exponent of 2^n without a float→int conversion.
        let shifted = x * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        p = p * r * r + r + 1
        return p * Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
    }

    /// x·Φ(x) in the exact (erf) form BERT uses: 0.5·x·(1 + erf(x/√2)).
    @inline(__always)
    static func gelu(_ x: Float) -> Float {
        let a = Float(bitPattern: x.bitPattern & 0x7FFF_FFFF) * 0.707_106_781_186_547_5  // |x|/√2
        let t = 1 / (1 + 0.327_591_1 * a)
        var poly: Float = 1.061_405_429
        poly = poly * t - 1.453_152_027
        poly = poly * t + 1.421_413_741
        poly = poly * t - 0.284_496_736
        poly = poly * t + 0.254_829_592
        // half = 0.5·erfc(|x|/√2); Φ(x) is 1 - half for x ≥ 0 and half for x < 0.
        let half = 0.5 * poly * t * exp(-(a * a))
        return x * (x >= 0 ? 1 - half : half)
    }

    /// rows × columns matrix += bias (per column), then GELU, in place.
    static func addBiasGELU(
        _ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>
    ) {
        for row in 0..<rows {
            let line = matrix + row &* columns
            var j = 0
            while j < columns {
                line[j] = gelu(line[j] + bias[j])
                j &+= 1
            }
        }
    }

    /// rows × columns matrix += bias (per column), in place.
    static func addBias(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        for row in 0..<rows {
            let line = matrix + row &* columns
            var j = 0
            while j < columns {
                line[j] += bias[j]
                j &+= 1
            }
        }
    }

    /// Each row of `residual` becomes LayerNorm(row of `input` + bias + row of `residual`).
    static func addBiasResidualLayerNorm(
        _ input: UnsafePointer<Float>, bias: UnsafePointer<Float>, residual: UnsafeMutablePointer<Float>,
        rows: Int, columns: Int, weight: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float
    ) {
        for row in 0..<rows {
            let source = input + row &* columns
            let line = residual + row &* columns
            var j = 0
            while j < columns {
                line[j] += source[j] + bias[j]
                j &+= 1
            }
        }
        layerNorm(residual, rows: rows, columns: columns, weight: weight, shift: shift, epsilon: epsilon)
    }

    /// Layer normalisation of each row in place: (x - mean) / √(variance + ε) · weight + shift.
    static func layerNorm(
        _ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        weight: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float
    ) {
        let count = Float(columns)
        for row in 0..<rows {
            let line = matrix + row &* columns
            let mean = sum(line, columns) / count
            var squares: Float = 0
            var j = 0
            while j < columns {
                let d = line[j] - mean
                squares += d * d
                j &+= 1
            }
            let scale = 1 / (squares / count + epsilon).squareRoot()
            j = 0
            while j < columns {
                line[j] = (line[j] - mean) * scale * weight[j] + shift[j]
                j &+= 1
            }
        }
    }

    /// Softmax of each row of a rows × columns matrix in place (row stride `stride`).
    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        for row in 0..<rows {
            let line = matrix + row &* stride
            var peak = -Float.infinity
            var j = 0
            while j < columns {
                peak = line[j] > peak ? line[j] : peak
                j &+= 1
            }
            j = 0
            while j < columns {
                line[j] = exp(line[j] - peak)
                j &+= 1
            }
            let inverse = 1 / sum(line, columns)
            j = 0
            while j < columns {
                line[j] *= inverse
                j &+= 1
            }
        }
    }

    /// Sum with eight independent accumulators, so it is not one long dependency chain.
    @inline(__always)
    static func sum(_ values: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var j = 0
        while j &+ 8 <= count {
            lanes += UnsafeRawPointer(values + j).loadUnaligned(as: SIMD8<Float>.self)
            j &+= 8
        }
        var total = lanes.sum()
        while j < count {
            total += values[j]
            j &+= 1
        }
        return total
    }
}
