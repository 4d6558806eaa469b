import GRDB

/// Keyword search over the FTS5 index, ranked by BM25.
///
/// Headings weigh twice as much as body text: a question naming a section title usually wants
/// that section.
public struct BM25Retriever: Sendable {
    let database: CodexDatabase

    public init(database: CodexDatabase) {
        self.database = database
    }

    /// The best `limit` passages for `question`, best first; empty when nothing matches.
    public func search(_ question: String, scope: SearchScope = SearchScope(), limit: Int) async throws -> [Passage] {
        guard let match = FullTextQuery.match(for: question), limit > 0 else { return [] }
        return try await database.read { db in
            try Self.search(match: match, scope: scope, limit: limit, in: db)
        }
    }

    static func search(match: String, scope: SearchScope, limit: Int, in db: Database) throws -> [Passage] {
        var sql = """
            SELECT c.id, c.document_id, col.name, d.path, c.start_line, c.end_line, c.heading, c.text,
                   bm25(chunk_fts, 1.0, 2.0) AS rank
            FROM chunk_fts
            JOIN chunk c ON c.id = chunk_fts.rowid
            JOIN document d ON d.id = c.document_id
            JOIN collection col ON col.id = d.collection_id
            WHERE chunk_fts MATCH ?
            """
        var arguments: StatementArguments = [match]
        if let collection = scope.collection {
            sql += " AND col.name = ?"
            arguments += [collection]
        }
        if let glob = scope.absolutePathGlob {
            sql += " AND d.path GLOB ?"
            arguments += [glob]
        }
        sql += " ORDER BY rank LIMIT ?"
        arguments += [limit]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            Passage(
                chunkId: row[0], documentId: row[1], collection: row[2], path: row[3], startLine: row[4],
                endLine: row[5], heading: row[6], text: row[7], score: -(row[8] as Double))
        }
    }
}
