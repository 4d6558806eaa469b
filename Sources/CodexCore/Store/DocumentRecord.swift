import Foundation

/// One ingested file: what it looked like when read, so re-ingest can skip it when unchanged.
public struct DocumentRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var collectionId: Int64
    /// Absolute, standardized path of the file.
    public var path: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    public var size: Int64
    public var mtimeNs: Int64
    /// The extractor that read it: "markdown", "code", "html", "docx", "pdf", ….
    public var kind: String
    public var chunkCount: Int
    public var ingestedAt: Date

    public init(
        id: Int64? = nil, collectionId: Int64, path: String, sha256: String, size: Int64, mtimeNs: Int64,
        kind: String, chunkCount: Int, ingestedAt: Date = Date()
    ) {
        self.id = id
        self.collectionId = collectionId
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.mtimeNs = mtimeNs
        self.kind = kind
        self.chunkCount = chunkCount
        self.ingestedAt = ingestedAt
    }
}
