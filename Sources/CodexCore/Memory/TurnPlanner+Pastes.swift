/// How pastes are shown to the model and reported to the user.
extension TurnPlanner {
    /// The question, then the chosen parts under their line numbers.
    static func questionWithExcerpts(_ paste: PastedText, _ chosen: [PasteIndex.Entry]) -> String {
        let header =
            "[I pasted \(paste.lineCount) lines (about \(paste.estimatedTokens) tokens) with this question, more than "
            + "fits in your context window. The parts most relevant to the question follow, with their line numbers.]"
        let blocks = chosen.map { "--- \($0.part.lines) ---\n\($0.part.text)" }
        return ([paste.question, header] + blocks).joined(separator: "\n\n")
    }

    /// What each part says, and the request to summarise the whole, fitted to `budget` tokens.
    static func digestRequest(_ paste: PastedText, _ digest: [PartDigest], budget: Int) -> String {
        let header =
            "[I pasted \(paste.lineCount) lines (about \(paste.estimatedTokens) tokens), more than fits in your "
            + "context window. It was read in \(digest.count) parts; here is what each part says.]"
        let request =
            "Summarise the whole pasted text for me: what it is, and its important points (names, numbers, "
            + "errors, times, decisions)."
        var blocks = digest.map { "\(capitalised($0.lines)): \($0.summary)" }
        var text: String { ([header] + blocks + [request]).joined(separator: "\n\n") }
        while blocks.count > 1, TokenEstimate.of(text) > budget { blocks.removeLast() }
        return text
    }

    /// A paste in the history: one line saying what it was, and its question.
    static func stub(_ paste: PastedText, seq: Int) -> String {
        var first = paste.parts.first?.text.split(separator: "\n").first.map(String.init) ?? ""
        if first.count > 100 { first = String(first.prefix(97)) + "…" }
        var text =
            "[pasted text, message \(seq): \(paste.lineCount) lines, about \(paste.estimatedTokens) tokens, "
            + "starting \"\(first)\"; kept in the session, and its lines relevant to a question are quoted]"
        if paste.hasQuestion { text += "\n" + paste.question }
        return text
    }

    static func earlierExcerpts(_ chosen: [PasteIndex.Entry]) -> String {
        "Lines of text the user pasted earlier in this conversation that match the new message:\n\n"
            + chosen.map { "--- message \($0.seq), \($0.part.lines) ---\n\($0.part.text)" }.joined(separator: "\n\n")
    }

    static func excerptNotice(
        _ paste: PastedText, _ chosen: [PasteIndex.Entry], fallback: Bool, window: Int, session: String
    ) -> String {
        let sent = chosen.reduce(0) { $0 + $1.part.tokens }
        let what =
            fallback
            ? "nothing in it matched your question, so its first and last lines were sent"
            : "the \(chosen.count) part\(chosen.count == 1 ? "" : "s") most relevant to your question "
                + (chosen.count == 1 ? "was" : "were") + " sent"
        return "your message (\(paste.lineCount) lines, about \(paste.estimatedTokens) tokens) is longer than the "
            + "model's window (\(window) tokens): \(what) (\(lineRanges(chosen)); about \(sent) tokens); all of it "
            + "is kept in session \(session) (`codex sessions show \(session)`); ask about other lines by number "
            + "(\"what happens at line 120?\")"
    }

    /// "lines 1-40, 120-131": adjacent parts merged.
    static func lineRanges(_ chosen: [PasteIndex.Entry]) -> String {
        var ranges: [ClosedRange<Int>] = []
        for entry in chosen {
            let range = entry.part.startLine...entry.part.endLine
            if let last = ranges.last, range.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                ranges.append(range)
            }
        }
        let text = ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
        return (ranges.count == 1 && ranges[0].count == 1 ? "line " : "lines ") + text.joined(separator: ", ")
    }

    private static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
