import Foundation

/// How retrieved passages are shown to a model: numbered, with where they come from, so it can
/// cite them as `[n]`.
public enum PassagePrompt {
    public static let askInstructions = """
        You answer questions about the user's documents. Use only the numbered passages below. \
        After each statement, cite the passage it comes from as [n]. Copy commands, options, \
        settings, names and code exactly as the passages write them; never invent one. If the \
        passages do not contain the answer, say so plainly instead of guessing. Be concise.
        """

    public static let rerankInstructions = """
        You rank passages for a question. Reply with the numbers of the passages that answer the \
        question, most useful first, separated by commas, and nothing else.
        """

    public static let chatInstructions = """
        You are codex, a helpful assistant running on the user's own machine. When numbered \
        passages from the user's documents are given, use them and cite them as [n].
        """

    /// The passages as numbered blocks, as many as fit `tokenBudget`, best first; and how many fit.
    public static func render(_ passages: [Passage], tokenBudget: Int) -> (text: String, count: Int) {
        var blocks: [String] = []
        var used = 0
        for (index, passage) in passages.enumerated() {
            let heading = passage.heading.isEmpty ? "" : " — \(passage.heading)"
            let block = "[\(index + 1)] \(passage.citation)\(heading)\n\(passage.text)"
            let cost = TokenEstimate.of(block) + 2
            guard used + cost <= tokenBudget || blocks.isEmpty else { break }
            blocks.append(block)
            used += cost
        }
        return (blocks.joined(separator: "\n\n"), blocks.count)
    }

    /// The passage numbers a reply cites (`[2]`, `[1][3]`, `[1, 3]`), in order of first mention.
    public static func citedNumbers(in reply: String, upTo count: Int) -> [Int] {
        var seen: [Int] = []
        for match in reply.matches(of: /\[(\d+(?:\s*,\s*\d+)*)\]/) {
            for piece in match.1.split(separator: ",") {
                if let number = Int(piece.trimmingCharacters(in: .whitespaces)), (1...count).contains(number),
                    !seen.contains(number)
                {
                    seen.append(number)
                }
            }
        }
        return seen
    }
}
