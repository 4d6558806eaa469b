import Logging

/// Turns an `--embedder` choice into an embedder.
public enum EmbedderFactory {
    /// The embedder `spec` names; nil for `none`.
    public static func make(_ spec: EmbedderSpec, settings: Settings, logger: Logger) async throws -> (any Embedder)? {
        switch spec {
        case .none:
            return nil
        case .builtin:
            // Load now, so a missing model is reported before any work starts.
            _ = try await BuiltinEmbedderFactory.shared.embed(["warm up"], purpose: .query)
            return BuiltinEmbedderFactory.shared
        case .ollama(let model):
            var ollamaOnly = settings
            ollamaOnly.override(.provider, with: ProviderChoice.ollama.rawValue)
            return try await connect(settings: ollamaOnly, model: model, logger: logger)
        case .openAICompatible(let model):
            var compatibleOnly = settings
            compatibleOnly.override(.provider, with: ProviderChoice.openAICompatible.rawValue)
            return try await connect(settings: compatibleOnly, model: model, logger: logger)
        }
    }

    /// The embedder that made a collection's vectors, to embed questions the same way; it
    /// connects (or loads) only when a question is actually embedded.
    public static func forQueries(_ identity: EmbedderIdentity, settings: Settings, logger: Logger) -> (any Embedder)? {
        if identity == BuiltinEmbedderFactory.identity { return BuiltinEmbedderFactory.shared }
        guard let spec = try? EmbedderSpec(parsing: identity.name), spec != .builtin, spec != .none else { return nil }
        return CachedEmbedder(
            LazyEmbedder(identity: identity) {
                guard let embedder = try await make(spec, settings: settings, logger: logger) else {
                    throw CodexError.internal("no embedder for \(identity.name)")
                }
                return embedder
            })
    }

    /// The embedder for questions about `collection` (or every collection): the one that made
    /// its vectors, the built-in one when several are in play, nil when nothing has vectors.
    public static func queryEmbedder(
        collection: String?, store: CodexStore, settings: Settings, logger: Logger
    ) throws -> (any Embedder)? {
        let collection = SearchScope(collection: collection).collection
        let identities = try store.collections.embedders(of: collection)
        let identity = identities.contains(BuiltinEmbedderFactory.identity)
            ? BuiltinEmbedderFactory.identity : identities.first
        return identity.flatMap { forQueries($0, settings: settings, logger: logger) }
    }

    private static func connect(settings: Settings, model: String, logger: Logger) async throws -> any Embedder {
        let gateway = try Gateway.configured(settings: settings, logger: logger)
        let (up, down) = await gateway.reachable()
        guard let endpoint = up.first else { throw CodexError.noProviderReachable(tried: down) }
        return try await ProviderEmbedder.connect(client: endpoint.client, model: model)
    }
}
