import Foundation

/// Gives every chunk of a collection that has no vector yet its embedding, batch by batch.
///
/// Runs after the text phase of ingest, so keyword search works at once while vectors fill in.
/// Each batch is its own transaction and the work list is "chunks without a vector", so an
/// interrupted run simply resumes on the next `codex ingest`.
public struct VectorBackfill: Sendable {
    public struct Progress: Sendable, Equatable, Codable {
        public var embedded: Int
        public var total: Int
    }

    let store: CodexStore
    let embedder: any Embedder
    var batchSize: Int
    /// True embeds every chunk whole, lines shared with the chunk before included (see
    /// `embeddingText`); only `codex-bench eval` sets it, to compare retrieval both ways.
    public var embedsSharedLines = false

    public init(store: CodexStore, embedder: any Embedder, batchSize: Int = 32) {
        self.store = store
        self.embedder = embedder
        self.batchSize = batchSize
    }

    /// Claims `collection` for this embedder, refusing when it already holds another one's vectors.
    public func claim(collection: String) async throws {
        try await store.vectors.claim(collection: collection, for: embedder.identity)
    }

    /// Sleeps for `limit`, or less once `running` turns false: waits on the text phase of an ingest
    /// must end with it, not wait out a whole polling interval (a re-ingest that changed nothing
    /// would otherwise take 100 ms longer).
    public static func pause(upTo limit: Duration, while running: () -> Bool) async throws {
        let end = ContinuousClock.now + limit
        while running(), ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(5)) }
    }

    /// Embeds what is missing, reporting progress after each batch; returns how many were embedded.
    ///
    /// - Parameter textPhaseRunning: while it returns true, the text phase of an ingest is still
    ///   writing chunks into the collection: running out of work then means waiting for more
    ///   (polled every 100 ms, see `pause`) rather than stopping, so embedding overlaps the text phase. The
    ///   total in `progress` grows as chunks arrive.
    @discardableResult
    public func run(
        collection: String, following textPhaseRunning: (@Sendable () -> Bool)? = nil,
        progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Int {
        try await claim(collection: collection)
        let vectors = store.vectors
        let collectionId = try await store.collections.named(collection)?.id ?? -1
        var total = try await vectors.countWithoutVector(inCollection: collectionId)
        var embedded = 0
        var afterId: Int64 = 0
        progress(Progress(embedded: 0, total: total))
        while true {
            try Task.checkCancellation()
            // Read before the batch: chunks the text phase commits after this still get a turn.
            let moreMayCome = textPhaseRunning?() ?? false
            let batch = try await vectors.chunksWithoutVector(
                inCollection: collectionId, after: afterId, limit: batchSize)
            guard let last = batch.last else {
                guard moreMayCome else { break }
                try await Self.pause(upTo: .milliseconds(100), while: { textPhaseRunning?() ?? false })
                let waiting = try await vectors.countWithoutVector(inCollection: collectionId)
                if embedded + waiting != total {
                    total = embedded + waiting
                    progress(Progress(embedded: embedded, total: total))
                }
                continue  // chunk ids only grow (AUTOINCREMENT): new chunks come after `afterId`
            }
            let started = ContinuousClock.now
            let texts = batch.map { chunk in
                Self.embeddingText(
                    heading: chunk.heading, text: chunk.text, lines: chunk.lines,
                    previousEndLine: embedsSharedLines ? nil : chunk.previousEndLine)
            }
            let embeddings = try await embedder.embed(texts, purpose: .document)
            guard embeddings.count == batch.count else {
                throw CodexError.internal("the embedder returned \(embeddings.count) vectors for \(batch.count) texts")
            }
            let elapsed = ContinuousClock.now - started
            let milliseconds = Int64(elapsed.inMilliseconds)
            try await vectors.write(
                zip(batch, embeddings).map { (chunkId: $0.id, vector: $1) }, inCollection: collectionId,
                embeddingMilliseconds: milliseconds)
            embedded += batch.count
            afterId = last.id
            total = max(total, embedded)
            progress(Progress(embedded: embedded, total: total))
        }
        return embedded
    }

    /// True when some chunk of `collection` has no vector yet.
    public static func hasWork(collection: String, in store: CodexStore) async throws -> Bool {
        guard let id = try await store.collections.named(collection)?.id else { return false }
        return try await store.vectors.countWithoutVector(inCollection: id) > 0
    }

    /// True when `collection` already holds `identity`'s vectors for every chunk: a re-ingest
    /// that changed nothing then need not load (or connect to) the embedder at all.
    public static func isComplete(collection: String, for identity: EmbedderIdentity, in store: CodexStore)
        async throws -> Bool
    {
        guard let record = try await store.collections.named(collection), let id = record.id,
            record.embedder == identity.name, record.dimension == identity.dimension
        else { return false }
        return try await store.vectors.countWithoutVector(inCollection: id) == 0
    }

    /// The text a chunk is embedded as: its heading path gives the passage its context, and the
    /// lines it shares with the chunk before it (the chunker's overlap, ~19% of all tokens) are left
    /// out, since that chunk's vector already covers them. Keyword search and quotes still see the
    /// whole chunk. Nothing is left out when the text is not exactly its lines (one long line cut
    /// in parts) or when the overlap is the whole chunk.
    static func embeddingText(
        heading: String, text: String, lines: ClosedRange<Int>, previousEndLine: Int? = nil
    ) -> String {
        let shared = (previousEndLine ?? 0) - lines.lowerBound + 1
        var body = Substring(text)
        if shared > 0, shared < lines.count {
            let split = text.split(separator: "\n", maxSplits: shared, omittingEmptySubsequences: false)
            if split.count == shared + 1, text.utf8.count(where: { $0 == UInt8(ascii: "\n") }) == lines.count - 1 {
                body = split[shared]
            }
        }
        return heading.isEmpty ? String(body) : heading + "\n" + body
    }
}
