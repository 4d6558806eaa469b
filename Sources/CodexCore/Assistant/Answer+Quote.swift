extension Answer {
    /// A passage of the documents quoted word for word, with where it comes from.
    public struct Quote: Sendable, Codable, Equatable {
        public var text: String
        /// `path:start-end`, the lines the text was taken from.
        public var citation: String

        public init(text: String, citation: String) {
            self.text = text
            self.citation = citation
        }
    }
}

extension Answer.CitedPassage {
    /// The passage narrowed to `lines` (1-based, inclusive, inside the passage): the citation then
    /// points at exactly what was quoted.
    init(_ passage: Passage, number: Int, lines: ClosedRange<Int>) {
        self.init(passage, number: number)
        let all = passage.text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = max(lines.lowerBound - passage.startLine, 0)
        let last = min(lines.upperBound - passage.startLine, all.count - 1)
        guard first <= last, passage.endLine > passage.startLine else { return }
        startLine = passage.startLine + first
        endLine = passage.startLine + last
        text = all[first...last].joined(separator: "\n")
    }
}
