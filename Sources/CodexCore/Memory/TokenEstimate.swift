/// A quick, slightly generous token count for budgeting a model's context window.
///
/// Chat models' tokenizers average about four bytes of English per token; overestimating a
/// little is the safe side, since the server truncates silently when the prompt is too long.
public enum TokenEstimate {
    /// Per-message overhead of chat templates (role markers, separators).
    static let perMessage = 4

    public static func of(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

    public static func of(_ message: ChatMessage) -> Int {
        of(message.content) + message.toolCalls.reduce(0) { $0 + of($1.name) + of($1.arguments) } + perMessage
    }
}
