/// Remembers the vectors of recent queries: people re-ask, refine and page through the same
/// question, and a server sees the same questions from many clients.
public struct CachedEmbedder: Embedder {
    public var identity: EmbedderIdentity { base.identity }
    private let base: any Embedder
    private let cache: QueryCache

    public init(_ base: any Embedder, capacity: Int = 512) {
        self.base = base
        self.cache = QueryCache(capacity: capacity)
    }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]] {
        guard purpose == .query else { return try await base.embed(texts, purpose: purpose) }
        var results = [[Float]?](repeating: nil, count: texts.count)
        var missing: [Int] = []
        for (index, text) in texts.enumerated() {
            if let hit = await cache.vector(for: text) { results[index] = hit } else { missing.append(index) }
        }
        if !missing.isEmpty {
            let computed = try await base.embed(missing.map { texts[$0] }, purpose: .query)
            for (index, vector) in zip(missing, computed) {
                results[index] = vector
                await cache.store(vector, for: texts[index])
            }
        }
        return results.map { $0 ?? [] }
    }

    /// A small least-recently-used map; eviction scans, which is cheap at a few hundred entries.
    private actor QueryCache {
        let capacity: Int
        private var entries: [String: (vector: [Float], used: UInt64)] = [:]
        private var clock: UInt64 = 0

        init(capacity: Int) { self.capacity = capacity }

        func vector(for text: String) -> [Float]? {
            guard let entry = entries[text] else { return nil }
            clock += 1
            entries[text] = (entry.vector, clock)
            return entry.vector
        }

        func store(_ vector: [Float], for text: String) {
            clock += 1
            if entries.count >= capacity, entries[text] == nil,
                let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key
            {
                entries[oldest] = nil
            }
            entries[text] = (vector, clock)
        }
    }
}
