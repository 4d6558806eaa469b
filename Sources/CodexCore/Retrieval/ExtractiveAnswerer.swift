/// Answers without a model: quotes what in the retrieved passages best matches the question.
///
/// From the best passage it quotes the best-matching unit together with the rest of its block,
/// so a procedure comes out whole ("1. … 2. … 3. …"); from the next passages, their best
/// sentence when it matches nearly as well. Units score by the question terms they contain,
/// rarer terms counting more (a term in every passage says little), with a crude stem so
/// "rotating" matches "rotate".
public struct ExtractiveAnswerer: Sendable {
    public var maxQuotes: Int
    /// Units quoted from the best passage's best block.
    public var maxBlockUnits: Int

    public init(maxQuotes: Int = 3, maxBlockUnits: Int = 8) {
        self.maxQuotes = maxQuotes
        self.maxBlockUnits = maxBlockUnits
    }

    /// Quoted text and the index (into the passages given) of the passage it came from.
    public struct Quote: Sendable, Equatable {
        public var text: String
        public var passageIndex: Int
    }

    /// The quotes that answer `question`, best passage first; never empty when `passages` is not.
    public func quotes(for question: String, from passages: [Passage]) -> [Quote] {
        guard !passages.isEmpty else { return [] }
        let queryStems = Set(FullTextQuery.terms(in: question).map(Self.stem))
        let weights = termWeights(queryStems, passages: passages)
        func score(_ unit: SentenceSplitter.Unit) -> Double {
            let stems = Set(FullTextQuery.words(in: unit.text).map(Self.stem))
            let matched = stems.intersection(queryStems).reduce(0) { $0 + (weights[$1] ?? 0) }
            // Very short units (labels, fragments) rarely answer anything on their own.
            return stems.count < 4 && unit.kind != .code ? matched * 0.5 : matched
        }

        // The main quote: the best block among the first passages. For "how" questions a list
        // (a procedure) counts more than a sentence that merely repeats the question's words.
        let asksHow = question.lowercased().trimmingCharacters(in: .whitespaces).hasPrefix("how")
        let passageUnits = passages.map { SentenceSplitter.units(in: $0.text) }
        var main: (passage: Int, unit: Int, score: Double)?
        for (index, units) in passageUnits.enumerated().prefix(3) {
            let headingStems = Set(FullTextQuery.words(in: passages[index].heading).map(Self.stem))
            for (position, unit) in units.enumerated() {
                var value = score(unit)
                if asksHow, unit.kind == .listItem {
                    // A procedure answers "how" as a whole: count every question term its steps
                    // and its section heading mention, not just one step's.
                    let stems = units.filter { $0.block == unit.block }
                        .reduce(into: headingStems) { $0.formUnion(FullTextQuery.words(in: $1.text).map(Self.stem)) }
                    value = stems.intersection(queryStems).reduce(0) { $0 + (weights[$1] ?? 0) } * 1.5
                }
                value *= 1 - 0.1 * Double(index)
                if value > (main?.score ?? 0) { main = (index, position, value) }
            }
        }
        var quotes: [Quote] = []
        if let main {
            let units = passageUnits[main.passage]
            let best = units[main.unit]
            let blockUnits = units.filter { $0.block == best.block }
            // A list or code block from its start; prose from the best sentence on.
            let startAt = best.kind == .prose ? blockUnits.firstIndex(of: best) ?? 0 : 0
            quotes.append(Quote(text: Self.join(Array(blockUnits[startAt...].prefix(maxBlockUnits))), passageIndex: main.passage))
            let bestScore = score(best)
            for (index, units) in passageUnits.enumerated() where index != main.passage && quotes.count < maxQuotes {
                guard let top = units.max(by: { score($0) < score($1) }), score(top) >= bestScore * 0.6 else { continue }
                quotes.append(Quote(text: top.text, passageIndex: index))
            }
        }
        if quotes.isEmpty {
            // Matched on headings or stems the splitter lost: quote the top passage's opening.
            let opening = SentenceSplitter.sentences(in: passages[0].text).prefix(2).joined(separator: " ")
            return [Quote(text: opening.isEmpty ? passages[0].text : opening, passageIndex: 0)]
        }
        return quotes
    }

    /// List items as numbered lines, code as indented lines, prose as running text.
    private static func join(_ units: [SentenceSplitter.Unit]) -> String {
        switch units.first?.kind {
        case .listItem: units.enumerated().map { "\($0.offset + 1). \($0.element.text)" }.joined(separator: "\n")
        case .code: units.map { "    " + $0.text }.joined(separator: "\n")
        default: units.map(\.text).joined(separator: " ")
        }
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
