/// Who wrote a message.
public enum ChatRole: String, Sendable, Codable, Hashable {
    case system, user, assistant, tool
}

/// One message of a conversation, in the shape every provider can be given.
public struct ChatMessage: Sendable, Hashable, Codable {
    public var role: ChatRole
    public var content: String
    /// Calls the assistant asked for (assistant messages echoed back into the history).
    public var toolCalls: [ToolCall]
    /// On `.tool` messages: the call this is the result of (OpenAI matches results by id).
    public var toolCallId: String?
    /// On `.tool` messages: the tool's name (Ollama matches results by name or order).
    public var toolName: String?

    public init(
        role: ChatRole, content: String, toolCalls: [ToolCall] = [], toolCallId: String? = nil, toolName: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
        self.toolName = toolName
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    public static func toolResult(_ text: String, for call: ToolCall) -> ChatMessage {
        ChatMessage(role: .tool, content: text, toolCallId: call.id, toolName: call.name)
    }
}

/// A tool call the model asked for.
public struct ToolCall: Sendable, Hashable, Codable {
    /// Set by OpenAI-style servers and new Ollama servers; nil from older Ollama servers.
    public var id: String?
    public var name: String
    /// The arguments as JSON text. Models can produce invalid JSON: use `parsedArguments` and treat
    /// nil as a tool error to report back to the model, not as a crash.
    public var arguments: String

    public init(id: String? = nil, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments parsed; nil when they are not valid JSON.
    public var parsedArguments: JSONValue? {
        let trimmed = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .object([:]) }
        return try? JSONValue.parse(trimmed)
    }
}
