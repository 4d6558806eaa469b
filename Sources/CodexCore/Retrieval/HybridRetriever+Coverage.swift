import GRDB

extension HybridRetriever {
    /// How many chunks of the collections in scope have this embedder's vectors, when some do
    /// not yet: an ingest still embedding (in another process) or one interrupted. Nil when
    /// every chunk has its vector, or there is no embedder.
    ///
    /// Only collections already claimed by this embedder count: one ingested for keywords only
    /// was never meant to have vectors. Both counts come from indexes (`vector.collection_id`,
    /// `document.chunk_count`), so asking costs no scan of the chunks.
    public func vectorCoverage(scope: SearchScope) async throws -> (embedded: Int, total: Int)? {
        guard let embedder else { return nil }
        let identity = embedder.identity
        let (embedded, total) = try await database.read { db -> (Int, Int) in
            var filter = "embedder = ? AND dimension = ?"
            var arguments: StatementArguments = [identity.name, identity.dimension]
            if let name = scope.collection {
                filter += " AND name = ?"
                arguments += [name]
            }
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM vector WHERE collection_id IN (SELECT id FROM collection WHERE \(filter))),
                           (SELECT coalesce(sum(chunk_count), 0) FROM document
                            WHERE collection_id IN (SELECT id FROM collection WHERE \(filter)))
                    """, arguments: arguments + arguments)
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
        return embedded < total ? (embedded, total) : nil
    }
}
