import CodexCore
import Foundation
import GRDB

/// Documents and chunks in the `document` and `chunk` tables (the FTS5 index follows `chunk` by triggers).
struct SQLiteDocumentStore: DocumentStore {
    let database: CodexDatabase

    func passages(_ chunkIds: [Int64]) async throws -> [Passage] {
        guard !chunkIds.isEmpty else { return [] }
        return try await database.read { db in
            let placeholders = databaseQuestionMarks(count: chunkIds.count)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.document_id, col.name, d.path, c.start_line, c.end_line, c.heading, c.text
                    FROM chunk c JOIN document d ON d.id = c.document_id JOIN collection col ON col.id = d.collection_id
                    WHERE c.id IN (\(placeholders))
                    """, arguments: StatementArguments(chunkIds))
            return rows.map { row in
                Passage(
                    chunkId: row[0], documentId: row[1], collection: row[2], path: row[3], startLine: row[4],
                    endLine: row[5], heading: row[6], text: row[7], score: 0)
            }
        }
    }
}

extension SQLiteDocumentStore {
    func storedDocuments(inCollection id: Int64, under roots: [String]) throws -> [String: StoredDocumentFacts] {
        try DocumentWriter(database: database, collectionId: id).storedDocuments(under: roots)
    }

    func apply(_ items: [PreparedItem], inCollection id: Int64) throws {
        let writer = DocumentWriter(database: database, collectionId: id)
        try database.writeSync { db in try writer.apply(items, in: db) }
    }

    func remove(documents ids: [Int64], inCollection id: Int64) throws {
        let writer = DocumentWriter(database: database, collectionId: id)
        try database.writeSync { db in
            for documentId in ids { try writer.remove(documentId: documentId, in: db) }
        }
    }

    func prepareForBulkWrites(_ bulk: Bool) throws {
        try DocumentWriter(database: database, collectionId: 0).tuneForBulkWrites(bulk)
    }

    /// An exclusive `flock` on `<store>.lock` (see `IngestLock`).
    func lockForIngest(collection: String) throws -> (any Sendable)? {
        database.path == ":memory:" ? nil : try IngestLock(storePath: database.path)
    }
}
