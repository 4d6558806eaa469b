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

/// What a provider knows about one model beyond its name (Ollama `/api/show`, the metadata of an
/// OpenAI-compatible server's `/v1/models`, llama.cpp's `/props`).
public struct ModelDetails: Sendable, Hashable, Codable {
    public var id: String
    /// The context window the model was trained for.
    public var contextLength: Int?
    /// The window the server actually runs the model with, per request slot (llama.cpp's `n_ctx`,
    /// vLLM's `max_model_len`); a prompt longer than this is refused.
    public var servedContextLength: Int?
    /// The name the server itself gives the model it serves, when it ignores the requested name
    /// (llama.cpp in single-model mode answers any name with its one model).
    public var servedName: String?
    /// "completion", "tools", "insert", "vision", "embedding", "thinking"; empty when the server does not say.
    public var capabilities: [String]
    public var family: String?
    public var parameterSize: String?

    public init(
        id: String, contextLength: Int? = nil, servedContextLength: Int? = nil, servedName: String? = nil,
        capabilities: [String] = [], family: String? = nil, parameterSize: String? = nil
    ) {
        self.id = id
        self.contextLength = contextLength
        self.servedContextLength = servedContextLength
        self.servedName = servedName
        self.capabilities = capabilities
        self.family = family
        self.parameterSize = parameterSize
    }
}
