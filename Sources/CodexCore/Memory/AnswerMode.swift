/// How an answer was made, as `Answer` reports it and a stored reply records it.
public enum AnswerMode: String, Sendable, Codable {
    /// Sentences quoted from the documents; no model involved.
    case extractive
    /// Written by a language model from the retrieved passages.
    case generated
}
