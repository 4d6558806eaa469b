import CodexCore
import Foundation

/// Documents, chunks and the keyword index's postings.
struct PostgresDocumentStore: DocumentStore {
    let database: PostgresDatabase
    let terms: IndexTerms

    func passages(_ chunkIds: [Int64]) async throws -> [Passage] {
        guard !chunkIds.isEmpty else { return [] }
        return try await database.pool.read { connection in
            let rows = try connection.query(
                """
                SELECT c.id, c.document_id, col.name, d.path, c.start_line, c.end_line, c.heading, c.text
                FROM chunk c JOIN document d ON d.id = c.document_id JOIN collection col ON col.id = d.collection_id
                WHERE c.id = ANY($1::int8[])
                """, [PostgresArray(chunkIds)])
            return (0..<rows.count).map { Self.passage(rows, $0, score: 0) }
        }
    }

    func storedDocuments(inCollection id: Int64, under roots: [String]) throws -> [String: StoredDocumentFacts] {
        try database.pool.readSync { connection in
            var stored: [String: StoredDocumentFacts] = [:]
            var archives = Set<String>()
            for root in roots {
                let prefix = root.hasSuffix("/") ? root : root + "/"
                // Paths under `prefix` sort between "prefix" and "prefix" with its "/" bumped to "0" (byte order).
                let upper = String(prefix.dropLast()) + "0"
                let rows = try connection.query(
                    """
                    SELECT id, path, size, mtime_ns, sha256, chunking, kind FROM document
                    WHERE collection_id = $1 AND (path = $2 OR (path >= $3 AND path < $4))
                    """, [id, root, prefix, upper])
                for row in 0..<rows.count {
                    let path = rows.string(row, 1) ?? ""
                    stored[path] = StoredDocumentFacts(
                        documentId: rows.int64(row, 0) ?? 0,
                        facts: FileFacts(path: path, size: rows.int64(row, 2) ?? 0, mtimeNs: rows.int64(row, 3) ?? 0),
                        sha256: rows.string(row, 4) ?? "", chunking: rows.int(row, 5) ?? 0)
                    if rows.string(row, 6) == FileKind.archive.rawValue { archives.insert(path) }
                }
            }
            return StoredDocumentFacts.leavingOutMembers(of: archives, from: stored)
        }
    }

    func apply(_ items: [PreparedItem], inCollection id: Int64) throws {
        let writer = PostgresDocumentWriter(collectionId: id, terms: terms)
        try database.pool.writeSync { connection in try writer.apply(items, on: connection) }
    }

    func remove(documents ids: [Int64], inCollection id: Int64) throws {
        let writer = PostgresDocumentWriter(collectionId: id, terms: terms)
        try database.pool.writeSync { connection in
            for documentId in ids { try writer.remove(documentId: documentId, on: connection) }
        }
    }

    /// After an ingest, vacuums the keyword index (see `PostgresDatabase.vacuumKeywordIndex`);
    /// nothing to tune before one: the server's settings are its administrator's.
    func prepareForBulkWrites(_ bulk: Bool) throws {
        if !bulk { try database.vacuumKeywordIndex() }
    }

    /// A session-level advisory lock on a connection of its own (see `PostgresIngestLock`).
    func lockForIngest(collection: String) throws -> (any Sendable)? {
        try PostgresIngestLock(pool: database.pool, collection: collection)
    }

    static func passage(_ rows: PostgresRows, _ row: Int, score: Double) -> Passage {
        Passage(
            chunkId: rows.int64(row, 0) ?? 0, documentId: rows.int64(row, 1) ?? 0, collection: rows.string(row, 2) ?? "",
            path: rows.string(row, 3) ?? "", startLine: rows.int(row, 4) ?? 1, endLine: rows.int(row, 5) ?? 1,
            heading: rows.string(row, 6) ?? "", text: rows.string(row, 7) ?? "", score: score)
    }
}

/// Held while one ingest writes into a collection of a PostgreSQL store: an advisory lock on
/// the collection's name, on a connection of its own, so the server drops it if the process dies.
///
/// A second ingest of the same collection (another replica's upload, a CLI run) waits its turn,
/// up to `patience`; ingests of other collections go on side by side.
final class PostgresIngestLock: Sendable {
    /// The first half of the lock's key ("codi"); the second is the collection name's hash.
    static let key: Int32 = 0x636F_6469
    static let patience = "15min"
    private let connection: PostgresConnection

    /// - Throws: `CodexError.storeLocked` when another ingest holds the collection past `patience`
    ///   (the lock timeout's SQLSTATE 55P03, translated by `CodexError.fromPostgres`).
    init(pool: PostgresPool, collection: String) throws {
        connection = try PostgresConnection(url: pool.url, location: pool.location)
        try connection.execute("SET lock_timeout = '\(Self.patience)'")
        try connection.query("SELECT pg_advisory_lock($1::int4, hashtext($2))", [Int(Self.key), collection])
    }
}
