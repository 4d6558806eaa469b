import CodexCore
import Foundation

/// Bundle export and import on the PostgreSQL store: one read snapshot, or one write transaction.
struct PostgresBundleStore: BundleStore {
    let database: PostgresDatabase
    let terms: IndexTerms

    func reading<T>(_ body: (any BundleSource) throws -> T) throws -> T {
        try database.pool.readSync { connection in try body(PostgresBundleSession(connection, terms: terms)) }
    }

    func writing<T>(_ body: (any BundleTarget) throws -> T) throws -> T {
        var wroteChunks = false
        let value = try database.pool.writeSync { connection in
            let session = PostgresBundleSession(connection, terms: terms)
            let value = try body(session)
            try session.flushChunks()
            wroteChunks = session.wroteChunks
            return value
        }
        if wroteChunks { try database.vacuumKeywordIndex() }
        return value
    }
}

/// A bundle's view of one open transaction; lives only inside `reading`/`writing`.
///
/// Imported chunks are held back and written a few thousand at a time with `COPY` (with their
/// postings and vectors), as ingest writes them.
final class PostgresBundleSession: BundleSource, BundleTarget {
    private let connection: PostgresConnection
    private let terms: IndexTerms
    private var pendingChunks: [PostgresDocumentWriter.NewChunk] = []
    private var pendingCollection: Int64?
    private(set) var wroteChunks = false
    static let chunksPerFlush = 2_000

    init(_ connection: PostgresConnection, terms: IndexTerms) {
        self.connection = connection
        self.terms = terms
    }

    func importState() throws -> ImportPlan.LocalState {
        let sessions = try connection.query("SELECT id FROM session")
        let collections = try connection.query("SELECT name, embedder, dimension FROM collection")
        var byName: [String: EmbedderIdentity?] = [:]
        for row in 0..<collections.count {
            byName[collections.string(row, 0) ?? ""] = collections.string(row, 1).map {
                EmbedderIdentity(name: $0, dimension: collections.int(row, 2) ?? 0)
            }
        }
        return ImportPlan.LocalState(
            sessionIds: Set((0..<sessions.count).compactMap { sessions.string($0, 0) }), collections: byName)
    }

    // MARK: Export

    func sessions(ids: [UUID]?, updatedSince: Date?) throws -> [Session] {
        let rows = try connection.query(
            """
            SELECT \(PostgresMessageRow.sessionSelection) FROM session
            WHERE ($1::text[] IS NULL OR id = ANY($1::text[]))
              AND ($2::float8 IS NULL OR updated_at >= \(PostgresSQL.fromMillis("$2")))
            ORDER BY created_at, id
            """, [ids.map { PostgresArray($0.map(\.lowercasedString)) }, updatedSince])
        return (0..<rows.count).map { PostgresMessageRow.session(rows, $0) }
    }

    func messageCounts() throws -> [String: Int] {
        let rows = try connection.query("SELECT session_id, count(*) FROM message GROUP BY session_id")
        var counts: [String: Int] = [:]
        for row in 0..<rows.count { counts[rows.string(row, 0) ?? ""] = rows.int(row, 1) ?? 0 }
        return counts
    }

    func forEachMessage(inSession id: UUID, _ body: (BundleMessage) throws -> Void) throws {
        let rows = try connection.query(
            "SELECT \(PostgresMessageRow.selection) FROM message WHERE session_id = $1 ORDER BY seq", [id.lowercasedString])
        for row in 0..<rows.count {
            try body(
                BundleMessage(
                    sessionId: id.lowercasedString, seq: rows.int(row, 2) ?? 0, body: try PostgresMessageRow.body(rows, row)))
        }
    }

    func collection(named name: String) throws -> CollectionRecord? {
        try PostgresCollectionStore.named(name, on: connection)
    }

    func collections(holdingAnyOf paths: Set<String>) throws -> [CollectionRecord] {
        let rows = try connection.query(
            """
            SELECT \(PostgresCollectionStore.recordColumns) FROM collection
            WHERE id IN (SELECT DISTINCT collection_id FROM document WHERE path = ANY($1::text[])) ORDER BY id
            """, [PostgresArray(paths.sorted())])
        return (0..<rows.count).map { PostgresCollectionStore.record(rows, $0) }
    }

    func embeddingMilliseconds(ofCollection id: Int64) throws -> Int64? {
        try connection.query("SELECT embedding_ms FROM collection WHERE id = $1", [id]).int64(0, 0)
    }

    func chunkCount(inCollections ids: [Int64]) throws -> Int {
        try connection.query(
            "SELECT count(*) FROM chunk WHERE collection_id = ANY($1::int8[])", [PostgresArray(ids)]
        ).int(0, 0) ?? 0
    }

    func forEachDocument(inCollection id: Int64, _ body: (DocumentRecord) throws -> Void) throws {
        let rows = try connection.query(
            """
            SELECT id, collection_id, path, sha256, size, mtime_ns, kind, chunk_count, \(PostgresSQL.millis("ingested_at"))
            FROM document WHERE collection_id = $1 ORDER BY id
            """, [id])
        for row in 0..<rows.count {
            try body(
                DocumentRecord(
                    id: rows.int64(row, 0), collectionId: rows.int64(row, 1) ?? id, path: rows.string(row, 2) ?? "",
                    sha256: rows.string(row, 3) ?? "", size: rows.int64(row, 4) ?? 0, mtimeNs: rows.int64(row, 5) ?? 0,
                    kind: rows.string(row, 6) ?? "", chunkCount: rows.int(row, 7) ?? 0,
                    ingestedAt: rows.date(row, 8) ?? Date()))
        }
    }

