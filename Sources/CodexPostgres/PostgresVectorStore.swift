import CodexCore
import Foundation

/// Vectors in the `vector` table as int8 codes in `bytea`, scored in the process.
///
/// pgvector is not in Debian 12, so the server only stores vectors; each replica loads a
/// collection's matrix once and scores it with the same kernel as the SQLite store. Replicas
/// stay current through `collection.vector_version` (bumped by a trigger on every change):
/// `HybridRetriever` asks for it before each search, one indexed row lookup, and reloads the
/// matrix only when it moved. A full scan of 100k int8 vectors takes milliseconds; past a few
/// million chunks per collection, an approximate index (pgvector's HNSW) would take over.
struct PostgresVectorStore: VectorStore {
    let database: PostgresDatabase

    func searchTargets(for identity: EmbedderIdentity, scope: SearchScope) async throws
        -> (collections: [Int64], allowedChunks: Set<Int64>?)
    {
        try await database.pool.read { connection -> ([Int64], Set<Int64>?) in
            let rows = try connection.query(
                """
                SELECT id FROM collection WHERE embedder = $1 AND dimension = $2 AND ($3::text IS NULL OR name = $3)
                AND ($4::int8 IS NULL OR owner_id IS NULL OR owner_id = $4)
                """, [identity.name, identity.dimension, scope.collection, scope.viewer])
            let ids = (0..<rows.count).compactMap { rows.int64($0, 0) }
            guard let glob = scope.absolutePathGlob, !ids.isEmpty else { return (ids, nil) }
            let allowed = try connection.query(
                "SELECT c.id FROM chunk c JOIN document d ON d.id = c.document_id WHERE d.path ~ $1",
                [PostgresGlob.regex(glob)])
            return (ids, Set((0..<allowed.count).compactMap { allowed.int64($0, 0) }))
        }
    }

    func version(ofCollection id: Int64) async throws -> Int64 {
        try await database.pool.read { connection in try Self.version(id, on: connection) }
    }

    /// The version and the matrix come from one snapshot; the rows come in binary (raw `bytea`,
    /// big-endian numbers), so 100k vectors are copied, not parsed from hex.
    func matrix(ofCollection id: Int64, dimension: Int) async throws -> (version: Int64, index: VectorIndex) {
        try await database.pool.read { connection in
            let version = try Self.version(id, on: connection)
            let rows = try connection.query(
                "SELECT chunk_id, scale, codes FROM vector WHERE collection_id = $1 ORDER BY chunk_id", [id],
                binaryResult: true)
            var chunkIds: [Int64] = []
            var scales: [Float] = []
            chunkIds.reserveCapacity(rows.count)
            scales.reserveCapacity(rows.count)
            var codes = [Int8](repeating: 0, count: rows.count * dimension)
            try codes.withUnsafeMutableBytes { destination in
                for row in 0..<rows.count {
                    try rows.withBinary(row, 2) { blob in
                        guard blob.count == dimension, let source = blob.baseAddress else {
                            throw CodexError.vectorDimensionMismatch(expected: dimension, found: blob.count)
                        }
                        destination.baseAddress!.advanced(by: row * dimension).copyMemory(from: source, byteCount: dimension)
                    }
                    chunkIds.append(rows.binaryInt64(row, 0))
                    scales.append(Float(rows.binaryDouble(row, 1)))
                }
            }
            return (version, VectorIndex(dimension: dimension, chunkIds: chunkIds, scales: scales, codes: codes))
        }
    }

    func coverage(for identity: EmbedderIdentity, scope: SearchScope) async throws -> (embedded: Int, total: Int) {
        try await database.pool.read { connection -> (Int, Int) in
            let rows = try connection.query(
                """
                WITH c AS (SELECT id, indexed_chunks FROM collection
                           WHERE embedder = $1 AND dimension = $2 AND ($3::text IS NULL OR name = $3)
                             AND ($4::int8 IS NULL OR owner_id IS NULL OR owner_id = $4))
                SELECT (SELECT count(*) FROM vector WHERE collection_id IN (SELECT id FROM c)),
                       (SELECT coalesce(sum(indexed_chunks), 0) FROM c)
                """, [identity.name, identity.dimension, scope.collection, scope.viewer])
            return (rows.int(0, 0) ?? 0, rows.int(0, 1) ?? 0)
        }
    }

