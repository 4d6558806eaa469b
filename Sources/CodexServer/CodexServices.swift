import CodexCore
import Foundation
import Logging

/// What the routes delegate to; built once by `codex serve` (or a test) and shared by every request.
public struct CodexServices: Sendable {
    public let store: CodexStore
    public let memory: any MemoryStore
    public let gateway: Gateway
    public let logger: Logger
    /// The user's settings (flags, environment, .env, config.toml): tools and their limits follow them.
    public let settings: Settings
    /// The assistant for a turn, with document retrieval over `collection` (nil: the default).
    public let assistant: @Sendable (_ collection: String?) throws -> Assistant
    /// Computes vectors for a collection after an upload (returns how many); nil keeps uploads
    /// keyword-searchable only, as in tests.
    public let embed: (@Sendable (_ collection: String) async throws -> Int)?
    /// The MCP servers whose tools POST /chat may offer; started on first use, kept running.
    public let mcp: MCPServerPool?

    public init(
        store: CodexStore, gateway: Gateway, logger: Logger, settings: Settings = Settings(),
        assistant: (@Sendable (_ collection: String?) throws -> Assistant)? = nil,
        embed: (@Sendable (_ collection: String) async throws -> Int)? = nil, mcp: MCPServerPool? = nil
    ) {
        self.embed = embed
        self.mcp = mcp
        self.store = store
        let memory = store.memory
        self.memory = memory
        self.gateway = gateway
        self.logger = logger
        self.settings = settings
        self.assistant =
            assistant ?? { _ in
                Assistant(
                    store: store, memory: memory, gateway: gateway,
                    questions: DocumentQuestions(store: store), logger: logger)
            }
    }
}
