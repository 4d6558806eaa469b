import Foundation

/// Search over the ingested documents: passages for a question and ranked results for
/// `codex search`, each citing `path:start-end`; the façade every caller (the assistant, the
/// `search_docs` tool, the server) searches through. The extractive answer built from its
/// passages is the assistant's (`DocumentSearch+ExtractiveAnswer.swift`), so tools can search
/// without depending on the assistant that calls them.
public struct DocumentSearch: Sendable {
    let collections: any CollectionStore
    let retriever: HybridRetriever
    let answerer: ExtractiveAnswerer
    /// A user of a shared server, whose searches leave out other users' private collections
    /// (nil: every collection is searched).
    public var viewer: Int64?

    /// - Parameter embedder: embeds questions for the vector half of retrieval; nil for keywords only.
    public init(
        store: CodexStore, embedder: (any Embedder)? = nil, vectors: VectorIndexCache = VectorIndexCache(),
        answerer: ExtractiveAnswerer = ExtractiveAnswerer()
    ) {
        self.collections = store.collections
        self.retriever = HybridRetriever(store: store, embedder: embedder, vectors: vectors)
        self.answerer = answerer
    }

    /// The best passages for `question`, after checking there is something to search.
    ///
    /// - Throws: `CodexError` for an empty question, an unknown collection, or an empty store.
    /// A `path:GLOB` word in the question narrows the search like `scope.pathGlob`.
    public func passages(
        for question: String, scope: SearchScope, top: Int, mode: HybridRetriever.Mode = .hybrid
    ) async throws -> [Passage] {
        var (question, scope) = (question, scope)
        scope.viewer = viewer
        let (rest, inlineGlob) = SearchScope.extractingPathFilter(from: question)
        if let inlineGlob {
            question = rest
            scope.pathGlob = inlineGlob
        }
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CodexError.emptyQuestion() }
        try await checkSomethingToSearch(scope)
        return try await retriever.search(question, scope: scope, limit: top, mode: mode)
    }

    /// A notice when meaning search covers only part of what keyword search covers, because
    /// the collections in scope are still being embedded; nil when vectors are complete.
    public func partialVectorsNotice(scope: SearchScope, mode: HybridRetriever.Mode) async throws -> String? {
        var scope = scope
        scope.viewer = viewer
        guard mode != .keyword, let (embedded, total) = try await retriever.vectorCoverage(scope: scope) else {
            return nil
        }
        return "meaning search covers \(embedded) of \(total) chunks so far: the rest are still being embedded "
            + "(or embedding was interrupted, and `codex ingest` resumes it); keyword search covers them all"
    }

    private func checkSomethingToSearch(_ scope: SearchScope) async throws {
        // Another user's private collection is as absent as one that does not exist.
        if let viewer, let name = scope.collection, let owner = try await collections.named(name)?.ownerId,
            owner != viewer
        {
            throw CodexError.collectionNotFound(name)
        }
        let chunkCount = try await collections.chunkCount(in: scope.collection)
        if let name = scope.collection, chunkCount == nil { throw CodexError.collectionNotFound(name) }
        if chunkCount == 0 {
            if let name = scope.collection { throw CodexError.emptyCollection(name) }
            throw CodexError.emptyStore()
        }
    }
}