    func claim(collection: String, for identity: EmbedderIdentity) async throws {
        try await database.pool.write { connection in
            let rows = try connection.query(
                "SELECT embedder, dimension FROM collection WHERE name = $1 FOR UPDATE", [collection])
            guard rows.count == 1 else { throw CodexError.collectionNotFound(collection) }
            if let existing = rows.string(0, 0), existing != identity.name || rows.int(0, 1) != identity.dimension {
                throw CodexError.embedderMismatch(collection: collection, stored: existing, requested: identity.name)
            }
            try connection.query(
                "UPDATE collection SET embedder = $1, dimension = $2 WHERE name = $3",
                [identity.name, identity.dimension, collection])
        }
    }

    func chunksWithoutVector(inCollection id: Int64, after chunkId: Int64, limit: Int) async throws -> [PendingChunk] {
        try await database.pool.read { connection in
            let rows = try connection.query(
                """
                SELECT c.id, c.heading, c.text, c.start_line, c.end_line,
                       (SELECT p.end_line FROM chunk p WHERE p.document_id = c.document_id AND p.ordinal = c.ordinal - 1)
                FROM chunk c LEFT JOIN vector v ON v.chunk_id = c.id
                WHERE c.collection_id = $1 AND v.chunk_id IS NULL AND c.id > $2
                ORDER BY c.id LIMIT $3
                """, [id, chunkId, limit])
            return (0..<rows.count).map { row in
                let start = rows.int(row, 3) ?? 1
                return PendingChunk(
                    id: rows.int64(row, 0) ?? 0, heading: rows.string(row, 1) ?? "", text: rows.string(row, 2) ?? "",
                    lines: start...max(start, rows.int(row, 4) ?? start), previousEndLine: rows.int(row, 5))
            }
        }
    }

    func countWithoutVector(inCollection id: Int64) async throws -> Int {
        try await database.pool.read { connection in
            try connection.query(
                """
                SELECT count(*) FROM chunk c LEFT JOIN vector v ON v.chunk_id = c.id
                WHERE c.collection_id = $1 AND v.chunk_id IS NULL
                """, [id]
            ).int(0, 0) ?? 0
        }
    }

    /// One `INSERT … ON CONFLICT` for the whole batch (its rows as three arrays).
    func write(_ vectors: [(chunkId: Int64, vector: [Float])], inCollection id: Int64, embeddingMilliseconds: Int64)
        async throws
    {
        let quantized = vectors.map { (chunkId: $0.chunkId, vector: QuantizedVector($0.vector)) }
        let chunkIds = PostgresArray(quantized.map(\.chunkId))
        let scales = PostgresArray(quantized.map { Double($0.vector.scale) })
        let codes = PostgresArray(
            quantized.map { entry in PostgresHex.encode(entry.vector.codes.lazy.map { UInt8(bitPattern: $0) }) })
        try await database.pool.write { connection in
            try connection.query(
                """
                INSERT INTO vector (chunk_id, collection_id, scale, codes)
                SELECT v.chunk_id, $4, v.scale, v.codes
                FROM unnest($1::int8[], $2::float8[], $3::bytea[]) AS v(chunk_id, scale, codes)
                JOIN chunk c ON c.id = v.chunk_id
                ON CONFLICT (chunk_id) DO UPDATE SET scale = excluded.scale, codes = excluded.codes,
                    collection_id = excluded.collection_id
                """, [chunkIds, scales, codes, id])
            try connection.query(
                "UPDATE collection SET embedding_ms = embedding_ms + $1 WHERE id = $2", [embeddingMilliseconds, id])
        }
    }

    /// `collection.vector_version`; -1 for a collection that does not exist.
    private static func version(_ collectionId: Int64, on connection: PostgresConnection) throws -> Int64 {
        try connection.query("SELECT vector_version FROM collection WHERE id = $1", [collectionId]).int64(0, 0) ?? -1
    }
}
