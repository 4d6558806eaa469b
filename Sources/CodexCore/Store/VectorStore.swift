/// Vectors as retrieval needs them: whole quantised matrices, versioned so caches know when to reload.
public protocol VectorStore: Sendable {
    /// Collections holding `identity`'s vectors within `scope`, and, when the scope filters by
    /// path, the chunk ids it allows (nil: every chunk of those collections).
    func searchTargets(for identity: EmbedderIdentity, scope: SearchScope) async throws
        -> (collections: [Int64], allowedChunks: Set<Int64>?)
    /// A number that changes whenever the collection's vectors change; -1 for an unknown collection.
    func version(ofCollection id: Int64) async throws -> Int64
    /// Every vector of a collection in one matrix, with the version it was read at (one snapshot).
    func matrix(ofCollection id: Int64, dimension: Int) async throws -> (version: Int64, index: VectorIndex)
    /// Chunks of the collections in scope claimed by `identity`: how many have its vectors, and how many there are.
    func coverage(for identity: EmbedderIdentity, scope: SearchScope) async throws -> (embedded: Int, total: Int)

    /// Claims `collection` for `identity`'s vectors.
    ///
    /// - Throws: `CodexError.collectionNotFound`, or `.embedderMismatch` when it already holds
    ///   another embedder's vectors.
    func claim(collection: String, for identity: EmbedderIdentity) async throws
    /// Chunks of a collection with no vector yet and an id above `chunkId`, in id order, at most `limit`.
    func chunksWithoutVector(inCollection id: Int64, after chunkId: Int64, limit: Int) async throws -> [PendingChunk]
    /// How many chunks of a collection still need a vector.
    func countWithoutVector(inCollection id: Int64) async throws -> Int
    /// Stores one batch of vectors (replacing any a chunk had) in one transaction, and adds the
    /// time the embedder spent on it to the collection's total.
    func write(_ vectors: [(chunkId: Int64, vector: [Float])], inCollection id: Int64, embeddingMilliseconds: Int64)
        async throws
}
