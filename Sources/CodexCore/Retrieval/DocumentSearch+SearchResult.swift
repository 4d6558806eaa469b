extension DocumentSearch {
    /// Ranked passages for `query`: what `codex search` prints, the fast way to find where
    /// something is written.
    ///
    /// - Throws: `CodexError` for an empty query, an unknown collection, or an empty store.
    public func search(
        _ query: String, scope: SearchScope = SearchScope(), top: Int = 10, mode: HybridRetriever.Mode = .hybrid
    ) async throws -> SearchResult {
        let passages = try await passages(for: query, scope: scope, top: top, mode: mode)
        return SearchResult(query: query, retrieval: mode, passages: RankedPassage.ranking(passages, for: query))
    }
}
