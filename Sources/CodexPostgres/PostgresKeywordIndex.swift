import CodexCore
import Foundation

/// BM25 computed in SQL over the `posting` table, with the formula and constants of SQLite's
/// FTS5 `bm25()` (k1 = 1.2, b = 0.75, IDF floored at 1e-6, a row's length summed over its
/// columns, column weights multiplying hits), so both stores rank a question the same way.
///
/// `ts_rank` was not an option: it has no inverse document frequency, so a word found in every
/// chunk counts as much as a rare one.
struct PostgresKeywordIndex: KeywordIndex {
    let database: PostgresDatabase
    let terms: IndexTerms

    static let k1 = 1.2
    static let b = 0.75

    func search(terms words: [String], scope: SearchScope, limit: Int, headingWeight: Double, matchBudget: Int)
        async throws -> [Passage]
    {
        guard !words.isEmpty, limit > 0 else { return [] }
        let stems = try terms.terms(ofWords: words)
        return try await database.pool.read { connection in
            let statistics = try Self.statistics(stems.compactMap { $0 }, on: connection)
            // The rarest words whose matches fit the budget (always the rarest one), as the SQLite
            // store picks them: one entry a word, so two words with one stem count twice there too.
            var counted: [(termId: Int64, chunks: Int)] = []
            for stem in stems {
                guard let stem, let term = statistics.terms[stem], term.chunks > 0 else { continue }
                counted.append(term)
            }
            var kept: [(termId: Int64, chunks: Int)] = []
            var rows = 0
            for term in counted.sorted(by: { $0.chunks < $1.chunks }) {
                guard kept.isEmpty || rows + term.chunks <= matchBudget else { break }
                kept.append(term)
                rows += term.chunks
            }
            guard !kept.isEmpty, statistics.chunks > 0 else { return [] }
            let total = Double(statistics.chunks)
            let idf = kept.map { term in
                let value = log((total - Double(term.chunks) + 0.5) / (Double(term.chunks) + 0.5))
                return value <= 0 ? 1e-6 : value
            }
            let averageLength = max(Double(statistics.totalLength) / total, 1e-9)
            // Two words with one stem are one term weighed twice, as FTS5 scores each phrase.
            var weights: [Int64: Double] = [:]
            for (term, value) in zip(kept, idf) { weights[term.termId, default: 0] += value }
            return try Self.rank(
                weights: weights, averageLength: averageLength, headingWeight: headingWeight, scope: scope,
                limit: limit, on: connection)
        }
    }

    private struct Statistics {
        var chunks: Int64
        var totalLength: Int64
        var terms: [String: (termId: Int64, chunks: Int)]
    }

    /// The whole index's chunk count and length in terms, and each stem's id and chunk count
    /// (the counts are of every collection, as FTS5's are of its whole table).
    private static func statistics(_ stems: [String], on connection: PostgresConnection) throws -> Statistics {
        let totals = try connection.query(
            "SELECT coalesce(sum(indexed_chunks), 0), coalesce(sum(indexed_terms), 0) FROM collection")
        var statistics = Statistics(chunks: totals.int64(0, 0) ?? 0, totalLength: totals.int64(0, 1) ?? 0, terms: [:])
        guard !stems.isEmpty else { return statistics }
        let rows = try connection.query(
            """
            SELECT t.term, t.id, (SELECT count(*) FROM posting p WHERE p.term_id = t.id)
            FROM term t WHERE t.term = ANY($1::text[])
            """, [PostgresArray(Set(stems))])
        for row in 0..<rows.count {
            statistics.terms[rows.string(row, 0) ?? ""] = (rows.int64(row, 1) ?? 0, rows.int(row, 2) ?? 0)
        }
        return statistics
    }

    /// Scores every posting of the weighted terms. `term_id = ANY(…)` lets the planner read
    /// each term's postings from the primary key (joining an `unnest` made it scan them all), and
    /// every constant is a float8 (a numeric literal made each row's arithmetic numeric: twice as slow).
    private static func rank(
        weights: [Int64: Double], averageLength: Double, headingWeight: Double, scope: SearchScope, limit: Int,
        on connection: PostgresConnection
    ) throws -> [Passage] {
        let terms = weights.keys.sorted()
        var parameters: [(any PostgresBindable)?] = [
            PostgresArray(terms), PostgresArray(terms.map { weights[$0] ?? 0 }), averageLength, headingWeight, limit,
        ]
        var filters = ""
        if let collection = scope.collection {
            parameters.append(collection)
            filters += " AND p.collection_id = (SELECT id FROM collection WHERE name = $\(parameters.count))"
        }
        if let viewer = scope.viewer {
            parameters.append(viewer)
            filters += """
                 AND p.collection_id IN (SELECT id FROM collection WHERE owner_id IS NULL OR owner_id = $\(parameters.count))
                """
        }
        if let glob = scope.absolutePathGlob {
            parameters.append(PostgresGlob.regex(glob))
            filters += """
                 AND p.chunk_id IN (SELECT ch.id FROM chunk ch JOIN document dd ON dd.id = ch.document_id
                                    WHERE dd.path ~ $\(parameters.count))
                """
        }
        let rows = try connection.query(
            """
            SELECT c.id, c.document_id, col.name, d.path, c.start_line, c.end_line, c.heading, c.text, s.score
            FROM (
                SELECT p.chunk_id,
                       sum(($2::float8[])[array_position($1::int8[], p.term_id::int8)] * (h.f * \(k1 + 1)::float8)
                           / (h.f + \(k1)::float8 * (\(1 - b)::float8 + \(b)::float8 * p.chunk_terms / $3::float8))) AS score
                FROM posting p
                CROSS JOIN LATERAL (SELECT p.text_hits + $4::float8 * p.heading_hits AS f) h
                WHERE p.term_id = ANY($1::int8[])\(filters)
                GROUP BY p.chunk_id ORDER BY score DESC, p.chunk_id LIMIT $5
            ) s
            JOIN chunk c ON c.id = s.chunk_id
            JOIN document d ON d.id = c.document_id
            JOIN collection col ON col.id = d.collection_id
            ORDER BY s.score DESC, c.id
            """, parameters)
        return (0..<rows.count).map { PostgresDocumentStore.passage(rows, $0, score: rows.double($0, 8) ?? 0) }
    }
}

/// SQLite's GLOB as a PostgreSQL regular expression: `*` any run of characters (`/` included),
/// `?` one character, `[…]` a set (`[^…]` its complement); everything else literal, case kept.
enum PostgresGlob {
    static func regex(_ glob: String) -> String {
        var pattern = "^"
        var inSet = false
        for character in glob {
            if inSet {
                if character == "]" { inSet = false }
                pattern += character == "\\" ? "\\\\" : String(character)
                continue
            }
            switch character {
            case "*": pattern += ".*"
            case "?": pattern += "."
            case "[":
                inSet = true
                pattern += "["
            default:
                pattern += ".^$|()+{}\\".contains(character) ? "\\" + String(character) : String(character)
            }
        }
        return pattern + (inSet ? "]" : "") + "$"
    }
}
