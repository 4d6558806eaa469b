import Foundation

extension Assistant {
    /// How many of the top passages the model is asked to order.
    static let rerankCandidates = 8

    /// Asks the local model which of the top passages answer `question`, best first, and moves
    /// those to the front. Off by default (`ask --rerank`): it costs one more model call, and it
    /// is kept only if it wins on the evaluation sets. Past `budget`, or on any failure, the
    /// retrieval order stands.
    func rerank(_ passages: [Passage], question: String, request: AskRequest, budget: Duration) async -> [Passage] {
        let candidates = Array(passages.prefix(Self.rerankCandidates))
        guard candidates.count > 1 else { return passages }
        let listing = candidates.enumerated().map { offset, passage in
            let heading = passage.heading.isEmpty ? "" : " (\(passage.heading))"
            return "[\(offset + 1)]\(heading)\n\(String(passage.text.prefix(500)))"
        }.joined(separator: "\n\n")
        let events = gateway.streamChat(provider: request.provider, model: request.model) { route in
            ChatInput(
                model: route.model,
                messages: [
                    .system(PassagePrompt.rerankInstructions),
                    .user("Question: \(question)\n\nPassages:\n\n\(listing)\n\nAnswer with passage numbers only, best first."),
                ], temperature: 0, maxTokens: 24, contextLength: route.setsContextLength ? route.contextLength : nil)
        }
        let reply = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                var text = ""
                do {
                    for try await event in events { if case .chat(.token(let piece)) = event { text += piece } }
                } catch {
                    return nil
                }
                return text
            }
            group.addTask {
                try? await Task.sleep(for: budget)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let reply else { return passages }
        return Self.reordered(passages, by: reply, candidates: candidates.count)
    }

    /// `passages` with the ones `reply` names ("3, 1" or "[3][1]") first, in that order.
    static func reordered(_ passages: [Passage], by reply: String, candidates: Int) -> [Passage] {
        var order: [Int] = []
        for match in reply.matches(of: /\d+/) {
            if let number = Int(match.output), (1...candidates).contains(number), !order.contains(number) {
                order.append(number)
            }
        }
        guard !order.isEmpty else { return passages }
        let chosen = order.map { passages[$0 - 1] }
        let rest = passages.enumerated().filter { !order.contains($0.offset + 1) }.map(\.element)
        return chosen + rest
    }
}
