import CodexCore
import Foundation

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

    /// The quotes under a generated answer: the documents' own words, each with its lines.
    static func quotes(_ quotes: [Answer.Quote]) -> String {
        var lines = ["", "From your documents:"]
        for quote in quotes {
            lines.append("— " + displayed(quote.citation))
            lines.append(contentsOf: quote.text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        }
        return lines.joined(separator: "\n")
    }

    /// `path:lines` with the path relative to the working directory when inside it.
    private static func displayed(_ citation: String) -> String {
        let directory = FileManager.default.currentDirectoryPath + "/"
        return citation.hasPrefix(directory) ? String(citation.dropFirst(directory.count)) : citation
    }
}
