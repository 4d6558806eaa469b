/// Chooses what of a conversation fits a model's context window for the next turn.
///
/// Always sent: the system prompt (with the retrieved passages), the running summary of older
/// turns, and the new message. Then as many recent messages as fit, newest first, never
/// splitting an assistant's tool calls from their results. Messages that no longer fit and are
/// not yet in the summary are reported, so the caller folds them into it instead of dropping
/// them silently.
public struct ContextAssembler: Sendable {
    /// The model's context window, in (estimated) tokens.
    public var contextLength: Int
    /// Room left for the reply.
    public var replyReserve: Int

    /// `maxTokens`, when the caller bounds the reply, is all the room the reply needs (up to half
    /// the window); otherwise a quarter of the window, at most 1024 tokens.
    public init(contextLength: Int, replyReserve: Int? = nil, maxTokens: Int? = nil) {
        self.contextLength = contextLength
        if let replyReserve {
            self.replyReserve = replyReserve
        } else if let maxTokens, maxTokens > 0 {
            self.replyReserve = min(maxTokens + 16, contextLength / 2)
        } else {
            self.replyReserve = min(1024, contextLength / 4)
        }
    }

    /// What a prompt may hold: the window less the reply's room.
    public var promptBudget: Int { max(0, contextLength - replyReserve) }

    public struct Plan: Sendable, Equatable {
        /// Ready to send, oldest first.
        public var messages: [ChatMessage]
        /// History messages left out that the summary does not cover yet, oldest first.
        public var unsummarized: [SessionMessage]
        /// History messages sent.
        public var keptCount: Int
        public var estimatedTokens: Int
        /// True when even the fixed part (system, summary, new message) exceeds the window.
        public var overflows: Bool
    }

    /// - Parameters:
    ///   - summary: the running summary as the model is shown it (`RunningSummary.promptText`).
    ///   - historyShare: the part of the room left after the fixed messages that history may
    ///     fill. Below 1 when choosing what to fold, so a fold leaves room for several turns and
    ///     the model is asked to summarise every few turns rather than at every one.
    public func plan(
        system: String, summary: String, summarizedThrough: Int, history: [SessionMessage], newMessages: [ChatMessage],
        historyShare: Double = 1
    ) -> Plan {
        // One system message: several chat templates (Mistral's, Gemma's) refuse a second one.
        let head: [ChatMessage] = [.system(summary.isEmpty ? system : system + "\n\n" + summary)]
        let fixed = (head + newMessages).reduce(0) { $0 + TokenEstimate.of($1) }
        var budget = Int(Double(max(0, promptBudget - fixed)) * min(1, max(0, historyShare)))

        // Walk back from the newest message in groups that must travel together.
        var kept: [SessionMessage] = []
        var index = history.count
        while index > 0 {
            var start = index - 1
            // Tool results belong to the assistant message that asked for them.
            while start > 0, history[start].role == .tool { start -= 1 }
            let group = Array(history[start..<index])
            let cost = group.reduce(0) { $0 + TokenEstimate.of($1.chatMessage) }
            // The summary already covers messages up to summarizedThrough: never send them twice.
            guard cost <= budget, group.allSatisfy({ $0.seq > summarizedThrough }) else { break }
            kept.insert(contentsOf: group, at: 0)
            budget -= cost
            index = start
        }
        let unsummarized = history[0..<index].filter { $0.seq > summarizedThrough }
        let messages = head + kept.map(\.chatMessage) + newMessages
        return Plan(
            messages: messages, unsummarized: Array(unsummarized), keptCount: kept.count,
            estimatedTokens: messages.reduce(0) { $0 + TokenEstimate.of($1) },
            overflows: fixed > promptBudget)
    }
}
