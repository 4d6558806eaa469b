import CodexCore

/// The terminal form of an answer: the text, then its numbered sources.
enum AnswerRenderer {
    static func text(_ answer: Answer) -> String {
        var lines = [answer.answer]
        if !answer.citations.isEmpty {
            lines.append("")
            lines.append("Sources:")
            for (index, cited) in answer.citations.enumerated() {
                let heading = cited.heading.isEmpty ? "" : "  (\(cited.heading))"
                lines.append("[\(index + 1)] \(cited.citation.displayed())\(heading)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
