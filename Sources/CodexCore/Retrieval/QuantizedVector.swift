/// Symmetric int8 quantisation with one scale per vector: `x[i] ≈ codes[i] * scale`.
///
/// For unit vectors the error per component is at most `scale / 2` (about 0.1% of the largest
/// component), far below the gaps between the cosine scores retrieval compares.
public struct QuantizedVector: Sendable, Equatable {
    public var scale: Float
    public var codes: [Int8]

    public init(_ vector: [Float]) {
        let largest = vector.reduce(Float(0)) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else {
            scale = 0
            codes = Array(repeating: 0, count: vector.count)
            return
        }
        scale = largest / 127
        let inverse = 1 / scale
        codes = vector.map { Int8(($0 * inverse).rounded().clamped(to: -127...127)) }
    }
}

extension Float {
    fileprivate func clamped(to range: ClosedRange<Float>) -> Float { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
