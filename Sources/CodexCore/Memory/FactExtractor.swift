import Foundation

/// Finds the sentences of a user's message that state something to remember — a name, a number,
/// a decision, a preference — so they can be pinned verbatim in the running summary.
///
/// Rules, not a model: a model small enough to run on a laptop paraphrases and drops exactly these
/// details, and a rule can be tested. A sentence is kept when it is not a question and either asks
/// to be remembered ("remember", "note that", "call me"), records a decision or preference
/// ("we decided", "I prefer", "let's use"), or is a first-person statement ("my name is…",
/// "I live in…", "our budget is…") or a statement with a specific value (a number, an identifier
/// such as `kestrel-7`, a name in capitals). Pleasantries ("thanks, that helps") are not kept.
/// Over-keeping costs a few tokens; losing a fact costs the user's trust.
public enum FactExtractor {
    /// Longest sentence pinned; longer ones are rarely a single fact and would crowd the window.
    static let maxLength = 300

    public static func facts(in message: String) -> [String] {
        sentences(in: message).filter(isFact)
    }

    static func isFact(_ sentence: String) -> Bool {
        guard sentence.count >= 6, sentence.count <= maxLength, !sentence.hasSuffix("?") else { return false }
        let words = Self.words(sentence)
        guard words.count >= 3 else { return false }
        let lowered = Set(words.map { $0.lowercased() })
        let text = " " + words.joined(separator: " ").lowercased() + " "
        if Self.memoryCues.contains(where: text.contains) { return true }
        if Self.decisionCues.contains(where: text.contains) { return true }
        let firstPerson = !lowered.isDisjoint(with: Self.firstPerson) || words.contains("I")
        let states = !lowered.isDisjoint(with: Self.statingVerbs)
        let specific = hasSpecificValue(words)
        return (firstPerson && (states || specific)) || (specific && states)
    }

    /// A number, an identifier mixing letters with digits or dashes, or a capitalised word that
    /// does not start the sentence (a name).
    static func hasSpecificValue(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() {
            if word.contains(where: \.isNumber) { return true }
            if word.contains("-") && word.count > 2 { return true }
            if index > 0, word != "I", let first = word.first, first.isUppercase { return true }
        }
        return false
    }

    /// Sentences split at `.`, `!` or `?` followed by a space or the end, and at line breaks.
    static func sentences(in text: String) -> [String] {
        var result: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            var current = ""
            let characters = Array(line)
            for (index, character) in characters.enumerated() {
                current.append(character)
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if ".!?".contains(character), next == " " {
                    append(current, to: &result)
                    current = ""
                }
            }
            append(current, to: &result)
        }
        return result
    }

    private static func append(_ sentence: String, to result: inout [String]) {
        var trimmed = sentence.trimmingCharacters(in: .whitespaces)
        // List markers are layout, not part of the statement.
        for marker in ["- ", "* ", "• "] where trimmed.hasPrefix(marker) { trimmed.removeFirst(marker.count) }
        if !trimmed.isEmpty { result.append(trimmed) }
    }

    private static func words(_ sentence: String) -> [String] {
        sentence.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'" || $0 == "’" || $0 == "_") }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "-'’")) }
            .filter { !$0.isEmpty }
    }

    private static let memoryCues = [
        " remember ", " note that ", " keep in mind ", " don't forget ", " do not forget ", " for the record ",
        " call me ", " my name is ", " i'm called ", " i am called ", " is called ", " is named ",
    ]
    private static let decisionCues = [
        " we decided ", " i decided ", " decided to ", " we agreed ", " the decision ", " we chose ", " i chose ",
        " i prefer ", " we prefer ", " i'd prefer ", " i would prefer ", " i like ", " i love ", " i hate ",
        " i don't like ", " let's use ", " we'll use ", " we will use ", " we use ", " i use ", " going with ",
        " deadline ", " budget ",
    ]
    private static let firstPerson: Set<String> = [
        "my", "our", "i'm", "i've", "i'll", "i'd", "we", "we're", "we've", "we'll", "mine", "ours",
    ]
    private static let statingVerbs: Set<String> = [
        "is", "are", "was", "were", "am", "be", "will", "has", "have", "had", "live", "lives", "work", "works",
        "use", "uses", "need", "needs", "want", "wants", "own", "runs", "run", "starts", "ends", "costs", "born",
        "moved", "called", "named", "due", "i'm", "we're",
    ]
}
