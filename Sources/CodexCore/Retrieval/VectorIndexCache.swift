import GRDB

/// Loads each collection's vector matrix once and shares it between queries until it changes.
///
/// The collection's `vector_version`, bumped by a trigger on every vector insert or delete, tells
/// in one row lookup whether ingest changed the vectors since the matrix was built.
public actor VectorIndexCache {
    private struct Entry {
        var version: Int64
        var index: VectorIndex
    }

    private var entries: [Int64: Entry] = [:]
    private var loading: [Int64: Task<Entry, any Error>] = [:]

    public init() {}

    /// The current matrix of `collectionId`, loading it when missing or stale.
    public func index(collectionId: Int64, dimension: Int, database: CodexDatabase) async throws -> VectorIndex {
        let version = try await database.read { db in try Self.version(collectionId, db) }
        if let entry = entries[collectionId], entry.version == version, entry.index.dimension == dimension {
            return entry.index
        }
        // Concurrent first queries share one load instead of reading the matrix twice.
        if let pending = loading[collectionId] {
            return try await pending.value.index
        }
        let task = Task {
            try await database.read { db in
                Entry(
                    version: try Self.version(collectionId, db),
                    index: try VectorIndex.load(collectionId: collectionId, dimension: dimension, from: db))
            }
        }
        loading[collectionId] = task
        defer { loading[collectionId] = nil }
        let entry = try await task.value
        entries[collectionId] = entry
        return entry.index
    }

    private static func version(_ collectionId: Int64, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT vector_version FROM collection WHERE id = ?"), arguments: [collectionId]) ?? -1
    }
}
