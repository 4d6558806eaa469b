import CodexCore
import GRDB

/// Vectors in the `vector` table: int8 codes with one scale each, versioned per collection by triggers.
struct SQLiteVectorStore: VectorStore {
    let database: CodexDatabase

    func searchTargets(for identity: EmbedderIdentity, scope: SearchScope) async throws
        -> (collections: [Int64], allowedChunks: Set<Int64>?)
    {
        try await database.read { db -> ([Int64], Set<Int64>?) in
            var sql = "SELECT id FROM collection WHERE embedder = ? AND dimension = ?"
            var arguments: StatementArguments = [identity.name, identity.dimension]
            if let name = scope.collection {
                sql += " AND name = ?"
                arguments += [name]
            }
            if let viewer = scope.viewer {
                sql += " AND (owner_id IS NULL OR owner_id = ?)"
                arguments += [viewer]
            }
            let ids = try Int64.fetchAll(db, sql: sql, arguments: arguments)
            guard let glob = scope.absolutePathGlob, !ids.isEmpty else { return (ids, nil) }
            let allowed = try Int64.fetchSet(
                db, sql: "SELECT c.id FROM chunk c JOIN document d ON d.id = c.document_id WHERE d.path GLOB ?",
                arguments: [glob])
            return (ids, allowed)
        }
    }

    func version(ofCollection id: Int64) async throws -> Int64 {
        try await database.read { db in try Self.version(id, db) }
    }

    func matrix(ofCollection id: Int64, dimension: Int) async throws -> (version: Int64, index: VectorIndex) {
        try await database.read { db in
            (try Self.version(id, db), try VectorIndex.load(collectionId: id, dimension: dimension, from: db))
        }
    }

    /// Both counts come from indexes (`vector.collection_id`, `document.chunk_count`), so asking
    /// costs no scan of the chunks.
    func coverage(for identity: EmbedderIdentity, scope: SearchScope) async throws -> (embedded: Int, total: Int) {
        try await database.read { db -> (Int, Int) in
            var filter = "embedder = ? AND dimension = ?"
            var arguments: StatementArguments = [identity.name, identity.dimension]
            if let name = scope.collection {
                filter += " AND name = ?"
                arguments += [name]
            }
            if let viewer = scope.viewer {
                filter += " AND (owner_id IS NULL OR owner_id = ?)"
                arguments += [viewer]
            }
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM vector WHERE collection_id IN (SELECT id FROM collection WHERE \(filter))),
                           (SELECT coalesce(sum(chunk_count), 0) FROM document
                            WHERE collection_id IN (SELECT id FROM collection WHERE \(filter)))
                    """, arguments: arguments + arguments)
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    func claim(collection: String, for identity: EmbedderIdentity) async throws {
        try await database.write { db in
            guard var record = try CollectionRecord.named(collection, in: db) else {
                throw CodexError.collectionNotFound(collection)
            }
            if let existing = record.embedder, existing != identity.name || record.dimension != identity.dimension {
                throw CodexError.embedderMismatch(collection: collection, stored: existing, requested: identity.name)
            }
            record.embedder = identity.name
            record.dimension = identity.dimension
            try record.update(db)
        }
    }

    func chunksWithoutVector(inCollection id: Int64, after chunkId: Int64, limit: Int) async throws -> [PendingChunk] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.heading, c.text, c.start_line, c.end_line,
                           (SELECT p.end_line FROM chunk p WHERE p.document_id = c.document_id AND p.ordinal = c.ordinal - 1)
                    FROM chunk c JOIN document d ON d.id = c.document_id
                    LEFT JOIN vector v ON v.chunk_id = c.id
                    WHERE d.collection_id = ? AND v.chunk_id IS NULL AND c.id > ?
                    ORDER BY c.id LIMIT ?
                    """, arguments: [id, chunkId, limit]
            ).map { row in
                PendingChunk(
                    id: row[0], heading: row[1], text: row[2], lines: row[3]...max(row[3], row[4]),
                    previousEndLine: row[5])
            }
        }
    }

    func countWithoutVector(inCollection id: Int64) async throws -> Int {
        try await database.read { db in try ChunkRecord.countWithoutVector(db, collectionId: id) }
    }

    func write(_ vectors: [(chunkId: Int64, vector: [Float])], inCollection id: Int64, embeddingMilliseconds: Int64)
        async throws
    {
        try await database.write { db in
            for (chunkId, vector) in vectors {
                try VectorRecord(chunkId: chunkId, collectionId: id, vector: vector).insert(db, onConflict: .replace)
            }
            try db.execute(
                sql: "UPDATE collection SET embedding_ms = embedding_ms + ? WHERE id = ?",
                arguments: [embeddingMilliseconds, id])
        }
    }

    /// `collection.vector_version`, bumped by a trigger on every vector insert or delete.
    private static func version(_ collectionId: Int64, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT vector_version FROM collection WHERE id = ?"), arguments: [collectionId])
            ?? -1
    }
}
