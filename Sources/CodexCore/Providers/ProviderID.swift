/// Names a provider in configuration, logs and messages: "ollama", "tabbyml", "openai-compatible", "openai", "azure".
public struct ProviderID: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    public static let ollama: ProviderID = "ollama"
    public static let tabby: ProviderID = "tabbyml"
    public static let openAICompatible: ProviderID = "openai-compatible"
    public static let openAI: ProviderID = "openai"
    public static let azure: ProviderID = "azure"
}

/// Where a provider runs: on this machine, or in the cloud (allowed only when the user opted in).
public enum ProviderKind: String, Sendable, Codable {
    case local
    case cloud
}

/// How a provider frames a streamed chat body.
public enum StreamFraming: Sendable {
    /// One JSON object per line; a `"done": true` object ends the reply (Ollama native).
    case ndjson
    /// Server-sent events; `data: [DONE]` or (TabbyML) the end of the body after a finish reason ends the reply.
    case sse
}
