import Foundation

/// Which sessions go into an export, whether the documents they cited go with them, and which
/// collections go whole.
public struct BundleSelection: Sendable, Equatable {
    /// These sessions; nil for every session.
    public var sessionIds: [UUID]?
    /// Only sessions updated at or after this time.
    public var since: Date?
    /// Also export every collection holding a document a message cites, so file Q&A works on the other side.
    public var includeDocuments: Bool
    /// False exports no session at all: a bundle of collections only.
    public var includeSessions: Bool
    /// Collections exported whole by name (documents, chunks, vectors), whatever the sessions cite:
    /// a folder embedded once need not be embedded again on the next machine.
    public var collections: [String]

    public init(
        sessionIds: [UUID]? = nil, since: Date? = nil, includeDocuments: Bool = false, includeSessions: Bool = true,
        collections: [String] = []
    ) {
        self.sessionIds = sessionIds
        self.since = since
        self.includeDocuments = includeDocuments
        self.includeSessions = includeSessions
        self.collections = collections
    }

    /// Only these collections, no sessions.
    public static func collections(_ names: [String]) -> BundleSelection {
        BundleSelection(includeSessions: false, collections: names)
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
