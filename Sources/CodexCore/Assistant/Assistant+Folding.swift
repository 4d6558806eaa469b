import Foundation

extension Assistant {
    /// Folds the turns that no longer fit into the session's running summary: the facts the user
    /// stated in them are pinned word for word (no model involved, so this always happens), and
    /// the model rewrites the prose. Folds enough that the next few turns fit without another.
    /// Updates `input` and returns the note for the user.
    func fold(
        _ input: inout TurnPlanner.Input, planner: TurnPlanner, route: ModelRoute,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> String {
        let folding = planner.plan(input, historyShare: 0.5).plan.unsummarized
        guard let last = folding.last else { return "" }
        var summary = input.summary
        let facts = planner.facts(folding: folding, from: input.messages)
        summary.pin(facts)
        let kept =
            facts.isEmpty
            ? "" : "; the \(facts.count) fact\(facts.count == 1 ? "" : "s") you stated in them are kept word for word"
        let sessionId = input.newMessage.sessionId
        do {
            progress("summarising \(folding.count) older messages that no longer fit the model's window")
            summary.prose = try await summarize(folding, previous: summary.prose, route: route)
            try await memory.saveSummary(summary.text, through: last.seq, in: sessionId)
            input.summary = summary
            input.summarizedThrough = last.seq
            return "\(folding.count) older messages no longer fit the model's window and were folded into a summary"
                + kept
        } catch let error as CodexError where error.contextOverflow != nil || error.kind == .cancelled {
            throw error
        } catch is CancellationError {
            throw CodexError.cancelled
        } catch {
            // The facts are pinned even when the model could not summarise; the turns are tried again next time.
            try await memory.saveSummary(summary.text, through: input.summarizedThrough, in: sessionId)
            input.summary = summary
            let reason = (error as? CodexError)?.message ?? "\(error)"
            return
                "\(folding.count) older messages do not fit the model's window and were left out (summarising them failed: \(reason))"
                + kept
        }
    }

    /// Asks the model to fold `messages` into the prose summary, in as many steps as the window needs.
    func summarize(_ messages: [SessionMessage], previous: String, route: ModelRoute) async throws -> String {
        let window = route.planningWindow
        let replyTokens = min(300, max(64, window / 6))
        let instructions = """
            Update the summary of a conversation between a user and an assistant. Keep names, numbers, \
            decisions and open questions. Answer with the summary only, under 150 words.
            """
        var summary = previous
        var batch: [String] = []
        var batchTokens = 0
        func room() -> Int {
            let fixed: Int = TokenEstimate.of(instructions) + TokenEstimate.of(summary)
            return window - replyTokens - fixed - 48
        }
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let prompt =
                instructions + "\n\nSummary so far:\n" + (summary.isEmpty ? "(none)" : summary) + "\n\nNew messages:\n"
                + batch.joined(separator: "\n")
            let text = try await summarise(prompt, route: route, replyTokens: replyTokens)
            guard !text.isEmpty else { throw CodexError.internal("the model returned an empty summary") }
            summary = text
            batch = []
            batchTokens = 0
        }
        for message in messages where !(message.role == .tool && message.content.isEmpty) {
            // One message larger than a whole step is shortened to its start.
            let line = TokenEstimate.prefix(
                of: "\(message.role.rawValue): \(message.content)", fitting: max(64, room() / 2))
            let tokens = TokenEstimate.of(line) + 1
            if batchTokens + tokens > room() { try await flush() }
            batch.append(line)
            batchTokens += tokens
        }
        try await flush()
        return summary
    }
}
