import Foundation

/// Finds the parts of a session's pasted texts that bear on a question: BM25 over the parts, in
/// memory (a session's pastes are at most a few MB; cutting and scoring them takes milliseconds,
/// so nothing is stored beside the messages and a bundle carries them as they are), plus any
/// lines the question names ("line 120", "lines 40-60").
public struct PasteIndex: Sendable {
    /// A part and the message it belongs to.
    public struct Entry: Sendable, Equatable {
        /// The message's `seq` in the session.
        public var seq: Int
        public var part: PastedText.Part
    }

    /// A part chosen for a question, with its score.
    public struct Hit: Sendable, Equatable {
        public var entry: Entry
        public var score: Double
    }

    public let entries: [Entry]
    private let terms: [[String: Int]]
    private let lengths: [Int]
    private let documentFrequency: [String: Int]

    public init(_ pastes: [(seq: Int, paste: PastedText)]) {
        entries = pastes.flatMap { item in item.paste.parts.map { Entry(seq: item.seq, part: $0) } }
        var frequency: [String: Int] = [:]
        var terms: [[String: Int]] = []
        var lengths: [Int] = []
        for entry in entries {
            var counts: [String: Int] = [:]
            let words = Self.terms(in: entry.part.text)
            for word in words { counts[word, default: 0] += 1 }
            for word in counts.keys { frequency[word, default: 0] += 1 }
            terms.append(counts)
            lengths.append(words.count)
        }
        self.terms = terms
        self.lengths = lengths
        documentFrequency = frequency
    }

    /// Parts that match `question`, best first; named lines first of all. Parts of `preferred`
    /// (the message being asked about) count half again as much.
    public func search(_ question: String, preferring preferred: Int? = nil) -> [Hit] {
        let query = Array(Set(Self.terms(in: question)))
        let named = Self.namedLines(in: question)
        guard !entries.isEmpty, !query.isEmpty || !named.isEmpty else { return [] }
        let averageLength = Double(lengths.reduce(0, +)) / Double(max(1, lengths.count))
        let count = Double(entries.count)
        var hits: [Hit] = []
        for (index, entry) in entries.enumerated() {
            var score = 0.0
            for term in query {
                guard let frequency = terms[index][term], let documents = documentFrequency[term] else { continue }
                let idf = log(1 + (count - Double(documents) + 0.5) / (Double(documents) + 0.5))
                let tf = Double(frequency)
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * Double(lengths[index]) / max(1, averageLength)))
            }
            if named.contains(where: { $0.overlaps(entry.part.startLine...entry.part.endLine) }) { score += 100 }
            guard score > 0 else { continue }
            if let preferred, entry.seq == preferred { score *= 1.5 }
            hits.append(Hit(entry: entry, score: score))
        }
        return hits.sorted {
            $0.score != $1.score
                ? $0.score > $1.score
                : ($0.entry.seq, $0.entry.part.startLine) < ($1.entry.seq, $1.entry.part.startLine)
        }
    }

    /// Lower-cased words without the common ones, and identifiers kept whole too (`kestrel-7`,
    /// `INC-40213`, `14:00`), so a question naming one finds its exact lines.
    static func terms(in text: String) -> [String] {
        var result: [String] = []
        for token in text.lowercased().split(whereSeparator: { $0.isWhitespace || "()[]{}<>\"'`,;!?=|".contains($0) }) {
            let trimmed = token.trimmingCharacters(in: .punctuationCharacters)
            let words = trimmed.split { !($0.isLetter || $0.isNumber) }.map(String.init)
            if words.count > 1, trimmed.count <= 64 { result.append(trimmed) }
            for word in words where word.count > 1 && !StopWords.english.contains(word) { result.append(word) }
        }
        return result
    }

    /// "line 120", "lines 40-60", "lines 40 to 60", "l. 7".
    static func namedLines(in question: String) -> [ClosedRange<Int>] {
        question.lowercased().matches(of: /\blines?\s+(\d+)(?:\s*(?:-|–|to|and)\s*(\d+))?/).compactMap { match in
            guard let first = Int(match.1) else { return nil }
            let last = match.2.flatMap { Int($0) } ?? first
            return min(first, last)...max(first, last)
        }
    }
}
