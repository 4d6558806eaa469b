import GRDB

/// A passage of a document, with the exact 1-based inclusive line span it came from.
public struct ChunkRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "chunk"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var documentId: Int64
    public var ordinal: Int
    public var startLine: Int
    public var endLine: Int
    public var heading: String
    public var text: String
    public var tokenCount: Int

    public init(
        id: Int64? = nil, documentId: Int64, ordinal: Int, startLine: Int, endLine: Int, heading: String = "",
        text: String, tokenCount: Int
    ) {
        self.id = id
        self.documentId = documentId
        self.ordinal = ordinal
        self.startLine = startLine
        self.endLine = endLine
        self.heading = heading
        self.text = text
        self.tokenCount = tokenCount
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static let document = belongsTo(DocumentRecord.self, using: ForeignKey(["document_id"]))
}
