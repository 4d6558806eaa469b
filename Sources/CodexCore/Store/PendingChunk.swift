/// A chunk still waiting for its vector: the embedding phase's unit of work.
public struct PendingChunk: Sendable, Equatable {
    public var id: Int64
    public var heading: String
    public var text: String
    public var lines: ClosedRange<Int>
    /// Last line of the chunk before it in the same document, nil for a document's first chunk.
    public var previousEndLine: Int?

    public init(id: Int64, heading: String, text: String, lines: ClosedRange<Int>, previousEndLine: Int?) {
        self.id = id
        self.heading = heading
        self.text = text
        self.lines = lines
        self.previousEndLine = previousEndLine
    }
}
