/// What one streamed chunk says, as a provider decodes it. `ProviderClient` turns a sequence of
/// deltas into `ChatEvent`s, merging tool-call fragments and deciding when the reply is complete.
public struct ChatDelta: Sendable, Hashable {
    public var text: String
    public var thinking: String
    public var toolCalls: [ToolCallFragment]
    public var finishReason: String?
    public var usage: TokenUsage?
    /// This chunk ends the reply (Ollama's `"done": true`); SSE streams end with `[DONE]` instead.
    public var isFinal: Bool

    public init(
        text: String = "", thinking: String = "", toolCalls: [ToolCallFragment] = [], finishReason: String? = nil,
        usage: TokenUsage? = nil, isFinal: Bool = false
    ) {
        self.text = text
        self.thinking = thinking
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.isFinal = isFinal
    }
}

/// A piece of a tool call. OpenAI-style streams send a call in fragments sharing an `index` (the
/// first with id and name, later ones with argument text); Ollama sends each call whole.
public struct ToolCallFragment: Sendable, Hashable {
    public var index: Int?
    public var id: String?
    public var name: String?
    public var arguments: String
    /// The call arrived whole and must not be merged with another one that shares its index.
    public var isWhole: Bool

    public init(
        index: Int? = nil, id: String? = nil, name: String? = nil, arguments: String = "", isWhole: Bool = false
    ) {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
        self.isWhole = isWhole
    }
}
