import CodexCore
import Foundation
import GRDB
import GRDBSQLite

/// The SQLite half of ingest (behind `SQLiteDocumentStore`), with cached statements. Every
/// method runs inside the caller's transaction, which always holds whole documents: a crash
/// before the commit leaves each document in its previous state.
struct DocumentWriter: Sendable {
    let database: CodexDatabase
    let collectionId: Int64

    /// Applies a group of pipeline items in the caller's transaction: document rows first, then
    /// all their chunks in a few large statements.
    func apply(_ items: [PreparedItem], in db: Database) throws {
        var pending = PendingChunks()
        for item in items {
            switch item {
            case .document(let document):
                let id = try writeRow(document, in: db)
                pending.append(document.chunks, documentId: id)
            case .sameContent(let id, let facts):
                try updateFacts(documentId: id, facts: facts, in: db)
            case .archive(let archive):
                // The archive changes as a whole: its old members go, the new ones come in.
                if let existing = archive.container.replacing { try removeMembers(ofDocument: existing, in: db) }
                _ = try writeRow(archive.container, in: db)
                for member in archive.members {
                    let id = try writeRow(member, in: db)
                    pending.append(member.chunks, documentId: id)
                }
            case .skipped(_, _, let remove):
                if let remove { try self.remove(documentId: remove, in: db) }
            case .end:
                break
            }
        }
        try insert(pending, in: db)
    }

