import CodexCore
import GRDB

/// BM25 over the FTS5 index (`chunk_fts`, porter stemming), ranked inside SQLite.
///
/// FTS5 computes BM25 for every row that matches any term, so a term found in most chunks
/// ("file", "use") would make each query scan most of the index. Terms are therefore taken
/// rarest first (document frequencies from `chunk_fts_vocabulary`) until their matches would
/// exceed the match budget.
struct SQLiteKeywordIndex: KeywordIndex {
    let database: CodexDatabase

    func search(terms: [String], scope: SearchScope, limit: Int, headingWeight: Double, matchBudget: Int)
        async throws -> [Passage]
    {
        guard !terms.isEmpty, limit > 0 else { return [] }
        return try await database.read { db in
            guard let match = try Self.selectiveMatch(terms, budget: matchBudget, in: db) else { return [] }
            return try Self.search(match: match, scope: scope, limit: limit, headingWeight: headingWeight, in: db)
        }
    }

    /// An OR of the rarest words whose matches fit the budget (always at least the rarest one);
    /// nil when no word occurs in the index at all.
    static func selectiveMatch(_ words: [String], budget: Int, in db: Database) throws -> String? {
        let tokenizer = try db.makeTokenizer(.porter(wrapping: .unicode61()))
        let frequency = try db.cachedStatement(sql: "SELECT doc FROM chunk_fts_vocabulary WHERE term = ?")
        var counted: [(word: String, documents: Int)] = []
        for word in words {
            let stem = try tokenizer.tokenize(query: word).first?.token ?? word
            let documents = try Int.fetchOne(frequency, arguments: [stem]) ?? 0
            if documents > 0 { counted.append((word, documents)) }
        }
        var kept: [String] = []
        var rows = 0
        for term in counted.sorted(by: { $0.documents < $1.documents }) {
            guard kept.isEmpty || rows + term.documents <= budget else { break }
            kept.append(term.word)
            rows += term.documents
        }
        return kept.isEmpty ? nil : kept.map { "\"\($0)\"" }.joined(separator: " OR ")
    }

    static func search(match: String, scope: SearchScope, limit: Int, headingWeight: Double = 2, in db: Database) throws
        -> [Passage]
    {
        let filtered = scope.collection != nil || scope.absolutePathGlob != nil || scope.viewer != nil
        // Rank inside FTS5 first and join only the winners; with a filter, over-fetch and fall
        // back to ranking every match when the filter leaves too few.
        let passages = try fetch(
            match: match, scope: scope, innerLimit: filtered ? limit * 8 : limit, headingWeight: headingWeight, in: db)
        if filtered, passages.count < limit {
            return try fetch(match: match, scope: scope, innerLimit: nil, headingWeight: headingWeight, in: db)
                .prefix(limit).map { $0 }
        }
        return Array(passages.prefix(limit))
    }

    private static func fetch(
        match: String, scope: SearchScope, innerLimit: Int?, headingWeight: Double, in db: Database
    )
        throws -> [Passage]
    {
        var arguments: StatementArguments = [match]
        let weight = "\(headingWeight)"
        var inner = "SELECT rowid, bm25(chunk_fts, 1.0, \(weight)) AS rank FROM chunk_fts WHERE chunk_fts MATCH ?"
        if let innerLimit {
            inner += " ORDER BY rank LIMIT ?"
            arguments += [innerLimit]
        }
        var sql = """
            SELECT c.id, c.document_id, col.name, d.path, c.start_line, c.end_line, c.heading, c.text, f.rank
            FROM (\(inner)) f
            JOIN chunk c ON c.id = f.rowid
            JOIN document d ON d.id = c.document_id
            JOIN collection col ON col.id = d.collection_id
            WHERE 1
            """
        if let collection = scope.collection {
            sql += " AND col.name = ?"
            arguments += [collection]
        }
        if let glob = scope.absolutePathGlob {
            sql += " AND d.path GLOB ?"
            arguments += [glob]
        }
        if let viewer = scope.viewer {
            sql += " AND (col.owner_id IS NULL OR col.owner_id = ?)"
            arguments += [viewer]
        }
        sql += " ORDER BY f.rank"
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
            Passage(
                chunkId: row[0], documentId: row[1], collection: row[2], path: row[3], startLine: row[4],
                endLine: row[5], heading: row[6], text: row[7], score: -(row[8] as Double))
        }
    }
}
