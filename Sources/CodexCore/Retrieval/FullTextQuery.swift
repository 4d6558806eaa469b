/// Turns a question as a person types it into a safe FTS5 query.
///
/// Why this exists: FTS5 has its own syntax (`"`, `*`, `NEAR`, `AND`, parentheses, column
/// filters). Passing user text through unchanged produces SQL errors or surprising matches.
/// Every term is reduced to letters and digits, quoted, and OR-ed, so BM25 does the ranking.
public enum FullTextQuery {
    /// The FTS5 MATCH expression for `question`, or nil when it has no searchable word.
    public static func match(for question: String) -> String? {
        let terms = Self.terms(in: question)
        guard !terms.isEmpty else { return nil }
        return terms.map { "\"\($0)\"" }.joined(separator: " OR ")
    }

    /// Lower-cased words of `text` worth searching for, without stop words, in order, unique.
    public static func terms(in text: String) -> [String] {
        var seen = Set<String>()
        var all: [String] = []
        for word in words(in: text) where seen.insert(word).inserted {
            all.append(word)
        }
        let meaningful = all.filter { !StopWords.english.contains($0) }
        // A question made only of stop words ("how do I") still searches for them.
        return meaningful.isEmpty ? all : meaningful
    }

    /// Runs of letters and digits (Unicode-aware), lower-cased; `_` and `-` split words as unicode61 does.
    static func words(in text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { result.append(current.lowercased()) }
        return result
    }
}
