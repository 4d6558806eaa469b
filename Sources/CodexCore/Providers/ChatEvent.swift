/// What a streamed chat reply yields, in order: text and thinking as they come, then tool calls,
/// usage, and `done` last. A stream that ends without `done` threw an error.
public enum ChatEvent: Sendable, Hashable {
    case token(String)
    /// Reasoning text of thinking models, kept apart from the answer.
    case thinking(String)
    /// A complete tool call (fragments are merged before this is emitted).
    case toolCall(ToolCall)
    case usage(TokenUsage)
    /// The reply is complete. `finishReason` is the provider's word: "stop", "length", "tool_calls"…
    case done(finishReason: String?)
}

/// A streamed chat reply, as `ProviderClient.streamChat` returns it.
public typealias ChatEventStream = AsyncThrowingStream<ChatEvent, any Error>

/// Token counts reported by the provider; any of them may be missing.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var totalTokens: Int?
    /// Time spent generating `completionTokens` (Ollama's `eval_duration`).
    public var generationTime: Duration?

    public init(
        promptTokens: Int? = nil, completionTokens: Int? = nil, totalTokens: Int? = nil, generationTime: Duration? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
        self.generationTime = generationTime
    }

    /// Generation speed, when the provider reported both tokens and time.
    public var tokensPerSecond: Double? {
        guard let completionTokens, let generationTime, generationTime > .zero else { return nil }
        let seconds = generationTime.inSeconds
        return Double(completionTokens) / seconds
    }
}

/// A whole chat reply (non-streaming, or a stream collected).
public struct ChatReply: Sendable, Hashable {
    public var text: String
    public var thinking: String
    public var toolCalls: [ToolCall]
    public var finishReason: String?
    public var usage: TokenUsage?

    public init(
        text: String = "", thinking: String = "", toolCalls: [ToolCall] = [], finishReason: String? = nil,
        usage: TokenUsage? = nil
    ) {
        self.text = text
        self.thinking = thinking
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }

    /// Folds one event into the reply.
    public mutating func apply(_ event: ChatEvent) {
        switch event {
        case .token(let piece): text += piece
        case .thinking(let piece): thinking += piece
        case .toolCall(let call): toolCalls.append(call)
        case .usage(let usage): self.usage = usage
        case .done(let reason): finishReason = reason
        }
    }

    /// The events a stream of this reply would have produced.
    public var events: [ChatEvent] {
        var events: [ChatEvent] = []
        if !thinking.isEmpty { events.append(.thinking(thinking)) }
        if !text.isEmpty { events.append(.token(text)) }
        events += toolCalls.map { .toolCall($0) }
        if let usage { events.append(.usage(usage)) }
        events.append(.done(finishReason: finishReason))
        return events
    }
}
