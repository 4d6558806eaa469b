extension Assistant {
    /// Longest generated answer for `ask` when the request sets none: room for a few paragraphs
    /// and a code block; a small model that loops stops here rather than at the context's end.
    public static let askTokenBudget = 512

    /// Puts the evidence under a generated answer and checks its citations.
    ///
    /// Why: a small local model writes fluent text that may not be in the documents (SmolLM2
    /// invented a `cache_views` decorator). The user should see the source text next to the
    /// model's words: the quotes a model-free answer would give go along, every `[n]` is checked
    /// against the passages the model was given, and an answer citing nothing says so.
    /// - Returns: notices for the user (citations that point nowhere, nothing cited).
    static func ground(_ reply: inout AssistantReply, shown: [Passage], extractive: Answer) -> [String] {
        let numbers = PassagePrompt.citedNumbers(in: reply.answer, upTo: Int.max)
        let valid = numbers.filter { (1...max(shown.count, 1)).contains($0) && !shown.isEmpty }
        let unknown = numbers.filter { !valid.contains($0) }
        reply.citations = valid.map { Answer.CitedPassage(shown[$0 - 1], number: $0) }
        reply.quotes = extractive.quotes
        reply.passages = extractive.passages
        reply.unknownCitations = unknown.isEmpty ? nil : unknown
        var notices: [String] = []
        if !unknown.isEmpty {
            let list = unknown.map { "[\($0)]" }.joined(separator: ", ")
            notices.append(
                "the answer cites \(list), but it was given only \(shown.count) passage\(shown.count == 1 ? "" : "s"); "
                    + "check it against the quotes below")
        }
        if valid.isEmpty, !reply.answer.isEmpty {
            notices.append("the answer cites none of the passages; the quotes below show what your documents say")
        }
        return notices
    }
}
