/// Finds passages by keywords (BM25) and by meaning (vectors), fused by reciprocal rank.
///
/// Keywords catch exact names and error messages; vectors catch paraphrases ("change the key"
/// for "rotation"). Either list alone misses what the other finds, so both are asked for more
/// candidates than needed and fused. Without an embedder, or in a collection without vectors,
/// it is plain BM25.
public struct HybridRetriever: Sendable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case hybrid
        /// BM25 only.
        case keyword
        /// Vectors only.
        case semantic
    }

    let store: CodexStore
    let embedder: (any Embedder)?
    let vectors: VectorIndexCache
    /// Candidates taken from each list before fusion. Deep lists let passages that are mediocre in
    /// both lists outrank one that is first in one list. On the two evaluation sets (Flask, Django)
    /// 40 to 80 did best: Django's hit@5 rose from 0.85 at 20 to 0.90, Flask's stayed level.
    public var depth = 40
    /// Reciprocal rank fusion constant and list weights (see `fuseRanks`).
    public var fusionK: Double = 60
    public var keywordWeight: Double = 1
    public var semanticWeight: Double = 1
    /// How much the other candidates of the same file add to a passage's fused score (hybrid
    /// mode): a file several passages of which match is more likely the one that answers.
    public var fileSupport: Double = 0
    /// BM25 weight of the heading path against the text (see `BM25Retriever.headingWeight`).
    public var headingWeight: Double = 2

    public init(store: CodexStore, embedder: (any Embedder)?, vectors: VectorIndexCache = VectorIndexCache()) {
        self.store = store
        self.embedder = embedder
        self.vectors = vectors
    }

    /// The best `limit` passages, best first, without two overlapping passages of one file.
    public func search(_ question: String, scope: SearchScope = SearchScope(), limit: Int, mode: Mode = .hybrid)
        async throws -> [Passage]
    {
        guard limit > 0 else { return [] }
        let candidates = max(depth, limit)
        // The two searches use different cores: the store for keywords, the scan kernel for vectors.
        async let keywordHits =
            mode == .semantic
            ? []
            : BM25Retriever(store: store, headingWeight: headingWeight).search(
                question, scope: scope, limit: candidates)
        async let semanticHits = mode == .keyword ? [] : semanticSearch(question, scope: scope, limit: candidates)
        let (keyword, semantic) = try await (keywordHits, semanticHits)

        var ranked: [(id: Int64, score: Double)]
        if semantic.isEmpty {
            ranked = keyword.map { ($0.chunkId, $0.score) }
        } else if keyword.isEmpty {
            ranked = semantic.map { ($0.chunkId, Double($0.score)) }
        } else {
            ranked = fuseRanks(
                [(keyword.map(\.chunkId), keywordWeight), (semantic.map(\.chunkId), semanticWeight)], k: fusionK)
        }
        var known = Dictionary(keyword.map { ($0.chunkId, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = ranked.map(\.id).filter { known[$0] == nil }
        for passage in try await passages(missing) { known[passage.chunkId] = passage }
        if fileSupport > 0, !keyword.isEmpty, !semantic.isEmpty {
            var perDocument: [Int64: Double] = [:]
            for (id, score) in ranked { if let passage = known[id] { perDocument[passage.documentId, default: 0] += score } }
            ranked = ranked.map { entry in
                let total = known[entry.id].flatMap { perDocument[$0.documentId] } ?? entry.score
                return (entry.id, entry.score + fileSupport * (total - entry.score))
            }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        }
        var chosen: [Passage] = []
        for (id, score) in ranked where chosen.count < limit {
            guard var passage = known[id] else { continue }
            let overlaps = chosen.contains {
                $0.documentId == passage.documentId && $0.startLine <= passage.endLine
                    && passage.startLine <= $0.endLine
            }
            guard !overlaps else { continue }
            passage.score = score
            chosen.append(passage)
        }
        return chosen
    }

    /// Vector neighbours from every collection in scope whose vectors this embedder made.
    private func semanticSearch(_ question: String, scope: SearchScope, limit: Int) async throws
        -> [(chunkId: Int64, score: Float)]
    {
        guard let embedder else { return [] }
        let identity = embedder.identity
        let (collections, allowed) = try await store.vectors.searchTargets(for: identity, scope: scope)
        guard !collections.isEmpty else { return [] }
        // The matrices load (from the store, on a cold start ~50 ms at 100k chunks in SQLite) while the
        // question is embedded: the two use different cores.
        async let indexes = loadIndexes(collections, dimension: identity.dimension)
        guard let query = try await embedder.embed([question], purpose: .query).first else { return [] }
        var hits: [(chunkId: Int64, score: Float)] = []
        for index in try await indexes {
            // With a path filter, rank everything and filter: the filter may exclude the top hits.
            let found = index.search(query, limit: allowed == nil ? limit : index.count)
            hits += allowed.map { allowed in found.filter { allowed.contains($0.chunkId) } } ?? found
        }
        return Array(hits.sorted { $0.score > $1.score }.prefix(limit))
    }

    private func loadIndexes(_ collections: [Int64], dimension: Int) async throws -> [VectorIndex] {
        var indexes: [VectorIndex] = []
        for collectionId in collections {
            indexes.append(
                try await vectors.index(collectionId: collectionId, dimension: dimension, store: store.vectors))
        }
        return indexes
    }

    private func passages(_ ids: [Int64]) async throws -> [Passage] {
        guard !ids.isEmpty else { return [] }
        return try await store.documents.passages(ids)
    }
}
