import Foundation

/// A conversation: its messages live in the store, in order.
public struct Session: Sendable, Codable, Equatable, Identifiable {
    public var id: UUID
    public var title: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The model and provider of the latest reply.
    public var model: String?
    public var provider: String?
    /// Older turns folded into prose, and the last message `seq` it covers.
    public var summary: String
    public var summarizedThrough: Int

    public init(
        id: UUID = UUID(), title: String? = nil, createdAt: Date = Date(), updatedAt: Date = Date(), model: String? = nil,
        provider: String? = nil, summary: String = "", summarizedThrough: Int = 0
    ) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.model = model
        self.provider = provider
        self.summary = summary
        self.summarizedThrough = summarizedThrough
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, createdAt, updatedAt, model, provider, summary, summarizedThrough
    }

    /// As synthesised, but the id goes out lowercase, as everywhere else (`JSONEncoder` would
    /// write a `UUID` in capitals, so `/memory` and `sessions --json` disagreed with the rest).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.lowercasedString, forKey: .id)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encodeIfPresent(provider, forKey: .provider)
        try container.encode(summary, forKey: .summary)
        try container.encode(summarizedThrough, forKey: .summarizedThrough)
    }
}

/// A session as listed: with how many messages it has and how it starts.
public struct SessionSummary: Sendable, Codable, Equatable {
    public var session: Session
    public var messageCount: Int
    /// The first user message, shortened; shown when the session has no title.
    public var preview: String

    package init(session: Session, messageCount: Int, preview: String) {
        self.session = session
        self.messageCount = messageCount
        self.preview = preview
    }
}
