/// Answers without a model: quotes the logical units of the retrieved passages that answer.
///
/// A unit is what a person would quote: a paragraph, a whole procedure, a code block with the
/// sentence that leads into it, a short section entire. Units never start mid-sentence; markup
/// is rendered as plain text (`QuoteBlockParser`, `MarkupRenderer`), code stays code. Units
/// score by the question's terms they hold (rarer terms count more, the section heading counts
/// half), and what shows something to do — code, a setting, a procedure — counts more than
/// prose that only restates the problem; a unit that describes a problem takes the next block
/// along when that block holds the fix. The best unit of the best passages is quoted first;
/// other passages add their best unit when it matches nearly as well.
public struct ExtractiveAnswerer: Sendable {
    public var maxQuotes: Int
    /// Characters of the main quote; each later quote gets half.
    public var budget: Int

    public init(maxQuotes: Int = 3, budget: Int = 1_200) {
        self.maxQuotes = maxQuotes
        self.budget = budget
    }

    /// Quoted text, the passage (index into those given) it came from, and the 1-based file
    /// lines it covers.
    public struct Quote: Sendable, Equatable {
        public var text: String
        public var passageIndex: Int
        public var startLine: Int
        public var endLine: Int
        /// True when the quote ends with a code block (a citation marker then goes on its own line).
        public var endsWithCode: Bool

        public init(text: String, passageIndex: Int, startLine: Int, endLine: Int, endsWithCode: Bool = false) {
            self.text = text
            self.passageIndex = passageIndex
            self.startLine = startLine
            self.endLine = endLine
            self.endsWithCode = endsWithCode
        }
    }

    /// A candidate: consecutive blocks of one passage.
    private struct Unit {
        var passage: Int
        var blocks: [QuoteBlock]
        var score: Double
        /// The section title to show before the quote: set when the unit opens a section whose
        /// title is a name of code (an option, a setting, a function) — the answer itself.
        var title: String?
    }

    /// The quotes that answer `question`, best first; never empty when `passages` is not.
    public func quotes(for question: String, from passages: [Passage]) -> [Quote] {
        guard !passages.isEmpty else { return [] }
        let queryStems = Set(FullTextQuery.terms(in: question).map(Self.stem))
        let weights = termWeights(queryStems, passages: passages)
        let asksHow = Self.asksHow(question)
        var best: [Unit] = []
        for (index, passage) in passages.enumerated() {
            let prior = 1 - 0.08 * Double(min(index, 6))
            var candidates: [(blocks: [QuoteBlock], heading: Set<String>, title: String?)] = []
            for section in Self.sections(Self.blocks(of: passage), heading: passage.heading) {
                let title = section.title.flatMap { Self.isCodeLike($0) ? $0 : nil }
                for position in section.blocks.indices {
                    let unit = extend(section.blocks, at: position)
                    candidates.append((unit, section.headingStems, unit.first == section.blocks.first ? title : nil))
                }
                let whole = section.blocks.reduce(0) { $0 + $1.text.count }
                if section.blocks.count > 1, whole <= budget * 3 / 4 {
                    candidates.append((section.blocks, section.headingStems, title))
                }
            }
            let scored = candidates.map { candidate -> Unit in
                let blocks = candidate.blocks
                var unitStems = Set<String>()
                for block in blocks { unitStems.formUnion(Self.stems(block.text)) }
                var value = unitStems.intersection(queryStems).reduce(0) { $0 + (weights[$1] ?? 0) }
                value += candidate.heading.subtracting(unitStems).intersection(queryStems).reduce(0) { $0 + (weights[$1] ?? 0) } * 0.5
                if blocks.contains(where: \.showsCode) { value *= 1.25 }
                if asksHow, blocks.contains(where: { $0.kind == .list }) { value *= 1.15 }
                // A unit made of one short fragment ("See also:") rarely answers on its own.
                if blocks.count == 1, blocks[0].kind == .prose, blocks[0].text.count < 40 { value *= 0.5 }
                return Unit(passage: index, blocks: blocks, score: value * prior, title: candidate.title)
            }
            if let top = scored.max(by: { $0.score < $1.score }) { best.append(top) }
        }
        guard let main = best.max(by: { $0.score < $1.score }), main.score > 0 else {
            return [opening(passages)]
        }
        var quotes = [quote(main, passages: passages, budget: budget)]
        // The best passage's own best unit comes along when it is not far behind, so the answer
        // opens with the file retrieval ranked first; the other quotes follow in ranked order.
        let others = best.filter { $0.passage != main.passage }.sorted { $0.score > $1.score }
        let leading = others.filter { $0.passage == 0 && $0.score >= main.score * 0.35 }
        let rest = others.filter { !($0.passage == 0 && $0.score >= main.score * 0.35) }
        // That quote is extra: it does not take the place of one that matched better.
        let limit = maxQuotes + (leading.contains { $0.score < main.score * 0.55 } ? 1 : 0)
        for unit in leading + rest where quotes.count < limit {
            let wanted = unit.passage == 0 && unit.score >= main.score * 0.35 || unit.score >= main.score * 0.55
            guard wanted else { continue }
            let candidate = quote(unit, passages: passages, budget: budget / 2)
            // Overlapping chunks of one file can offer the same lines twice.
            let repeated = quotes.contains {
                passages[$0.passageIndex].path == passages[unit.passage].path && $0.startLine <= candidate.endLine
                    && candidate.startLine <= $0.endLine
            }
            if !repeated { quotes.append(candidate) }
        }
        return quotes.sorted { $0.passageIndex < $1.passageIndex }
    }

