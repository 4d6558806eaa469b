import CodexCore
import Foundation

/// The PostgreSQL half of ingest. Every method runs inside the caller's transaction, which
/// always holds whole documents: a crash before the commit leaves each document as it was.
struct PostgresDocumentWriter {
    let collectionId: Int64
    let terms: IndexTerms

    func apply(_ items: [PreparedItem], on connection: PostgresConnection) throws {
        var pending: [NewChunk] = []
        func add(_ chunks: [TextChunk], documentId: Int64) {
            for (ordinal, chunk) in chunks.enumerated() {
                pending.append(NewChunk(documentId: documentId, ordinal: ordinal, chunk: chunk))
            }
        }
        for item in items {
            switch item {
            case .document(let document):
                add(document.chunks, documentId: try writeRow(document, on: connection))
            case .sameContent(let id, let facts):
                try connection.query(
                    "UPDATE document SET size = $1, mtime_ns = $2 WHERE id = $3", [facts.size, facts.mtimeNs, id])
            case .archive(let archive):
                // The archive changes as a whole: its old members go, the new ones come in.
                if let existing = archive.container.replacing { try removeMembers(ofDocument: existing, on: connection) }
                _ = try writeRow(archive.container, on: connection)
                for member in archive.members { add(member.chunks, documentId: try writeRow(member, on: connection)) }
            case .skipped(_, _, let remove):
                if let remove { try self.remove(documentId: remove, on: connection) }
            case .end:
                break
            }
        }
        try insertChunks(pending, on: connection)
    }

    /// Inserts or updates the document row (dropping the old chunks) and returns its id.
    private func writeRow(_ document: PreparedDocument, on connection: PostgresConnection) throws -> Int64 {
        let values: [(any PostgresBindable)?] = [
            document.sha256, document.facts.size, document.facts.mtimeNs, document.kind.rawValue,
            document.chunks.count, Date(), Chunker.version,
        ]
        if let existing = document.replacing {
            // Deleting the chunks deletes their postings and vectors too (cascade).
            try connection.query("DELETE FROM chunk WHERE document_id = $1", [existing])
            try connection.query(
                """
                UPDATE document SET sha256 = $1, size = $2, mtime_ns = $3, kind = $4, chunk_count = $5,
                ingested_at = \(PostgresSQL.fromMillis("$6")), chunking = $7 WHERE id = $8
                """, values + [existing])
            return existing
        }
        let rows = try connection.query(
            """
            INSERT INTO document (sha256, size, mtime_ns, kind, chunk_count, ingested_at, chunking, collection_id, path)
            VALUES ($1, $2, $3, $4, $5, \(PostgresSQL.fromMillis("$6")), $7, $8, $9) RETURNING id
            """, values + [collectionId, document.facts.path])
        guard let id = rows.int64(0, 0) else { throw CodexError.internal("document inserted without an id") }
        return id
    }

    /// A chunk about to be written: where it goes, and the vector an imported bundle gives it.
    struct NewChunk {
        var documentId: Int64
        var ordinal: Int
        var chunk: TextChunk
        var vector: BundleChunk.Vector? = nil
    }

    /// Writes chunks, their postings and any vectors with one `COPY` each, after one round
    /// trip for the chunk ids and one for the ids of their terms.
    func insertChunks(_ pending: [NewChunk], on connection: PostgresConnection) throws {
        guard !pending.isEmpty else { return }
        let counts = try terms.counts(of: pending.map { ($0.chunk.heading, $0.chunk.text) })
        let termIds = try Self.termIds(Set(counts.flatMap(\.hits.keys)), on: connection)
        let ids = try connection.query("SELECT nextval('chunk_id_seq') FROM generate_series(1, $1)", [pending.count])
        var chunks = PostgresCopyText()
        var postingRows: [(termId: Int64, chunkId: Int64, text: Int, heading: Int, length: Int)] = []
        var vectors = PostgresCopyText()
        for (index, row) in pending.enumerated() {
            guard let chunkId = ids.int64(index, 0) else { throw CodexError.internal("no chunk id") }
            let length = counts[index].length
            for value in [chunkId, row.documentId, collectionId, Int64(row.ordinal)] { chunks.add(value) }
            chunks.add(row.chunk.startLine)
            chunks.add(row.chunk.endLine)
            chunks.add(row.chunk.heading)
            chunks.add(row.chunk.text)
            chunks.add(row.chunk.tokenCount)
            chunks.add(length)
            chunks.endRow()
            for (term, hits) in counts[index].hits {
                guard let termId = termIds[term] else { continue }
                postingRows.append((termId, chunkId, hits.text, hits.heading, length))
            }
            if let vector = row.vector {
                vectors.add(chunkId)
                vectors.add(collectionId)
                vectors.add(vector.scale)
                vectors.add(bytes: vector.codes)
                vectors.endRow()
            }
        }
        try connection.copy(
            """
            COPY chunk (id, document_id, collection_id, ordinal, start_line, end_line, heading, text, token_count, term_count)
            FROM STDIN
            """, data: chunks.bytes)
        // In primary key order: the index then grows page by page instead of taking each row at
        // a random place (the COPY of a large group took 1.5 s in chunk order).
        postingRows.sort { ($0.termId, $0.chunkId) < ($1.termId, $1.chunkId) }
        var postings = PostgresCopyText()
        for row in postingRows {
            for value in [row.termId, row.chunkId, collectionId, Int64(row.text), Int64(row.heading), Int64(row.length)] {
                postings.add(value)
            }
            postings.endRow()
        }
        if !postings.isEmpty {
            try connection.copy(
                "COPY posting (term_id, chunk_id, collection_id, text_hits, heading_hits, chunk_terms) FROM STDIN",
                data: postings.bytes)
        }
        if !vectors.isEmpty {
            try connection.copy("COPY vector (chunk_id, collection_id, scale, codes) FROM STDIN", data: vectors.bytes)
        }
    }

    /// The id of every term, adding the new ones. Terms are inserted in sorted order, so two
    /// ingests adding the same new terms wait for each other instead of deadlocking.
    static func termIds(_ terms: Set<String>, on connection: PostgresConnection) throws -> [String: Int64] {
        guard !terms.isEmpty else { return [:] }
        let list = PostgresArray(terms.sorted())
        try connection.query(
            "INSERT INTO term (term) SELECT t FROM unnest($1::text[]) AS t ORDER BY t ON CONFLICT (term) DO NOTHING",
            [list])
        let rows = try connection.query("SELECT term, id FROM term WHERE term = ANY($1::text[])", [list])
        var ids: [String: Int64] = [:]
        for row in 0..<rows.count { ids[rows.string(row, 0) ?? ""] = rows.int64(row, 1) }
        return ids
    }

    /// Removes a document; its chunks, postings and vectors go with it, and so do an archive's members.
    func remove(documentId: Int64, on connection: PostgresConnection) throws {
        try removeMembers(ofDocument: documentId, on: connection)
        try connection.query("DELETE FROM document WHERE id = $1", [documentId])
    }

    /// Removes the `archive!/…` member documents of an archive document (none for other kinds).
    private func removeMembers(ofDocument documentId: Int64, on connection: PostgresConnection) throws {
        let rows = try connection.query("SELECT path FROM document WHERE id = $1 AND kind = 'archive'", [documentId])
        guard rows.count == 1, let path = rows.string(0, 0) else { return }
        try connection.query(
            "DELETE FROM document WHERE collection_id = $1 AND path >= $2 AND path < $3",
            [collectionId, path + ArchivePath.separator, path + "!0"])
    }
}
