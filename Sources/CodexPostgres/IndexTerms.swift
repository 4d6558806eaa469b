import CodexCore
import GRDB

/// The keyword index's terms, cut by the very tokenizer the SQLite store indexes with (FTS5's
/// `porter` over `unicode61`, run in an in-memory SQLite database).
///
/// Why not PostgreSQL's own text search: `to_tsvector('english', …)` stems with Snowball and
/// drops stop words, so its terms differ from FTS5's and the two stores would rank the same
/// question differently. With one tokenizer, BM25 over the `posting` table sees the same terms,
/// counts and lengths as FTS5 does, and both stores answer alike.
struct IndexTerms: Sendable {
    /// How often each term occurs in a chunk's text and heading, and the chunk's length in terms.
    struct Counts {
        var hits: [String: (text: Int, heading: Int)] = [:]
        var length = 0
    }

    private let queue: DatabaseQueue

    init() throws {
        queue = try DatabaseQueue()
    }

    /// The terms of each chunk (heading and text), in order.
    func counts(of chunks: [(heading: String, text: String)]) throws -> [Counts] {
        try queue.inDatabase { db in
            let tokenizer = try db.makeTokenizer(.porter(wrapping: .unicode61()))
            return try chunks.map { chunk in
                var counts = Counts()
                for (token, _) in try tokenizer.tokenize(document: chunk.text) {
                    counts.hits[token, default: (0, 0)].text += 1
                    counts.length += 1
                }
                for (token, _) in try tokenizer.tokenize(document: chunk.heading) {
                    counts.hits[token, default: (0, 0)].heading += 1
                    counts.length += 1
                }
                return counts
            }
        }
    }

    /// The term each query word is looked up as (its first token, as FTS5 reads a quoted word);
    /// nil for a word with no token.
    func terms(ofWords words: [String]) throws -> [String?] {
        try queue.inDatabase { db in
            let tokenizer = try db.makeTokenizer(.porter(wrapping: .unicode61()))
            return try words.map { try tokenizer.tokenize(query: $0).first?.token }
        }
    }
}
