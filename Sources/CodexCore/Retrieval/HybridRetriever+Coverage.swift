extension HybridRetriever {
    /// How many chunks of the collections in scope have this embedder's vectors, when some do
    /// not yet: an ingest still embedding (in another process) or one interrupted. Nil when
    /// every chunk has its vector, or there is no embedder.
    ///
    /// Only collections already claimed by this embedder count: one ingested for keywords only
    /// was never meant to have vectors.
    public func vectorCoverage(scope: SearchScope) async throws -> (embedded: Int, total: Int)? {
        guard let embedder else { return nil }
        let (embedded, total) = try await store.vectors.coverage(for: embedder.identity, scope: scope)
        return embedded < total ? (embedded, total) : nil
    }
}
