import CodexCore
import GRDB

extension ChunkRecord {
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
