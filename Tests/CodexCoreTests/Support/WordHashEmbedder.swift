import Foundation

@testable import CodexCore
@testable import CodexSQLite

/// A deterministic stand-in at the `Embedder` seam, for tests about what happens around the
/// vectors (resuming, refusing mixes) rather than what they mean: each lower-cased word adds 1
/// to one of `dimension` components, then the vector is normalised. `failAfterCalls` makes it
/// throw `CancellationError` from that call on, like an ingest interrupted mid-embedding.
final class WordHashEmbedder: Embedder, @unchecked Sendable {
    // @unchecked Sendable: `calls` is only touched under `lock`.
    let identity: EmbedderIdentity
    private let failAfterCalls: Int?
    private let lock = NSLock()
    private var calls = 0
    private var received: [String] = []

    init(name: String = "test:word-hash", dimension: Int = 64, failAfterCalls: Int? = nil) {
        identity = EmbedderIdentity(name: name, dimension: dimension)
        self.failAfterCalls = failAfterCalls
    }

    var callCount: Int { lock.withLock { calls } }
    /// Every text it was asked to embed, in order.
    var texts: [String] { lock.withLock { received } }

    func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]] {
        let call = lock.withLock {
            calls += 1
            received += texts
            return calls
        }
        if let failAfterCalls, call > failAfterCalls { throw CancellationError() }
        return texts.map { text in
            var vector = [Float](repeating: 0, count: identity.dimension)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                let slot =
                    word.unicodeScalars.reduce(UInt32(5381)) { ($0 &* 33) &+ $1.value } % UInt32(identity.dimension)
                vector[Int(slot)] += 1
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? vector.map { $0 / norm } : vector
        }
    }
}
