/// The result of `codex ask`: the answer text with `[n]` markers and the passages they cite.
public struct Answer: Sendable, Codable, Equatable {
    /// Declared in Memory, which stores it with every reply and sits below the assistant.
    public typealias Mode = AnswerMode

    /// One cited passage; `[number]` in the answer refers to it.
    public struct CitedPassage: Sendable, Codable, Equatable {
        public var number: Int
        public var path: String
        public var startLine: Int
        public var endLine: Int
        public var heading: String
        public var score: Double
        public var text: String

        public init(_ passage: Passage, number: Int) {
            self.number = number
            path = passage.path
            startLine = passage.startLine
            endLine = passage.endLine
            heading = passage.heading
            score = passage.score
            text = passage.text
        }

        public var citation: Citation { Citation(path: path, startLine: startLine, endLine: endLine) }
    }

    public var answer: String
    public var citations: [CitedPassage]
    public var mode: Mode
    /// What the user can do for a better answer (e.g. start a local model); nil when nothing.
    public var hint: String?
    /// The passages quoted, word for word (the answer itself when no model wrote it).
    public var quotes: [Quote]
    /// Every passage retrieval ranked for the question, best first, cited or not.
    public var passages: [RankedPassage]

    public init(
        answer: String, citations: [CitedPassage], mode: Mode, hint: String? = nil, quotes: [Quote] = [],
        passages: [RankedPassage] = []
    ) {
        self.answer = answer
        self.citations = citations
        self.mode = mode
        self.hint = hint
        self.quotes = quotes
        self.passages = passages
    }
}
