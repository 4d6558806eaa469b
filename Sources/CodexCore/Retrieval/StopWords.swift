/// Words too common to help BM25 find a passage; dropping them also keeps queries fast.
enum StopWords {
    static let english: Set<String> = [
        "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "could", "do", "does", "did", "for",
        "from", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or",
        "our", "should", "so", "that", "the", "their", "them", "then", "there", "these", "this", "those", "to",
        "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
    ]
}
