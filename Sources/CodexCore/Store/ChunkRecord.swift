/// A passage of a document, with the exact 1-based inclusive line span it came from.
public struct ChunkRecord: Codable, Sendable, Equatable {
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

    /// The 1-based inclusive line span, as citations print it (`path:12-30`).
    public var lines: ClosedRange<Int> { startLine...endLine }
}
