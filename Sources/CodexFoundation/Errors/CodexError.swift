/// The one error type codex shows to people: what happened, in their terms, and what to do next.
///
/// Shaped like async-http-client's `HTTPClientError`: a struct with static constructors, so adding
/// a new failure breaks no `switch`. Messages never contain secrets, prompts or document text.
public struct CodexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Broad families of failure; the server maps them to HTTP statuses, the CLI to exit codes.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case invalidInput = "invalid_input"
        case notFound = "not_found"
        case store
        case ingest
        case io
        case model
        case provider
        case network
        case egress
        case bundle
        case config
        case tool
        case unsupported
        case cancelled
        case `internal`
    }

    public var kind: Kind
    public var message: String
    public var hint: String?
    /// Set when a model server refused a prompt as longer than its window, with what it counted,
    /// so the gateway can plan again with the server's own numbers.
    public var contextOverflow: ContextOverflow?

    public init(kind: Kind, message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// A server's own count of a prompt it refused as too long, and its window; either may be unknown.
    public struct ContextOverflow: Sendable, Equatable {
        public var promptTokens: Int?
        public var contextLength: Int?
        /// What codex estimated for the same prompt (`TokenEstimate`), set by the client that sent it.
        public var estimatedTokens: Int?

        public init(promptTokens: Int?, contextLength: Int?, estimatedTokens: Int? = nil) {
            self.promptTokens = promptTokens
            self.contextLength = contextLength
            self.estimatedTokens = estimatedTokens
        }
    }

    public var description: String {
        if let hint { return "\(message) (hint: \(hint))" }
        return message
    }
}

extension CodexError {
    public static func invalidInput(_ message: String, hint: String? = nil) -> CodexError {
        CodexError(kind: .invalidInput, message: message, hint: hint)
    }

    public static func notFound(_ message: String, hint: String? = nil) -> CodexError {
        CodexError(kind: .notFound, message: message, hint: hint)
    }

    public static func io(_ message: String, hint: String? = nil) -> CodexError {
        CodexError(kind: .io, message: message, hint: hint)
    }

    public static func `internal`(_ message: String) -> CodexError {
        CodexError(
            kind: .internal, message: message,
            hint: "this is a bug in codex; please report it with the command you ran")
    }

    public static let cancelled = CodexError(kind: .cancelled, message: "cancelled")

    public static func emptyQuestion() -> CodexError {
        .invalidInput("the question is empty", hint: "ask something, e.g. codex ask \"how do I install it?\"")
    }
}
