import Foundation

/// Which sessions go into an export, and whether the documents they cited go with them.
public struct BundleSelection: Sendable, Equatable {
    /// These sessions; nil for every session.
    public var sessionIds: [UUID]?
    /// Only sessions updated at or after this time.
    public var since: Date?
    /// Also export every collection holding a document a message cites, so file Q&A works on the other side.
    public var includeDocuments: Bool

    public init(sessionIds: [UUID]? = nil, since: Date? = nil, includeDocuments: Bool = false) {
        self.sessionIds = sessionIds
        self.since = since
        self.includeDocuments = includeDocuments
    }
}

/// What an export wrote.
public struct BundleExportSummary: Sendable, Codable, Equatable {
    public var path: String
    public var format: BundleFormat
    public var sessions: Int
    public var messages: Int
    public var collections: [String]
    public var documents: Int
    public var chunks: Int
    /// Size of the bundle file.
    public var bytes: Int64
}
