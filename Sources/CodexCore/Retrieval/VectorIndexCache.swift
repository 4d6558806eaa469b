/// Loads each collection's vector matrix once and shares it between queries until it changes.
///
/// The store's version of the collection's vectors (`VectorStore.version`, one row lookup in
/// SQLite, bumped by a trigger on every vector insert or delete) tells whether ingest changed
/// them since the matrix was built.
public actor VectorIndexCache {
    private struct Entry {
        var version: Int64
        var index: VectorIndex
    }

    private var entries: [Int64: Entry] = [:]
    private var loading: [Int64: Task<Entry, any Error>] = [:]

    public init() {}

    /// The current matrix of `collectionId`, loading it when missing or stale.
    public func index(collectionId: Int64, dimension: Int, store: any VectorStore) async throws -> VectorIndex {
        let version = try await store.version(ofCollection: collectionId)
        if let entry = entries[collectionId], entry.version == version, entry.index.dimension == dimension {
            return entry.index
        }
        // Concurrent first queries share one load instead of reading the matrix twice.
        if let pending = loading[collectionId] {
            return try await pending.value.index
        }
        let task = Task {
            let (version, index) = try await store.matrix(ofCollection: collectionId, dimension: dimension)
            return Entry(version: version, index: index)
        }
        loading[collectionId] = task
        defer { loading[collectionId] = nil }
        let entry = try await task.value
        entries[collectionId] = entry
        return entry.index
    }
}
