import GRDB

extension ChunkRecord {
    /// The 1-based inclusive line span, as citations print it (`path:12-30`).
    public var lines: ClosedRange<Int> { startLine...endLine }

    /// Chunks of a collection with no vector yet, in insertion order: the work list of the
    /// embedding phase that follows ingest's text phase (a re-chunked document loses its vectors
    /// with its old chunks, so it shows up here again).
    public static func fetchWithoutVector(_ db: Database, collectionId: Int64, limit: Int) throws -> [ChunkRecord] {
        try ChunkRecord.fetchAll(
            db,
            sql: """
                SELECT chunk.* FROM chunk
                JOIN document ON document.id = chunk.document_id
                LEFT JOIN vector ON vector.chunk_id = chunk.id
                WHERE document.collection_id = ? AND vector.chunk_id IS NULL
                ORDER BY chunk.id LIMIT ?
                """, arguments: [collectionId, limit])
    }

    /// How many chunks of a collection still need a vector.
    public static func countWithoutVector(_ db: Database, collectionId: Int64) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM chunk
                JOIN document ON document.id = chunk.document_id
                LEFT JOIN vector ON vector.chunk_id = chunk.id
                WHERE document.collection_id = ? AND vector.chunk_id IS NULL
                """, arguments: [collectionId]) ?? 0
    }
}
