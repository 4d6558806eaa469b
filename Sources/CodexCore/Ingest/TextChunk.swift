/// A passage cut from a document, with the exact lines it came from.
public struct TextChunk: Sendable, Equatable {
    /// 1-based, inclusive: `text` is exactly these lines joined by `\n` (a chunk cut out of one
    /// very long line has `startLine == endLine` and holds part of it).
    public var startLine: Int
    public var endLine: Int
    /// The heading path above the chunk, "Install > Linux"; for CSV/TSV, the header row.
    public var heading: String
    public var text: String
    /// Estimated MiniLM word pieces in `text`.
    public var tokenCount: Int

    public init(startLine: Int, endLine: Int, heading: String, text: String, tokenCount: Int) {
        self.startLine = startLine
        self.endLine = endLine
        self.heading = heading
        self.text = text
        self.tokenCount = tokenCount
    }

    public var lines: ClosedRange<Int> { startLine...endLine }
}
