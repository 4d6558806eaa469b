/// A retrieved chunk, with where it came from and how well it matched.
public struct Passage: Sendable, Equatable, Codable {
    public var chunkId: Int64
    public var documentId: Int64
    public var collection: String
    /// Absolute path of the source file.
    public var path: String
    public var startLine: Int
    public var endLine: Int
    public var heading: String
    public var text: String
    /// Higher is better; comparable only within one result list.
    public var score: Double

    public init(
        chunkId: Int64, documentId: Int64, collection: String, path: String, startLine: Int, endLine: Int,
        heading: String, text: String, score: Double
    ) {
        self.chunkId = chunkId
        self.documentId = documentId
        self.collection = collection
        self.path = path
        self.startLine = startLine
        self.endLine = endLine
        self.heading = heading
        self.text = text
        self.score = score
    }

    public var citation: Citation { Citation(path: path, startLine: startLine, endLine: endLine) }
}
