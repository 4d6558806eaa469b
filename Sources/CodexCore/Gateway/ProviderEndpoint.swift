/// A configured provider, ready to be probed and asked.
public struct ProviderEndpoint: Sendable {
    public var client: ProviderClient
    /// The model to use when none is asked for (OLLAMA_MODEL, OPENAI_MODEL, the Azure deployment…).
    public var defaultModel: String?

    public init(client: ProviderClient, defaultModel: String? = nil) {
        self.client = client
        self.defaultModel = defaultModel
    }

    public var id: ProviderID { client.id }
    public var kind: ProviderKind { client.provider.kind }

    /// "ollama at http://127.0.0.1:11434": how messages name it.
    public var label: String { "\(id) at \(client.provider.baseURL.absoluteString)" }
}
