import Foundation

/// What a message says and how it was made: the one list of a message's fields.
///
/// `SessionMessage` (the API), the store's `message` row and a bundle's `messages.jsonl` line
/// each add only where the message sits (row id, session, order) around this body, so a new field
/// is declared here once and then travels everywhere; `MessageBodyRoundTripTests` fails if a
/// field set here is lost on the way through the store or a bundle.
public struct MessageBody: Sendable, Equatable {
    public var role: ChatRole
    public var content: String
    public var toolCalls: [ToolCall]
    public var toolCallId: String?
    public var toolName: String?
    public var model: String?
    public var provider: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var citations: [Citation]
    /// How an assistant reply was made; nil for other roles and for replies stored before it was recorded.
    public var mode: AnswerMode?
    public var incomplete: Bool
    public var error: String?
    public var createdAt: Date
    public var firstTokenMs: Int?
    public var durationMs: Int?

    public init(
        role: ChatRole, content: String, toolCalls: [ToolCall] = [], toolCallId: String? = nil,
        toolName: String? = nil, model: String? = nil, provider: String? = nil, promptTokens: Int? = nil,
        completionTokens: Int? = nil, citations: [Citation] = [], mode: AnswerMode? = nil, incomplete: Bool = false,
        error: String? = nil, createdAt: Date, firstTokenMs: Int? = nil, durationMs: Int? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
        self.toolName = toolName
        self.model = model
        self.provider = provider
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.citations = citations
        self.mode = mode
        self.incomplete = incomplete
        self.error = error
        self.createdAt = createdAt
        self.firstTokenMs = firstTokenMs
        self.durationMs = durationMs
    }

    /// A message about to be appended, stamped with the time the store writes it.
    public init(_ message: NewMessage, createdAt: Date) {
        self.init(
            role: message.role, content: message.content, toolCalls: message.toolCalls,
            toolCallId: message.toolCallId, toolName: message.toolName, model: message.model,
            provider: message.provider, citations: message.citations, mode: message.mode,
            incomplete: message.incomplete, createdAt: createdAt)
    }

    /// Takes in how a reply ended. Usage and timings the outcome does not know keep their stored values.
    public mutating func record(_ outcome: ReplyOutcome) {
        content = outcome.content
        toolCalls = outcome.toolCalls
        promptTokens = outcome.usage?.promptTokens ?? promptTokens
        completionTokens = outcome.usage?.completionTokens ?? completionTokens
        incomplete = outcome.incomplete
        error = outcome.error
        firstTokenMs = outcome.firstTokenMs ?? firstTokenMs
        durationMs = outcome.durationMs ?? durationMs
    }

    /// The message as a provider is given it.
    public var chatMessage: ChatMessage {
        ChatMessage(role: role, content: content, toolCalls: toolCalls, toolCallId: toolCallId, toolName: toolName)
    }
}
