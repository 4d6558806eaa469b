/// The provider and model chosen to answer, with the context window to plan for.
public struct ModelRoute: Sendable {
    public var endpoint: ProviderEndpoint
    public var model: String
    /// The window codex plans the prompt for (and asks Ollama for, as `num_ctx`).
    public var contextLength: Int
    /// Whether the provider takes `num_ctx` per request (Ollama's native API).
    public var setsContextLength: Bool

    public var provider: ProviderID { endpoint.id }
}

/// What a gateway stream yields: where the answer comes from, then the model's events.
public enum GatewayEvent: Sendable {
    /// The provider and model that took the request.
    case routed(provider: ProviderID, model: String)
    /// A provider failed before its first token; the next one is tried.
    case fellBack(from: ProviderID, reason: String)
    case chat(ChatEvent)
}
