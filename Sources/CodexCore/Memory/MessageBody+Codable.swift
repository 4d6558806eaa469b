import Foundation

/// A body's JSON: the camelCase keys of `MessageKey` (below), which the encoders of bundles,
/// `--json` and the server turn into snake_case. Every optional is left out when nil.
extension MessageBody: Codable {
    /// Whether an empty `toolCalls` or `citations` is written as `[]` or left out.
    enum EmptyLists {
        /// `sessions show --json` and the server: every message has both lists.
        case written
        /// Bundle format v1 (`messages.jsonl`): the lists are absent when empty, as in the store,
        /// where they are NULL.
        case omitted
    }

    /// Reads either form: a missing or null list is an empty one.
    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder.container(keyedBy: MessageKey.self))
    }

    /// Reads the body's keys from a message object whose other keys its wrapper reads.
    init(from container: KeyedDecodingContainer<MessageKey>) throws {
        self.init(
            role: try container.decode(ChatRole.self, forKey: .role),
            content: try container.decode(String.self, forKey: .content),
            toolCalls: try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls) ?? [],
            toolCallId: try container.decodeIfPresent(String.self, forKey: .toolCallId),
            toolName: try container.decodeIfPresent(String.self, forKey: .toolName),
            model: try container.decodeIfPresent(String.self, forKey: .model),
            provider: try container.decodeIfPresent(String.self, forKey: .provider),
            promptTokens: try container.decodeIfPresent(Int.self, forKey: .promptTokens),
            completionTokens: try container.decodeIfPresent(Int.self, forKey: .completionTokens),
            citations: try container.decodeIfPresent([Citation].self, forKey: .citations) ?? [],
            mode: try container.decodeIfPresent(AnswerMode.self, forKey: .mode),
            incomplete: try container.decode(Bool.self, forKey: .incomplete),
            error: try container.decodeIfPresent(String.self, forKey: .error),
            createdAt: try container.decode(Date.self, forKey: .createdAt),
            firstTokenMs: try container.decodeIfPresent(Int.self, forKey: .firstTokenMs),
            durationMs: try container.decodeIfPresent(Int.self, forKey: .durationMs))
    }

    /// Writes the body with its lists always present (the API form).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MessageKey.self)
        try encode(to: &container, emptyLists: .written)
    }

    /// Writes the body's keys into a message object, after the keys its wrapper has written there.
    func encode(to container: inout KeyedEncodingContainer<MessageKey>, emptyLists: EmptyLists) throws {
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        if emptyLists == .written || !toolCalls.isEmpty { try container.encode(toolCalls, forKey: .toolCalls) }
        try container.encodeIfPresent(toolCallId, forKey: .toolCallId)
        try container.encodeIfPresent(toolName, forKey: .toolName)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encodeIfPresent(provider, forKey: .provider)
        try container.encodeIfPresent(promptTokens, forKey: .promptTokens)
        try container.encodeIfPresent(completionTokens, forKey: .completionTokens)
        if emptyLists == .written || !citations.isEmpty { try container.encode(citations, forKey: .citations) }
        try container.encodeIfPresent(mode, forKey: .mode)
        try container.encode(incomplete, forKey: .incomplete)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(firstTokenMs, forKey: .firstTokenMs)
        try container.encodeIfPresent(durationMs, forKey: .durationMs)
    }
}

/// A key of a message's JSON object: the body's fields, and where a message sits (`id`,
/// `sessionId`, `seq`), which its wrappers write.
///
/// One key type for all of them, so a wrapper and the body read and write through one container:
/// with a second container on the same object, `convertFromSnakeCase` converted every key of the
/// object again, and bundle imports ran about 15% slower.
struct MessageKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    static let role = MessageKey("role"), content = MessageKey("content"), toolCalls = MessageKey("toolCalls")
    static let toolCallId = MessageKey("toolCallId"), toolName = MessageKey("toolName"), model = MessageKey("model")
    static let provider = MessageKey("provider"), promptTokens = MessageKey("promptTokens")
    static let completionTokens = MessageKey("completionTokens"), citations = MessageKey("citations")
    static let mode = MessageKey("mode"), incomplete = MessageKey("incomplete"), error = MessageKey("error")
    static let createdAt = MessageKey("createdAt"), firstTokenMs = MessageKey("firstTokenMs")
    static let durationMs = MessageKey("durationMs")
    // Where the message sits.
    static let id = MessageKey("id"), sessionId = MessageKey("sessionId"), seq = MessageKey("seq")
}
