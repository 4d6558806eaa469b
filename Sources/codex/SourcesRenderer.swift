import CodexCore

/// The numbered sources under an answer.
enum SourcesRenderer {
    static func text(_ citations: [Answer.CitedPassage]) -> String {
        var lines = ["", "Sources:"]
        for cited in citations {
            let heading = cited.heading.isEmpty ? "" : "  (\(cited.heading))"
            lines.append("[\(cited.number)] \(cited.citation.displayed())\(heading)")
        }
        return lines.joined(separator: "\n")
    }
}
