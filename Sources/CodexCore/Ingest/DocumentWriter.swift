import Foundation
import GRDB

/// The SQLite half of ingest: one write transaction per document, with cached statements.
struct DocumentWriter: Sendable {
    let database: CodexDatabase
    let collectionId: Int64

    /// Stores a document and its chunks in one transaction, replacing the old version if any;
    /// returns its id. A crash before the commit leaves the previous version intact.
    @discardableResult
    func write(_ document: PreparedDocument) throws -> Int64 {
        try database.writeSync { db in
            let now = Date()
            let id: Int64
            if let existing = document.replacing {
                // Deleting the chunks also deletes their FTS rows (triggers) and vectors (cascade).
                try db.cachedStatement(sql: "DELETE FROM chunk WHERE document_id = ?").execute(arguments: [existing])
                try db.cachedStatement(
                    sql: """
                        UPDATE document SET sha256 = ?, size = ?, mtime_ns = ?, kind = ?, chunk_count = ?, ingested_at = ?
                        WHERE id = ?
                        """
                ).execute(arguments: [
                    document.sha256, document.facts.size, document.facts.mtimeNs, document.kind.rawValue,
                    document.chunks.count, now, existing,
                ])
                id = existing
            } else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO document (collection_id, path, sha256, size, mtime_ns, kind, chunk_count, ingested_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    collectionId, document.facts.path, document.sha256, document.facts.size, document.facts.mtimeNs,
                    document.kind.rawValue, document.chunks.count, now,
                ])
                id = db.lastInsertedRowID
            }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO chunk (document_id, ordinal, start_line, end_line, heading, text, token_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for (ordinal, chunk) in document.chunks.enumerated() {
                try insert.execute(arguments: [
                    id, ordinal, chunk.startLine, chunk.endLine, chunk.heading, chunk.text, chunk.tokenCount,
                ])
            }
            return id
        }
    }

    /// Records new size and time for a file whose content (hash) did not change.
    func updateFacts(documentId: Int64, facts: FileFacts) throws {
        try database.writeSync { db in
            try db.cachedStatement(sql: "UPDATE document SET size = ?, mtime_ns = ? WHERE id = ?")
                .execute(arguments: [facts.size, facts.mtimeNs, documentId])
        }
    }

    /// Removes a document; its chunks, FTS rows and vectors go with it.
    func remove(documentId: Int64) throws {
        try database.writeSync { db in
            try db.cachedStatement(sql: "DELETE FROM document WHERE id = ?").execute(arguments: [documentId])
        }
    }

    /// What the store holds for files at or under `roots` in this collection, by path.
    func storedDocuments(under roots: [String]) throws -> [String: StoredDocumentFacts] {
        try database.readSync { db in
            var stored: [String: StoredDocumentFacts] = [:]
            for root in roots {
                let prefix = root.hasSuffix("/") ? root : root + "/"
                // Paths under `prefix` sort between "prefix" and "prefix" with its "/" bumped to "0".
                let upper = String(prefix.dropLast()) + "0"
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT id, path, size, mtime_ns, sha256 FROM document
                        WHERE collection_id = ? AND (path = ? OR (path >= ? AND path < ?))
                        """, arguments: [collectionId, root, prefix, upper])
                while let row = try rows.next() {
                    let path: String = row[1]
                    stored[path] = StoredDocumentFacts(
                        documentId: row[0], facts: FileFacts(path: path, size: row[2], mtimeNs: row[3]), sha256: row[4])
                }
            }
            return stored
        }
    }
}