    /// A title that names code: `--line-length`, ``ALLOWED_HOSTS``, `cache_page()`.
    static func isCodeLike(_ title: String) -> Bool {
        title.contains("`") || title.hasPrefix("-") || title.contains("()")
            || (!title.contains(" ") && (title.contains("_") || title.contains(".")))
            || (title.count > 2 && title.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" })
    }

    /// The runs of blocks between headings, each with the stems of the heading above it (the
    /// passage's heading path for the first): a quote never runs across a heading.
    static func sections(_ blocks: [QuoteBlock], heading: String)
        -> [(blocks: [QuoteBlock], headingStems: Set<String>, title: String?)]
    {
        var sections: [(blocks: [QuoteBlock], headingStems: Set<String>, title: String?)] = []
        var context = stems(heading)
        var title = heading.components(separatedBy: " > ").last.map { MarkupRenderer.inline($0) }
        var current: [QuoteBlock] = []
        for block in blocks {
            if block.kind == .heading {
                if !current.isEmpty { sections.append((current, context, title)) }
                current = []
                context = stems(heading).union(stems(block.text))
                title = block.text
            } else {
                current.append(block)
            }
        }
        if !current.isEmpty { sections.append((current, context, title)) }
        return sections
    }

    /// The unit anchored at `content[index]`: a code block, list or table takes the lead-in
    /// before it; a lead-in, signature or problem statement takes what follows.
    private func extend(_ content: [QuoteBlock], at index: Int) -> [QuoteBlock] {
        var first = index
        let anchor = content[index]
        if anchor.kind == .code || anchor.kind == .table || anchor.kind == .list, index > 0,
            content[index - 1].leadsIn || content[index - 1].kind == .signature
        {
            first = index - 1
        }
        var unit = Array(content[first...index])
        var length = unit.reduce(0) { $0 + $1.text.count }
        var next = index + 1
        var tookFix = false
        while next < content.count, length < budget {
            let last = unit[unit.count - 1]
            let candidate = content[next]
            let fix = !tookFix && !unit.contains(where: \.showsCode) && candidate.showsCode
            guard last.leadsIn || last.kind == .signature || fix else { break }
            tookFix = tookFix || fix
            unit.append(candidate)
            length += candidate.text.count
            next += 1
        }
        return unit
    }

    private func quote(_ unit: Unit, passages: [Passage], budget: Int) -> Quote {
        let passage = passages[unit.passage]
        var pieces: [String] = []
        var used = 0
        var lastLine = unit.blocks[0].firstLine
        var endsWithCode = false
        for block in unit.blocks {
            let room = budget - used
            if room < 80 && !pieces.isEmpty { break }
            let text = Self.trimmed(block, to: max(room, 160))
            pieces.append(text)
            used += text.count
            lastLine = block.lastLine
            endsWithCode = block.kind == .code
        }
        let lineCount = passage.endLine - passage.startLine
        if let title = unit.title, !pieces.isEmpty {
            pieces[0] = title + (unit.blocks[0].kind == .prose ? ": " : ":\n") + pieces[0]
        }
        return Quote(
            text: pieces.joined(separator: "\n"), passageIndex: unit.passage,
            startLine: passage.startLine + min(unit.blocks[0].firstLine, lineCount),
            endLine: passage.startLine + min(lastLine, lineCount), endsWithCode: endsWithCode)
    }

    /// A block cut to about `limit` characters: prose at a sentence end, code at a line end.
    static func trimmed(_ block: QuoteBlock, to limit: Int) -> String {
        let text = block.quoted
        guard text.count > limit else { return text }
        if block.kind == .code || block.kind == .list || block.kind == .table {
            var kept: [Substring] = []
            var count = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if count + line.count > limit && !kept.isEmpty { break }
                kept.append(line)
                count += line.count + 1
            }
            return kept.joined(separator: "\n") + (block.kind == .code ? "\n    …" : "\n…")
        }
        let prefix = text.prefix(limit)
        let ends = prefix.indices.filter { i in
            ".!?".contains(prefix[i]) && (prefix.index(after: i) == prefix.endIndex || prefix[prefix.index(after: i)] == " ")
        }
        if let end = ends.last, prefix.distance(from: prefix.startIndex, to: end) > limit / 3 {
            return String(prefix[...end]) + " …"
        }
        return String(prefix[..<(prefix.lastIndex(of: " ") ?? prefix.endIndex)]) + " …"
    }

    /// Matched on headings or stems only: the top passage's first unit.
    private func opening(_ passages: [Passage]) -> Quote {
        let passage = passages[0]
        guard let content = Self.sections(Self.blocks(of: passage), heading: "").first?.blocks else {
            return Quote(text: passage.text, passageIndex: 0, startLine: passage.startLine, endLine: passage.endLine)
        }
        return quote(Unit(passage: 0, blocks: extend(content, at: 0), score: 0), passages: passages, budget: budget / 2)
    }

    private func termWeights(_ stems: Set<String>, passages: [Passage]) -> [String: Double] {
        let passageStems = passages.map { Self.stems($0.text + " " + $0.heading) }
        var weights: [String: Double] = [:]
        for stem in stems {
            let containing = passageStems.filter { $0.contains(stem) }.count
            weights[stem] = 1.0 + Double(passages.count - containing) / Double(passages.count)
        }
        return weights
    }

    static func blocks(of passage: Passage) -> [QuoteBlock] {
        QuoteBlockParser.blocks(
            in: passage.text, layout: .forPath(passage.path), headingPath: passage.heading, cut: passage.startLine > 1)
    }

    static func asksHow(_ question: String) -> Bool {
        let lower = question.lowercased().trimmingCharacters(in: .whitespaces)
        return ["how", "what command", "which command", "steps", "set up", "setup", "install", "configure"]
            .contains { lower.hasPrefix($0) }
    }

    static func stems(_ text: String) -> Set<String> { Set(FullTextQuery.words(in: text).map(stem)) }

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
