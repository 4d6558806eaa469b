import Foundation

/// Session ids go out in lower case everywhere (`Session`, `session_id` of answers); a synthesized
/// encoding wrote a message's `session_id` as `UUID` does, in upper case, so `sessions show --json`
/// named one session two ways. The keys are the synthesized ones.
extension SessionMessage {
    private enum EncodingKeys: String, CodingKey {
        case id, sessionId, seq, role, content, toolCalls, toolCallId, toolName, model, provider, promptTokens
        case completionTokens, citations, mode, incomplete, error, createdAt, firstTokenMs, durationMs
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EncodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(sessionId.lowercasedString, forKey: .sessionId)
        try container.encode(seq, forKey: .seq)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encode(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(toolCallId, forKey: .toolCallId)
        try container.encodeIfPresent(toolName, forKey: .toolName)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encodeIfPresent(provider, forKey: .provider)
        try container.encodeIfPresent(promptTokens, forKey: .promptTokens)
        try container.encodeIfPresent(completionTokens, forKey: .completionTokens)
        try container.encode(citations, forKey: .citations)
        try container.encodeIfPresent(mode, forKey: .mode)
        try container.encode(incomplete, forKey: .incomplete)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(firstTokenMs, forKey: .firstTokenMs)
        try container.encodeIfPresent(durationMs, forKey: .durationMs)
    }
}
