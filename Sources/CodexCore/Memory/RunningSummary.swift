import Foundation

/// What a session keeps of the turns that no longer fit the model's window: the facts the user
/// stated, word for word, and a prose summary written by the model.
///
/// Why two parts: a small model paraphrasing a conversation loses names and numbers (SmolLM2-135M
/// turned "My name is Ada" plus three pasted logs into "a long log line about disk usage"); the
/// pinned facts are extracted without a model (`FactExtractor`) and never rewritten, so they
/// survive any number of folds. Stored in the session's one `summary` column, so bundles and
/// older stores carry it unchanged; a summary without the facts heading is all prose.
public struct RunningSummary: Sendable, Equatable {
    /// The user's own sentences, oldest first.
    public var facts: [String]
    public var prose: String

    static let factsHeading = "Facts the user stated (their own words):"
    static let proseHeading = "Summary:"
    static let promptProseHeading = "Summary of the earlier conversation:\n"
    static let promptFactsHeading =
        "What the user told you earlier, in their own words (trust these over the summary):\n"

    public init(facts: [String] = [], prose: String = "") {
        self.facts = facts
        self.prose = prose
    }

    /// Reads what `text` wrote.
    public init(stored: String) {
        guard stored.hasPrefix(Self.factsHeading) else {
            self.init(prose: stored)
            return
        }
        var facts: [String] = []
        var proseLines: [Substring] = []
        var inProse = false
        for line in stored.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            if inProse {
                proseLines.append(line)
            } else if line == Self.proseHeading {
                inProse = true
            } else if line.hasPrefix("- ") {
                facts.append(String(line.dropFirst(2)))
            }
        }
        let prose = proseLines.joined(separator: "\n")
        self.init(facts: facts, prose: prose.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public var isEmpty: Bool { facts.isEmpty && prose.isEmpty }

    /// The stored form.
    public var text: String {
        guard !facts.isEmpty else { return prose }
        var lines: [String] = [Self.factsHeading]
        for fact in facts { lines.append("- " + fact) }
        if !prose.isEmpty {
            lines.append(Self.proseHeading)
            lines.append(prose)
        }
        return lines.joined(separator: "\n")
    }

    /// How the model is shown it: the prose first, then the user's own words, which a model
    /// reading the two should trust over the paraphrase.
    public var promptText: String {
        var blocks: [String] = []
        if !prose.isEmpty { blocks.append(Self.promptProseHeading + prose) }
        if !facts.isEmpty {
            let list: String = facts.map { "- " + $0 }.joined(separator: "\n")
            blocks.append(Self.promptFactsHeading + list)
        }
        return blocks.joined(separator: "\n\n")
    }

    /// Adds facts not already pinned (compared without case and surrounding space).
    public mutating func pin(_ new: [String]) {
        var seen = Set(facts.map(Self.key))
        for fact in new where seen.insert(Self.key(fact)).inserted {
            facts.append(fact)
        }
    }

    /// The summary cut to `tokenBudget`: the prose is shortened first (it is the model's
    /// paraphrase), then the oldest facts go, so the newest statements (corrections included)
    /// are kept longest.
    public func fitted(to tokenBudget: Int) -> RunningSummary {
        var fitted = self
        guard TokenEstimate.of(fitted.promptText) > tokenBudget else { return fitted }
        let factsCost: Int = TokenEstimate.of(RunningSummary(facts: facts).promptText)
        let headingCost: Int = TokenEstimate.of(Self.promptProseHeading)
        let proseRoom: Int = tokenBudget - factsCost - headingCost - 8
        fitted.prose = proseRoom > 24 ? TokenEstimate.prefix(of: prose, fitting: proseRoom) : ""
        if TokenEstimate.of(fitted.promptText) > tokenBudget { fitted.prose = "" }
        while !fitted.facts.isEmpty, TokenEstimate.of(fitted.promptText) > tokenBudget {
            fitted.facts.removeFirst()
        }
        return fitted
    }

    private static func key(_ fact: String) -> String {
        fact.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
