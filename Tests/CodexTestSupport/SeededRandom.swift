/// SplitMix64: a tiny deterministic generator, so "random" split points are the same on every run.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    /// Cuts the bytes at `count` random offsets (fixed seed), keeping their order.
    public func randomlySplit(into count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SeededRandom(seed: seed)
        let cuts = Set((0..<count).map { _ in Int.random(in: 0...self.count, using: &random) }).sorted()
        var pieces: [[UInt8]] = []
        var start = 0
        for cut in cuts + [self.count] {
            pieces.append(Array(self[start..<cut]))
            start = cut
        }
        return pieces
    }
}
