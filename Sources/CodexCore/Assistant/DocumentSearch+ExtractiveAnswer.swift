import Foundation

/// The answer given with no model: the best sentences of the best passages, quoted with citations.
extension DocumentSearch {
    /// Hint shown with every extractive answer.
    public static let extractiveHint =
        "this answer quotes your documents; start a local model (e.g. `ollama serve`) for written answers"

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
}
