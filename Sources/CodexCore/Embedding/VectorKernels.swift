/// The element-wise parts of the encoder (bias, GELU, softmax, layer norm), written over raw
/// pointers with `SIMD16<Float>` so the compiler emits AVX code.
///
/// Why not `Foundation.exp`/`erf`: per chunk of 256 tokens the encoder evaluates ~4.7 M
/// exponentials (softmax) and ~2.4 M error functions (GELU); scalar libm calls would cost more than
/// the matrix products. `exp` here is the Cephes single-precision polynomial (≈ 1 ulp) and `erf`
/// is Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), both far below what changes a vector.
enum VectorKernels {
    typealias Vector = SIMD16<Float>
    static let width = Vector.scalarCount

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
    }

    /// e^x lane by lane; inputs are clamped to the range where the result is a normal float.
    @inline(__always)
    static func exp(_ input: Vector) -> Vector {
        let x = input.clamped(lowerBound: Vector(repeating: -87.3), upperBound: Vector(repeating: 88.3))
        // Round x·log2(e) to the nearest integer n with the 1.5·2^23 trick: the integer lands in
        // the low mantissa bits, which become the exponent of 2^n without a float→int conversion.
        let magic = Vector(repeating: 12_582_912)
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        p = p * r * r + r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: Vector.self)
    }

    /// x·Φ(x) with the exact (erf) form BERT uses: 0.5·x·(1 + erf(x/√2)).
    @inline(__always)
    static func gelu(_ x: Vector) -> Vector {
        let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self)
        let a = unsafeBitCast(bits & 0x7FFF_FFFF, to: Vector.self) * 0.707_106_781_186_547_5  // |x|/√2
        let t = 1 / (1 + 0.327_591_1 * a)
        var poly = Vector(repeating: 1.061_405_429)
        poly = poly * t - 1.453_152_027
        poly = poly * t + 1.421_413_741
        poly = poly * t - 0.284_496_736
        poly = poly * t + 0.254_829_592
        // half = 0.5·erfc(|x|/√2); Φ(x) is 1 - half for x ≥ 0 and half for x < 0.
        let half = 0.5 * poly * t * exp(-(a * a))
        let phi = half.replacing(with: 1 - half, where: x .>= 0)
        return x * phi
    }

    /// rows × columns matrix += bias (per column), then GELU, in place.
    static func addBiasGELU(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        precondition(columns % width == 0)
        for row in 0..<rows {
            let line = matrix + row &* columns
            var j = 0
            while j < columns {
                store(gelu(load(line + j) + load(bias + j)), line + j)
                j &+= width
            }
        }
    }

    /// rows × columns matrix += bias (per column), in place.
    static func addBias(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        precondition(columns % width == 0)
        for row in 0..<rows {
            let line = matrix + row &* columns
            var j = 0
            while j < columns {
                store(load(line + j) + load(bias + j), line + j)
                j &+= width
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
                store(load(source + j) + load(bias + j) + load(line + j), line + j)
                j &+= width
            }
        }
        layerNorm(residual, rows: rows, columns: columns, weight: weight, shift: shift, epsilon: epsilon)
    }

    /// Layer normalisation of each row in place: (x - mean) / √(variance + ε) · weight + shift.
    static func layerNorm(
        _ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        weight: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float
    ) {
        precondition(columns % width == 0)
        let count = Float(columns)
        for row in 0..<rows {
            let line = matrix + row &* columns
            var sum = Vector()
            var j = 0
            while j < columns {
                sum += load(line + j)
                j &+= width
            }
            let mean = sum.sum() / count
            var squares = Vector()
            j = 0
            while j < columns {
                let d = load(line + j) - mean
                squares += d * d
                j &+= width
            }
            let scale = 1 / (squares.sum() / count + epsilon).squareRoot()
            j = 0
            while j < columns {
                store((load(line + j) - mean) * scale * load(weight + j) + load(shift + j), line + j)
                j &+= width
            }
        }
    }

    /// Softmax of each row of a rows × columns matrix in place (row stride `stride`).
    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        let whole = columns - columns % width
        for row in 0..<rows {
            let line = matrix + row &* stride
            var maxima = Vector(repeating: -.infinity)
            var j = 0
            while j < whole {
                maxima = pointwiseMax(maxima, load(line + j))
                j &+= width
            }
            var peak = maxima.max()
            for k in whole..<columns { peak = Swift.max(peak, line[k]) }
            var sums = Vector()
            j = 0
            while j < whole {
                let e = exp(load(line + j) - peak)
                store(e, line + j)
                sums += e
                j &+= width
            }
            var total = sums.sum()
            if whole < columns {
                var tail = Vector(repeating: -.infinity)
                for k in whole..<columns { tail[k &- whole] = line[k] - peak }
                let e = exp(tail)
                for k in whole..<columns {
                    line[k] = e[k &- whole]
                    total += e[k &- whole]
                }
            }
            let inverse = 1 / total
            j = 0
            while j < whole {
                store(load(line + j) * inverse, line + j)
                j &+= width
            }
            for k in whole..<columns { line[k] *= inverse }
        }
    }
}
