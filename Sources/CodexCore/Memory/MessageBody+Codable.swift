import Foundation

/// A body's JSON: the camelCase keys below, which the encoders of bundles, `--json` and the server
/// turn into snake_case. Every optional is left out when nil.
extension MessageBody: Codable {
    enum CodingKeys: String, CodingKey {
        case role, content, toolCalls, toolCallId, toolName, model, provider, promptTokens, completionTokens
        case citations, mode, incomplete, error, createdAt, firstTokenMs, durationMs
    }

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
        let container = try decoder.container(keyedBy: CodingKeys.self)
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
    public func encode(to encoder: any Encoder) throws { try encode(to: encoder, emptyLists: .written) }

    /// Writes the body's keys into `encoder`'s object, beside whatever keys the caller writes there.
    func encode(to encoder: any Encoder, emptyLists: EmptyLists) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
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