    func forEachChunk(inCollection id: Int64, _ body: (Int64, BundleChunk) throws -> Void) throws {
        let rows = try connection.query(
            """
            SELECT c.document_id, c.ordinal, c.start_line, c.end_line, c.heading, c.text, c.token_count, v.scale, v.codes
            FROM chunk c LEFT JOIN vector v ON v.chunk_id = c.id WHERE c.collection_id = $1 ORDER BY c.id
            """, [id])
        for row in 0..<rows.count {
            let vector = rows.double(row, 7).flatMap { scale in
                rows.bytes(row, 8).map { BundleChunk.Vector(scale: scale, codes: $0) }
            }
            try body(
                rows.int64(row, 0) ?? 0,
                BundleChunk(
                    document: 0, ordinal: rows.int(row, 1) ?? 0, startLine: rows.int(row, 2) ?? 1,
                    endLine: rows.int(row, 3) ?? 1, heading: rows.string(row, 4) ?? "", text: rows.string(row, 5) ?? "",
                    tokenCount: rows.int(row, 6) ?? 0, vector: vector))
        }
    }

    // MARK: Import

    func deleteSession(id: String, owner: Int64?) throws {
        let deleted = try connection.query(
            "DELETE FROM session WHERE id = $1 AND ($2::int8 IS NULL OR owner_id = $2)", [id, owner]
        ).changed
        if deleted == 0, owner != nil { throw CodexError.sessionOfAnotherUser(id) }
    }

    func insertSession(_ session: Session, owner: Int64?) throws {
        try PostgresMessageRow.insert(session, on: connection)
        if let owner {
            try connection.query("UPDATE session SET owner_id = $1 WHERE id = $2", [owner, session.id.lowercasedString])
        }
    }

    func insertMessage(_ message: BundleMessage, session: UUID) throws {
        try connection.query(
            "INSERT INTO message (\(PostgresMessageRow.insertColumns)) VALUES (\(PostgresMessageRow.insertValues))",
            try PostgresMessageRow.values(message.body, session: session, seq: message.seq))
    }

    func touchCollection(id: Int64, at date: Date) throws {
        try connection.query(
            "UPDATE collection SET updated_at = \(PostgresSQL.fromMillis("$1")) WHERE id = $2", [date, id])
    }

    func insertCollection(_ collection: CollectionRecord) throws -> Int64 {
        let rows = try connection.query(
            """
            INSERT INTO collection (name, embedder, dimension, created_at, updated_at)
            VALUES ($1, $2, $3, \(PostgresSQL.fromMillis("$4")), \(PostgresSQL.fromMillis("$5"))) RETURNING id
            """,
            [collection.name, collection.embedder, collection.dimension, collection.createdAt, collection.updatedAt])
        guard let id = rows.int64(0, 0) else { throw CodexError.internal("collection inserted without an id") }
        return id
    }

    func documentPaths(inCollection id: Int64) throws -> Set<String> {
        let rows = try connection.query("SELECT path FROM document WHERE collection_id = $1", [id])
        return Set((0..<rows.count).compactMap { rows.string($0, 0) })
    }

    func insertDocument(_ document: DocumentRecord) throws -> Int64 {
        let rows = try connection.query(
            """
            INSERT INTO document (collection_id, path, sha256, size, mtime_ns, kind, chunk_count, ingested_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, \(PostgresSQL.fromMillis("$8"))) RETURNING id
            """,
            [
                document.collectionId, document.path, document.sha256, document.size, document.mtimeNs, document.kind,
                document.chunkCount, document.ingestedAt,
            ])
        guard let id = rows.int64(0, 0) else { throw CodexError.internal("document inserted without an id") }
        return id
    }

    func insertChunk(_ chunk: ChunkRecord, vector: BundleChunk.Vector?, collectionId: Int64) throws {
        if pendingCollection != collectionId || pendingChunks.count >= Self.chunksPerFlush { try flushChunks() }
        pendingCollection = collectionId
        pendingChunks.append(
            PostgresDocumentWriter.NewChunk(
                documentId: chunk.documentId, ordinal: chunk.ordinal,
                chunk: TextChunk(
                    startLine: chunk.startLine, endLine: chunk.endLine, heading: chunk.heading, text: chunk.text,
                    tokenCount: chunk.tokenCount),
                vector: vector))
    }

    func addEmbeddingTime(milliseconds: Int64, toCollection id: Int64) throws {
        try connection.query(
            "UPDATE collection SET embedding_ms = embedding_ms + $1 WHERE id = $2", [milliseconds, id])
    }

    /// Writes the chunks held back (before the transaction commits, or another collection's start).
    func flushChunks() throws {
        guard let collectionId = pendingCollection, !pendingChunks.isEmpty else { return }
        try PostgresDocumentWriter(collectionId: collectionId, terms: terms).insertChunks(pendingChunks, on: connection)
        wroteChunks = true
        pendingChunks.removeAll(keepingCapacity: true)
    }
}
