import Foundation

/// Search over the ingested documents: passages for a question, ranked results for `codex search`
/// and the extractive answer, each citing `path:start-end`. (It was called `DocumentQuestions`,
/// which hid that it is the search façade every caller goes through.)
public struct DocumentSearch: Sendable {
    let collections: any CollectionStore
    let retriever: HybridRetriever
    let answerer: ExtractiveAnswerer

    /// - Parameter embedder: embeds questions for the vector half of retrieval; nil for keywords only.
    public init(
        store: CodexStore, embedder: (any Embedder)? = nil, vectors: VectorIndexCache = VectorIndexCache(),
        answerer: ExtractiveAnswerer = ExtractiveAnswerer()
    ) {
        self.collections = store.collections
        self.retriever = HybridRetriever(store: store, embedder: embedder, vectors: vectors)
        self.answerer = answerer
    }

    /// Hint shown with every extractive answer.
    public static let extractiveHint =
        "this answer quotes your documents; start a local model (e.g. `ollama serve`) for written answers"

    /// The best passages for `question`, after checking there is something to search.
    ///
    /// - Throws: `CodexError` for an empty question, an unknown collection, or an empty store.
    /// A `path:GLOB` word in the question narrows the search like `scope.pathGlob`.
    public func passages(
        for question: String, scope: SearchScope, top: Int, mode: HybridRetriever.Mode = .hybrid
    ) async throws -> [Passage] {
        var (question, scope) = (question, scope)
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
        guard mode != .keyword, let (embedded, total) = try await retriever.vectorCoverage(scope: scope) else {
            return nil
        }
        return "meaning search covers \(embedded) of \(total) chunks so far: the rest are still being embedded "
            + "(or embedding was interrupted, and `codex ingest` resumes it); keyword search covers them all"
    }

    /// An extractive answer: the best sentences of the best passages, quoted with citations.
    public func extractiveAnswer(
        to question: String, scope: SearchScope = SearchScope(), top: Int = 6, mode: HybridRetriever.Mode = .hybrid
    ) async throws -> Answer {
        let passages = try await passages(for: question, scope: scope, top: top, mode: mode)
        return Self.extractiveAnswer(to: question, from: passages, answerer: answerer)
    }

    static func extractiveAnswer(to question: String, from passages: [Passage], answerer: ExtractiveAnswerer) -> Answer {
        guard !passages.isEmpty else {
            return Answer(
                answer: "No passage in your documents matches this question.", citations: [], mode: .extractive,
                hint: "try other words, or check what is indexed with `codex docs list`")
        }
        // One number per quote, citing exactly the lines it quotes; after a code block the
        // marker goes on a line of its own, where it cannot be mistaken for code.
        var cited: [Answer.CitedPassage] = []
        var pieces: [String] = []
        var quoted: [Answer.Quote] = []
        for quote in answerer.quotes(for: question, from: passages) {
            let number = cited.count + 1
            let passage = Answer.CitedPassage(
                passages[quote.passageIndex], number: number, lines: quote.startLine...quote.endLine)
            cited.append(passage)
            pieces.append(quote.text + (quote.endsWithCode ? "\n[\(number)]" : " [\(number)]"))
            quoted.append(Answer.Quote(text: quote.text, citation: passage.citation.description))
        }
        return Answer(
            answer: pieces.joined(separator: "\n\n"), citations: cited, mode: .extractive, hint: extractiveHint,
            quotes: quoted, passages: RankedPassage.ranking(passages, for: question))
    }

    private func checkSomethingToSearch(_ scope: SearchScope) async throws {
        let chunkCount = try await collections.chunkCount(in: scope.collection)
        if let name = scope.collection, chunkCount == nil { throw CodexError.collectionNotFound(name) }
        if chunkCount == 0 {
            if let name = scope.collection { throw CodexError.emptyCollection(name) }
            throw CodexError.emptyStore()
        }
    }
}
