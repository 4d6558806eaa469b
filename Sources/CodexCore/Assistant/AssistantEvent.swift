import Foundation

/// What a turn of `ask` or `chat` yields as it happens; the CLI prints them, the server streams them.
public enum AssistantEvent: Sendable {
    /// The provider and model answering.
    case routed(provider: ProviderID, model: String)
    /// A provider failed before answering; the next is tried.
    case fellBack(from: ProviderID, reason: String)
    case token(String)
    case thinking(String)
    case toolCall(ToolCall)
    /// A tool ran (or was refused); its result was stored and sent back to the model.
    case toolResult(ToolResult)
    /// Something the user should know that is not an error: older turns summarised, passages left out.
    case notice(String)
    /// The turn is over; always the last event.
    case finished(AssistantReply)
}

/// A finished turn: the text, what it cites, and how it was produced.
public struct AssistantReply: Sendable, Codable, Equatable {
    public var sessionId: UUID?
    public var messageId: Int64?
    public var answer: String
    public var citations: [Answer.CitedPassage]
    public var mode: Answer.Mode
    public var provider: String?
    public var model: String?
    public var usage: Usage?
    /// True when the reply was cut short (provider error, Ctrl-C); `error` says why.
    public var incomplete: Bool
    public var error: String?
    public var hint: String?
    /// What the documents say, word for word, with citations: the answer itself when no model
    /// wrote it, and shown under a generated answer so the user can check it.
    public var quotes: [Answer.Quote]?
    /// The passages retrieval ranked for the question (`ask`), best first.
    public var passages: [RankedPassage]?
    /// `[n]` markers in a generated answer that name no passage the model was given.
    public var unknownCitations: [Int]?

    public struct Usage: Sendable, Codable, Equatable {
        public var promptTokens: Int?
        public var completionTokens: Int?
    }

    public init(
        sessionId: UUID? = nil, messageId: Int64? = nil, answer: String, citations: [Answer.CitedPassage],
        mode: Answer.Mode, provider: String? = nil, model: String? = nil, usage: Usage? = nil, incomplete: Bool = false,
        error: String? = nil, hint: String? = nil
    ) {
        self.sessionId = sessionId
        self.messageId = messageId
        self.answer = answer
        self.citations = citations
        self.mode = mode
        self.provider = provider
        self.model = model
        self.usage = usage
        self.incomplete = incomplete
        self.error = error
        self.hint = hint
    }

    init(extractive answer: Answer) {
        self.init(answer: answer.answer, citations: answer.citations, mode: .extractive, hint: answer.hint)
        quotes = answer.quotes
        passages = answer.passages
    }

    private enum CodingKeys: String, CodingKey {
        case sessionId, messageId, answer, citations, mode, provider, model, usage, incomplete, error, hint, quotes,
            passages, unknownCitations
    }

    /// As synthesised, but the session id goes out lowercase, as the store, the CLI and the
    /// server write it (`JSONEncoder` would write the `UUID` in capitals).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(sessionId?.lowercasedString, forKey: .sessionId)
        try container.encodeIfPresent(messageId, forKey: .messageId)
        try container.encode(answer, forKey: .answer)
        try container.encode(citations, forKey: .citations)
        try container.encode(mode, forKey: .mode)
        try container.encodeIfPresent(provider, forKey: .provider)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encode(incomplete, forKey: .incomplete)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(hint, forKey: .hint)
        try container.encodeIfPresent(quotes, forKey: .quotes)
        try container.encodeIfPresent(passages, forKey: .passages)
        try container.encodeIfPresent(unknownCitations, forKey: .unknownCitations)
    }
}
