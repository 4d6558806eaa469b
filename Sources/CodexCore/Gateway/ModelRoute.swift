/// The provider and model chosen to answer, with the context window to plan for.
public struct ModelRoute: Sendable {
    public var endpoint: ProviderEndpoint
    /// The name sent in requests.
    public var model: String
    /// The window codex plans the prompt for (and asks Ollama for, as `num_ctx`), in tokens.
    public var contextLength: Int
    /// Where `contextLength` comes from, for messages ("2,048 tokens, from the server").
    public var windowSource: WindowSource
    /// Whether the provider takes `num_ctx` per request (Ollama's native API).
    public var setsContextLength: Bool
    /// The name the server gives the model it actually serves, when it differs from `model`
    /// (llama.cpp ignores the requested name); replies are recorded under it.
    public var servedModel: String?
    /// How many real tokens one estimated token turned out to be, when a server refused a prompt
    /// and said its own count (1 until then). Prompts are planned in estimated tokens.
    public var estimateScale: Double = 1

    public init(
        endpoint: ProviderEndpoint, model: String, contextLength: Int, windowSource: WindowSource = .default,
        setsContextLength: Bool, servedModel: String? = nil
    ) {
        self.endpoint = endpoint
        self.model = model
        self.contextLength = contextLength
        self.windowSource = windowSource
        self.setsContextLength = setsContextLength
        self.servedModel = servedModel
    }

    public var provider: ProviderID { endpoint.id }
    /// The model's name as replies record it.
    public var modelName: String { servedModel ?? model }
    /// The window in estimated tokens: what a prompt planned with `TokenEstimate` may fill.
    public var planningWindow: Int { Int(Double(contextLength) / max(1, estimateScale)) }

    /// Where a route's window comes from.
    public enum WindowSource: String, Sendable, Codable {
        /// The server runs the model with it (llama.cpp `n_ctx`, vLLM `max_model_len`).
        case server
        /// `CODEX_CONTEXT_LENGTH` / `context_length`.
        case configured
        /// The model's trained length (Ollama `/api/show`), capped by codex's default.
        case model
        /// Nothing said: codex's default.
        case `default`
        /// A server refused a prompt and said its real window.
        case refusal
    }
}

/// What a gateway stream yields: where the answer comes from, then the model's events.
public enum GatewayEvent: Sendable {
    /// The provider and model that took the request.
    case routed(provider: ProviderID, model: String)
    /// A provider failed before its first token; the next one is tried.
    case fellBack(from: ProviderID, reason: String)
    case chat(ChatEvent)
}
