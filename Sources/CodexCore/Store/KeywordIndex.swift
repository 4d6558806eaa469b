/// Keyword search with BM25 ranking: what `BM25Retriever` needs from a store.
public protocol KeywordIndex: Sendable {
    /// The best `limit` passages matching any of `terms`, best first (higher score is better).
    ///
    /// - Parameters:
    ///   - headingWeight: the heading path's BM25 weight against 1 for the text.
    ///   - matchBudget: rows BM25 may score; the most common terms are left out beyond it (their
    ///     IDF is the lowest anyway), which bounds the latency of a query full of common words.
    func search(terms: [String], scope: SearchScope, limit: Int, headingWeight: Double, matchBudget: Int)
        async throws -> [Passage]
}
