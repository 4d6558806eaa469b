import Foundation

/// A stored message: its body and where it sits in its session.
///
/// The body's fields read as the message's own (`message.content`, `message.role = .user`).
@dynamicMemberLookup
public struct SessionMessage: Sendable, Equatable {
    public var id: Int64
    public var sessionId: UUID
    public var seq: Int
    public var body: MessageBody

    package init(id: Int64, sessionId: UUID, seq: Int, body: MessageBody) {
        self.id = id
        self.sessionId = sessionId
        self.seq = seq
        self.body = body
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<MessageBody, Value>) -> Value {
        get { body[keyPath: field] }
        set { body[keyPath: field] = newValue }
    }

    /// The message as a provider is given it.
    public var chatMessage: ChatMessage { body.chatMessage }
}

/// A message to append; the store assigns its id, order and time.
public struct NewMessage: Sendable, Equatable {
    public var role: ChatRole
    public var content: String
    public var toolCalls: [ToolCall]
    public var toolCallId: String?
    public var toolName: String?
    public var model: String?
    public var provider: String?
    public var citations: [Citation]
    public var mode: AnswerMode?
    public var incomplete: Bool

    public init(
        role: ChatRole, content: String, toolCalls: [ToolCall] = [], toolCallId: String? = nil, toolName: String? = nil,
        model: String? = nil, provider: String? = nil, citations: [Citation] = [], mode: AnswerMode? = nil,
        incomplete: Bool = false
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
        self.toolName = toolName
        self.model = model
        self.provider = provider
        self.citations = citations
        self.mode = mode
        self.incomplete = incomplete
    }

    public init(_ message: ChatMessage) {
        self.init(
            role: message.role, content: message.content, toolCalls: message.toolCalls, toolCallId: message.toolCallId,
            toolName: message.toolName)
    }
}

/// What is known about a reply once it ends (or fails).
public struct ReplyOutcome: Sendable, Equatable {
    public var content: String
    public var toolCalls: [ToolCall]
    public var usage: TokenUsage?
    public var incomplete: Bool
    public var error: String?
    public var firstTokenMs: Int?
    public var durationMs: Int?

    public init(
        content: String, toolCalls: [ToolCall] = [], usage: TokenUsage? = nil, incomplete: Bool = false,
        error: String? = nil, firstTokenMs: Int? = nil, durationMs: Int? = nil
    ) {
        self.content = content
        self.toolCalls = toolCalls
        self.usage = usage
        self.incomplete = incomplete
        self.error = error
        self.firstTokenMs = firstTokenMs
        self.durationMs = durationMs
    }
}
