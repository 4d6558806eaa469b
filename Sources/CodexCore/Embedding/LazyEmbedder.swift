/// An embedder whose model loads on first use, so commands that end up not needing vectors
/// (a keyword-only collection, an empty store) never pay for loading the weights.
public struct LazyEmbedder: Embedder {
    public let identity: EmbedderIdentity
    private let loader: Loader

    public init(identity: EmbedderIdentity, load: @escaping @Sendable () async throws -> any Embedder) {
        self.identity = identity
        self.loader = Loader(load: load)
    }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]] {
        try await loader.embedder().embed(texts, purpose: purpose)
    }

    private actor Loader {
        private let load: @Sendable () async throws -> any Embedder
        private var loaded: (any Embedder)?

        init(load: @escaping @Sendable () async throws -> any Embedder) {
            self.load = load
        }

        func embedder() async throws -> any Embedder {
            if let loaded { return loaded }
            let embedder = try await load()
            loaded = embedder
            return embedder
        }
    }
}
