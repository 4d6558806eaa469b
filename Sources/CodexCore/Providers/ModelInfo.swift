/// A model a provider offers.
public struct ModelInfo: Sendable, Hashable, Codable {
    /// The name to put in `ChatInput.model`.
    public var id: String
    public var sizeBytes: Int?
    public var family: String?
    /// "13B", "3.2B" (Ollama).
    public var parameterSize: String?
    /// "Q4_0" (Ollama).
    public var quantization: String?
    /// What the server uses it for, when it says (TabbyML: "chat", "completion").
    public var role: String?

    public init(
        id: String, sizeBytes: Int? = nil, family: String? = nil, parameterSize: String? = nil,
        quantization: String? = nil, role: String? = nil
    ) {
        self.id = id
        self.sizeBytes = sizeBytes
        self.family = family
        self.parameterSize = parameterSize
        self.quantization = quantization
        self.role = role
    }
}

/// What a provider knows about one model beyond its name (Ollama `/api/show`).
public struct ModelDetails: Sendable, Hashable, Codable {
    public var id: String
    /// The context window the model was trained for.
    public var contextLength: Int?
    /// "completion", "tools", "insert", "vision", "embedding", "thinking"; empty when the server does not say.
    public var capabilities: [String]
    public var family: String?
    public var parameterSize: String?

    public init(
        id: String, contextLength: Int? = nil, capabilities: [String] = [], family: String? = nil,
        parameterSize: String? = nil
    ) {
        self.id = id
        self.contextLength = contextLength
        self.capabilities = capabilities
        self.family = family
        self.parameterSize = parameterSize
    }
}
