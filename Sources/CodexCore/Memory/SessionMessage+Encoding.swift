import Foundation

/// Session ids go out in lower case everywhere (`Session`, `session_id` of answers); a synthesized
/// encoding wrote a message's `session_id` as `UUID` does, in upper case, so `sessions show --json`
/// named one session two ways. The body's keys sit beside `id`, `session_id` and `seq` in one object.
extension SessionMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MessageKey.self)
        self.init(
            id: try container.decode(Int64.self, forKey: .id),
            sessionId: try container.decode(UUID.self, forKey: .sessionId),
            seq: try container.decode(Int.self, forKey: .seq),
            body: try MessageBody(from: container))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MessageKey.self)
        try container.encode(id, forKey: .id)
        try container.encode(sessionId.lowercasedString, forKey: .sessionId)
        try container.encode(seq, forKey: .seq)
        try body.encode(to: &container, emptyLists: .written)
    }
}
