/// What to ask a chat model: the conversation, the tools it may call, and sampling limits.
public struct ChatInput: Sendable, Hashable {
    /// The model name (Ollama "llama3.2", OpenAI "gpt-4o-mini"); for Azure, the deployment name.
    public var model: String
    public var messages: [ChatMessage]
    public var tools: [ToolSpec]
    public var temperature: Double?
    /// Upper bound on generated tokens (`num_predict` for Ollama, `max_tokens` elsewhere).
    public var maxTokens: Int?
    /// Context window to request (`num_ctx`); only Ollama's native API can set it per request.
    public var contextLength: Int?

    public init(
        model: String, messages: [ChatMessage], tools: [ToolSpec] = [], temperature: Double? = nil,
        maxTokens: Int? = nil, contextLength: Int? = nil
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.contextLength = contextLength
    }
}

/// A tool offered to the model: its name, one-sentence description and JSON-Schema parameters.
public struct ToolSpec: Sendable, Hashable {
    public var name: String
    public var description: String
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue = ["type": "object", "properties": [:]]) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    /// The OpenAI-style descriptor both Ollama and OpenAI-compatible servers accept.
    var functionDescriptor: JSONValue {
        [
            "type": "function",
            "function": ["name": .string(name), "description": .string(description), "parameters": parameters],
        ]
    }
}
