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
}

/// A session as listed: with how many messages it has and how it starts.
public struct SessionSummary: Sendable, Codable, Equatable {
    public var session: Session
    public var messageCount: Int
    /// The first user message, shortened; shown when the session has no title.
    public var preview: String
}
