import CodexCore
import Foundation
import Logging

/// What a command needs, built from its options and the layered settings.
struct CodexRuntime {
    let settings: Settings
    let store: CodexStore
    let logger: Logger
    /// Vector matrices loaded once per process and shared by every question (a chat's turns).
    let vectors = VectorIndexCache()

    init(_ global: GlobalOptions, flags: [SettingKey: String] = [:]) throws {
        settings = try SettingsLoader().load(flags: flags)
        store = try global.openStore()
        var logger = Logger(label: "codex")
        logger.logLevel = ProcessInfo.processInfo.environment["CODEX_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        self.logger = logger
    }

    func gateway() throws -> Gateway { try Gateway.configured(settings: settings, logger: logger) }

    /// The MCP servers of `$CODEX_HOME/mcp.json`, none started yet; the caller shuts it down.
    func mcpServers() -> MCPServerPool { MCPServerPool.configured(logger: logger) }

    /// The embedder for questions; it loads only when a question is embedded.
    func queryEmbedder(collection: String?) throws -> (any Embedder)? {
        try EmbedderFactory.queryEmbedder(collection: collection, store: store, settings: settings, logger: logger)
    }

    func questions(collection: String?) throws -> DocumentQuestions {
        DocumentQuestions(store: store, embedder: try queryEmbedder(collection: collection), vectors: vectors)
    }

    /// - Parameter gateway: reuse one across turns (its health cache); nil builds one from the settings.
    func assistant(collection: String? = nil, gateway: Gateway? = nil) throws -> Assistant {
        Assistant(
            store: store, memory: store.memory, gateway: try gateway ?? self.gateway(),
            questions: try questions(collection: collection), logger: logger)
    }
}
