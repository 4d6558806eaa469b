/// Answers without a model: quotes the sentences of the retrieved passages that best match the
/// question, each followed by the number of the passage it came from.
///
/// Sentences score by the question terms they contain, rarer terms counting more (a term found
/// in every passage says little), with a small bonus for better-ranked passages. Terms compare by
/// a crude stem so "rotating" matches "rotate".
public struct ExtractiveAnswerer: Sendable {
    public var maxSentences: Int
    public var maxSentencesPerPassage: Int

    public init(maxSentences: Int = 4, maxSentencesPerPassage: Int = 2) {
        self.maxSentences = maxSentences
        self.maxSentencesPerPassage = maxSentencesPerPassage
    }

    /// One quoted sentence and the index (into the passages given) of the passage it came from.
    public struct Quote: Sendable, Equatable {
        public var text: String
        public var passageIndex: Int
    }

    /// The quotes that answer `question`, in passage order; never empty when `passages` is not.
    public func quotes(for question: String, from passages: [Passage]) -> [Quote] {
        guard !passages.isEmpty else { return [] }
        let queryStems = Set(FullTextQuery.terms(in: question).map(Self.stem))
        let weights = termWeights(queryStems, passages: passages)

        var candidates: [(quote: Quote, position: Int, score: Double)] = []
        for (index, passage) in passages.enumerated() {
            let rankBonus = 0.25 / Double(index + 1)
            for (position, sentence) in SentenceSplitter.sentences(in: passage.text).enumerated() {
                let stems = Set(FullTextQuery.words(in: sentence).map(Self.stem))
                let matched = stems.intersection(queryStems)
                guard !matched.isEmpty else { continue }
                let score = matched.reduce(0) { $0 + (weights[$1] ?? 0) } + rankBonus
                candidates.append((Quote(text: sentence, passageIndex: index), position, score))
            }
        }
        guard !candidates.isEmpty else {
            // Matched on headings or stems the splitter lost: quote the top passage's opening.
            let opening = SentenceSplitter.sentences(in: passages[0].text).prefix(2).joined(separator: " ")
            return [Quote(text: opening.isEmpty ? passages[0].text : opening, passageIndex: 0)]
        }
        var perPassage: [Int: Int] = [:]
        var chosen: [(quote: Quote, position: Int)] = []
        for candidate in candidates.sorted(by: { $0.score > $1.score }) where chosen.count < maxSentences {
            let used = perPassage[candidate.quote.passageIndex, default: 0]
            guard used < maxSentencesPerPassage else { continue }
            perPassage[candidate.quote.passageIndex] = used + 1
            chosen.append((candidate.quote, candidate.position))
        }
        return chosen.sorted { ($0.quote.passageIndex, $0.position) < ($1.quote.passageIndex, $1.position) }
            .map(\.quote)
    }

    private func termWeights(_ stems: Set<String>, passages: [Passage]) -> [String: Double] {
        let passageStems = passages.map { Set(FullTextQuery.words(in: $0.text).map(Self.stem)) }
        var weights: [String: Double] = [:]
        for stem in stems {
            let containing = passageStems.filter { $0.contains(stem) }.count
            weights[stem] = 1.0 + Double(passages.count - containing) / Double(passages.count)
        }
        return weights
    }

    /// A deliberately crude English stemmer: enough to match "keys"/"key", "rotating"/"rotate".
    static func stem(_ word: String) -> String {
        guard word.count > 4 else { return word.hasSuffix("s") && word.count > 3 ? String(word.dropLast()) : word }
        for suffix in ["ations", "ation", "ings", "ing", "ers", "ies", "es", "ed", "er", "ly", "s", "e"]
        where word.hasSuffix(suffix) && word.count - suffix.count >= 3 {
            return String(word.dropLast(suffix.count))
        }
        return word
    }
}
