import Foundation

/// Which embedder a collection uses, as written on the command line:
/// `builtin`, `ollama:MODEL`, `openai-compatible:MODEL`, or `none`.
public enum EmbedderSpec: Sendable, Equatable, CustomStringConvertible {
    case builtin
    case ollama(model: String)
    case openAICompatible(model: String)
    case none

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "builtin", "built-in", "": self = .builtin
        case "none", "off": self = .none
        default:
            if let model = Self.model(after: "ollama:", in: trimmed) {
                self = .ollama(model: model)
            } else if let model = Self.model(after: "openai-compatible:", in: trimmed) {
                self = .openAICompatible(model: model)
            } else {
                throw CodexError.invalidInput(
                    "unknown embedder \"\(text)\"",
                    hint: "use builtin, ollama:MODEL, openai-compatible:MODEL or none")
            }
        }
    }

    public var description: String {
        switch self {
        case .builtin: "builtin"
        case .ollama(let model): "ollama:\(model)"
        case .openAICompatible(let model): "openai-compatible:\(model)"
        case .none: "none"
        }
    }

    private static func model(after prefix: String, in text: String) -> String? {
        guard text.lowercased().hasPrefix(prefix), text.count > prefix.count else { return nil }
        return String(text.dropFirst(prefix.count))
    }
}
