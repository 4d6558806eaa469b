import Foundation

/// A named set of ingested documents, searched together.
public struct CollectionRecord: Codable, Sendable, Equatable {
    /// Int64 is the recommended type for auto-incremented ids; nil until inserted.
    public var id: Int64?
    public var name: String
    public var embedder: String?
    public var dimension: Int?
    public var createdAt: Date
    public var updatedAt: Date
    /// The user of a shared server whose private collection this is; nil for a shared one.
    public var ownerId: Int64?

    /// The collection used when none is named.
    public static let defaultName = "default"

    public init(
        id: Int64? = nil, name: String, embedder: String? = nil, dimension: Int? = nil,
        createdAt: Date = Date(), updatedAt: Date = Date(), ownerId: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.embedder = embedder
        self.dimension = dimension
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.ownerId = ownerId
    }
}
