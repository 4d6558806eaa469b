/// What `codex search` and `ask --json` show of retrieval: the ranked passages, best first.
public struct SearchResult: Sendable, Codable, Equatable {
    public var query: String
    public var retrieval: HybridRetriever.Mode
    public var passages: [RankedPassage]

    public init(query: String, retrieval: HybridRetriever.Mode, passages: [RankedPassage]) {
        self.query = query
        self.retrieval = retrieval
        self.passages = passages
    }
}

/// One retrieved passage with its rank, where it is, and a short rendered preview.
public struct RankedPassage: Sendable, Codable, Equatable {
    /// 1-based; the order retrieval returned.
    public var rank: Int
    public var collection: String
    public var path: String
    public var startLine: Int
    public var endLine: Int
    public var heading: String
    /// Higher is better; comparable only within one result list (reciprocal-rank fusion in hybrid mode).
    public var score: Double
    /// The passage's best-matching lines, markup rendered, a few hundred characters at most.
    public var preview: String
    public var text: String

    public init(_ passage: Passage, rank: Int, preview: String) {
        self.rank = rank
        collection = passage.collection
        path = passage.path
        startLine = passage.startLine
        endLine = passage.endLine
        heading = passage.heading
        score = passage.score
        self.preview = preview
        text = passage.text
    }

    public var citation: Citation { Citation(path: path, startLine: startLine, endLine: endLine) }

    /// The passages as ranked, each with a preview of what in it matches `query`.
    public static func ranking(_ passages: [Passage], for query: String) -> [RankedPassage] {
        let previewer = ExtractiveAnswerer(maxQuotes: 1, budget: 480)
        return passages.enumerated().map { offset, passage in
            RankedPassage(passage, rank: offset + 1, preview: previewer.quotes(for: query, from: [passage]).first?.text ?? "")
        }
    }
}
