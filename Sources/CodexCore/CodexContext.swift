import Foundation
import Logging
import Synchronization

/// The composition root: what one process builds once from the user's settings and store, and
/// where every caller gets its parts — each CLI command, `codex serve` and the tests alike.
///
/// The gateway is made on first use and kept, so its health cache serves a chat's turns and a
/// server's requests, and a command that never asks a model never reads the provider settings.
/// Each collection's search (with its question embedder) is made once, over one cache of vector
/// matrices.
public final class CodexContext: Sendable {
    public let settings: Settings
    public let store: CodexStore
    public let logger: Logger
    /// Vector matrices loaded once per process and shared by every question.
    public let vectors = VectorIndexCache()
    private let madeGateway: Mutex<Gateway?>
    private let madeQuestions = Mutex<[String: DocumentSearch]>([:])

    /// - Parameter gateway: the providers to use; nil makes them from `settings` on first use.
    public init(settings: Settings, store: CodexStore, logger: Logger, gateway: Gateway? = nil) {
        self.settings = settings
        self.store = store
        self.logger = logger
        madeGateway = Mutex(gateway)
    }

    public var memory: any MemoryStore { store.memory }

    /// The gateway over the configured providers, made once.
    ///
    /// - Throws: `CodexError` when the provider settings are invalid.
    public func gateway() throws -> Gateway {
        if let made = madeGateway.withLock({ $0 }) { return made }
        let made = try Gateway.configured(settings: settings, logger: logger)
        return madeGateway.withLock { kept in
            if let kept { return kept }
            kept = made
            return made
        }
    }

    /// The MCP servers of `$CODEX_HOME/mcp.json`, none started yet; the caller shuts them down.
    public func mcpServers() -> MCPServerPool { MCPServerPool.configured(logger: logger) }

    /// The embedder for questions over `collection`; it loads only when a question is embedded.
    public func queryEmbedder(collection: String?) throws -> (any Embedder)? {
        try EmbedderFactory.queryEmbedder(collection: collection, store: store, settings: settings, logger: logger)
    }

    /// Search over `collection` (nil: the default), made once per collection.
    public func questions(collection: String?) throws -> DocumentSearch {
        let key = collection ?? ""
        if let made = madeQuestions.withLock({ $0[key] }) { return made }
        let made = DocumentSearch(store: store, embedder: try queryEmbedder(collection: collection), vectors: vectors)
        madeQuestions.withLock { $0[key] = made }
        return made
    }

    /// Makes `collection`'s search again on next use: its question embedder follows the
    /// collection's vectors, which it may not have had when the search was made.
    public func collectionChanged(_ collection: String) {
        madeQuestions.withLock {
            $0[collection] = nil
            $0[""] = nil
        }
    }

    /// The assistant for a turn over `collection`.
    /// - Parameters:
    ///   - gateway: another gateway to use (nil: this context's).
    ///   - memory: the sessions the turn may reach (nil: every one; a server passes a user's own).
    ///   - viewer: a user of a shared server, whose searches leave out others' private collections.
    public func assistant(
        collection: String? = nil, gateway: Gateway? = nil, memory: (any MemoryStore)? = nil, viewer: Int64? = nil
    ) throws -> Assistant {
        var questions = try questions(collection: collection)
        questions.viewer = viewer
        return Assistant(
            store: store, memory: memory ?? self.memory, gateway: try gateway ?? self.gateway(),
            questions: questions, logger: logger)
    }
}
