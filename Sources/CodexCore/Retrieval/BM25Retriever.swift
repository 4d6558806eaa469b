/// Keyword search over the store's full-text index, ranked by BM25.
///
/// Headings weigh twice as much as body text: a question naming a section title usually wants
/// that section. BM25 scores every row that matches any term, so a term found in most chunks
/// ("file", "use") would make each query scan most of the index. The index therefore takes
/// terms rarest first until their matches would exceed `matchBudget` rows; the terms left out
/// are the ones whose BM25 weight (IDF) is lowest anyway.
public struct BM25Retriever: Sendable {
    let index: any KeywordIndex
    /// Rows BM25 may score per query; bounds latency at about a millisecond per 1,000.
    var matchBudget = 6_000
    /// The heading path's weight in BM25, against 1 for the text.
    var headingWeight: Double = 2

    public init(store: CodexStore, headingWeight: Double = 2) {
        self.index = store.keywords
        self.headingWeight = headingWeight
    }

    /// The best `limit` passages for `question`, best first; empty when nothing matches.
    public func search(_ question: String, scope: SearchScope = SearchScope(), limit: Int) async throws -> [Passage] {
        let words = FullTextQuery.terms(in: question)
        guard !words.isEmpty, limit > 0 else { return [] }
        return try await index.search(
            terms: words, scope: scope, limit: limit, headingWeight: headingWeight, matchBudget: matchBudget)
    }
}