    /// Inserts or updates the document row (dropping the old chunks) and returns its id.
    private func writeRow(_ document: PreparedDocument, in db: Database) throws -> Int64 {
        let now = Date()
        if let existing = document.replacing {
            // Deleting the chunks also deletes their FTS rows (triggers) and vectors (cascade).
            try db.cachedStatement(sql: "DELETE FROM chunk WHERE document_id = ?").execute(arguments: [existing])
            try db.cachedStatement(
                sql: """
                    UPDATE document SET sha256 = ?, size = ?, mtime_ns = ?, kind = ?, chunk_count = ?, ingested_at = ?,
                    chunking = ? WHERE id = ?
                    """
            ).execute(arguments: [
                document.sha256, document.facts.size, document.facts.mtimeNs, document.kind.rawValue,
                document.chunks.count, now, Chunker.version, existing,
            ])
            return existing
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO document (collection_id, path, sha256, size, mtime_ns, kind, chunk_count, ingested_at, chunking)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            collectionId, document.facts.path, document.sha256, document.facts.size, document.facts.mtimeNs,
            document.kind.rawValue, document.chunks.count, now, Chunker.version,
        ])
        return db.lastInsertedRowID
    }

    /// Rows per multi-row INSERT. The FTS5 trigger on `chunk` makes every statement a savepoint,
    /// and FTS5 flushes its pending index to a new segment at each one: a statement per row
    /// writes a tiny segment per chunk and merges them endlessly. Inserting the chunks of a whole
    /// transaction 512 rows at a time (7 × 512 variables, well under SQLite's 32,766) cuts the
    /// index build to about half of one-statement-per-row (measured on a 60 MB corpus).
    static let rowsPerInsert = 512

    private struct PendingChunks {
        var rows: [(documentId: Int64, ordinal: Int, chunk: TextChunk)] = []

        mutating func append(_ chunks: [TextChunk], documentId: Int64) {
            for (ordinal, chunk) in chunks.enumerated() { rows.append((documentId, ordinal, chunk)) }
        }
    }

    private func insert(_ pending: PendingChunks, in db: Database) throws {
        var start = 0
        while start < pending.rows.count {
            let end = min(start + Self.rowsPerInsert, pending.rows.count)
            let sql =
                "INSERT INTO chunk (document_id, ordinal, start_line, end_line, heading, text, token_count) VALUES "
                + repeatElement("(?, ?, ?, ?, ?, ?, ?)", count: end - start).joined(separator: ", ")
            // Full batches reuse one cached statement; the one shorter tail is compiled once.
            let statement =
                end - start == Self.rowsPerInsert ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
            try Self.bindAndStep(statement, pending.rows[start..<end], in: db)
            start = end
        }
    }

    /// Binds the rows straight through SQLite's C API and runs the statement. Ingest writes
    /// every chunk through here; building GRDB's `StatementArguments` (an existential per value,
    /// 3,584 per statement) cost the writing thread about a tenth of its time.
    private static func bindAndStep(
        _ statement: Statement, _ rows: ArraySlice<(documentId: Int64, ordinal: Int, chunk: TextChunk)>,
        in db: Database
    ) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var index: Int32 = 1
        func failure(_ code: Int32) -> DatabaseError {
            DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        func check(_ code: Int32) throws {
            guard code == SQLITE_OK else { throw failure(code) }
        }
        func bindText(_ text: String) throws {
            var text = text
            try text.withUTF8 { bytes in
                try check(sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), sqliteTransient))
            }
            index += 1
        }
        func bindInteger(_ value: Int64) throws {
            try check(sqlite3_bind_int64(handle, index, value))
            index += 1
        }
        for row in rows {
            try bindInteger(row.documentId)
            try bindInteger(Int64(row.ordinal))
            try bindInteger(Int64(row.chunk.startLine))
            try bindInteger(Int64(row.chunk.endLine))
            try bindText(row.chunk.heading)
            try bindText(row.chunk.text)
            try bindInteger(Int64(row.chunk.tokenCount))
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Settings of the writing connection for the length of an ingest: a 32 MiB page cache (FTS5
    /// merges re-read the segments they just wrote) and a WAL checkpoint every 64 MiB instead of
    /// 4 MiB, so pages rewritten by successive merges are copied into the database file once.
    func tuneForBulkWrites(_ bulk: Bool) throws {
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: bulk ? "PRAGMA cache_size = -32768" : "PRAGMA cache_size = -2000")
            try db.execute(sql: bulk ? "PRAGMA wal_autocheckpoint = 16384" : "PRAGMA wal_autocheckpoint = 1000")
        }
    }

    /// Records new size and time for a file whose content (hash) did not change.
    func updateFacts(documentId: Int64, facts: FileFacts, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE document SET size = ?, mtime_ns = ? WHERE id = ?")
            .execute(arguments: [facts.size, facts.mtimeNs, documentId])
    }

    /// Removes a document; its chunks, FTS rows and vectors go with it, and so do an archive's members.
    func remove(documentId: Int64, in db: Database) throws {
        try removeMembers(ofDocument: documentId, in: db)
        try db.cachedStatement(sql: "DELETE FROM document WHERE id = ?").execute(arguments: [documentId])
    }

    /// Removes the `archive!/…` member documents of an archive document (none for other kinds).
    func removeMembers(ofDocument documentId: Int64, in db: Database) throws {
        guard
            let path = try String.fetchOne(
                db.cachedStatement(sql: "SELECT path FROM document WHERE id = ? AND kind = 'archive'"),
                arguments: [documentId])
        else { return }
        // Members sort between "archive!/" and "archive!0" ("0" follows "/"), on the (collection, path) index.
        let prefix = path + ArchivePath.separator
        try db.cachedStatement(sql: "DELETE FROM document WHERE collection_id = ? AND path >= ? AND path < ?")
            .execute(arguments: [collectionId, prefix, path + "!0"])
    }

    /// What the store holds for files at or under `roots` in this collection, by path.
    func storedDocuments(under roots: [String]) throws -> [String: StoredDocumentFacts] {
        try database.readSync { db in
            var stored: [String: StoredDocumentFacts] = [:]
            var archives = Set<String>()
            for root in roots {
                let prefix = root.hasSuffix("/") ? root : root + "/"
                // Paths under `prefix` sort between "prefix" and "prefix" with its "/" bumped to "0".
                let upper = String(prefix.dropLast()) + "0"
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT id, path, size, mtime_ns, sha256, chunking, kind FROM document
                        WHERE collection_id = ? AND (path = ? OR (path >= ? AND path < ?))
                        """, arguments: [collectionId, root, prefix, upper])
                while let row = try rows.next() {
                    let path: String = row[1]
                    stored[path] = StoredDocumentFacts(
                        documentId: row[0], facts: FileFacts(path: path, size: row[2], mtimeNs: row[3]), sha256: row[4],
                        chunking: row[5])
                    if row[6] as String == FileKind.archive.rawValue { archives.insert(path) }
                }
            }
            return StoredDocumentFacts.leavingOutMembers(of: archives, from: stored)
        }
    }
}

/// SQLite's SQLITE_TRANSIENT (copy the value before the call returns), a macro Swift cannot import.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
