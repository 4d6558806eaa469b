import GRDB

/// Loads each collection's vector matrix once and shares it between queries until it changes.
///
/// A fingerprint of the collection's vectors (count and sum of chunk ids, read from an index in
/// about a millisecond) tells when ingest added or removed vectors since the matrix was built.
public actor VectorIndexCache {
    private struct Entry {
        var fingerprint: Fingerprint
        var index: VectorIndex
    }

    private struct Fingerprint: Equatable {
        var count: Int
        var idSum: Int64
    }

    private var entries: [Int64: Entry] = [:]
    private var loading: [Int64: Task<Entry, any Error>] = [:]

    public init() {}

    /// The current matrix of `collectionId`, loading it when missing or stale.
    public func index(collectionId: Int64, dimension: Int, database: CodexDatabase) async throws -> VectorIndex {
        let fingerprint = try await database.read { db in try Self.fingerprint(collectionId, db) }
        if let entry = entries[collectionId], entry.fingerprint == fingerprint, entry.index.dimension == dimension {
            return entry.index
        }
        // Concurrent first queries share one load instead of reading the matrix twice.
        if let pending = loading[collectionId] {
            return try await pending.value.index
        }
        let task = Task {
            try await database.read { db in
                Entry(
                    fingerprint: try Self.fingerprint(collectionId, db),
                    index: try VectorIndex.load(collectionId: collectionId, dimension: dimension, from: db))
            }
        }
        loading[collectionId] = task
        defer { loading[collectionId] = nil }
        let entry = try await task.value
        entries[collectionId] = entry
        return entry.index
    }

    private static func fingerprint(_ collectionId: Int64, _ db: Database) throws -> Fingerprint {
        let row = try Row.fetchOne(
            db, sql: "SELECT count(*), coalesce(sum(chunk_id), 0) FROM vector WHERE collection_id = ?",
            arguments: [collectionId])
        return Fingerprint(count: row?[0] ?? 0, idSum: row?[1] ?? 0)
    }
}
