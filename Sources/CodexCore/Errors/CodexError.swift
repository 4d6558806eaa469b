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

    public init(kind: Kind, message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
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
