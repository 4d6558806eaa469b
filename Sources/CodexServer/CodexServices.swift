import CodexCore
import Foundation
import Logging

/// What the routes delegate to: the process's `CodexContext` (built once by `codex serve`, or a
/// test, exactly as the CLI's commands build theirs) with its gateway made, plus what only a server
/// has: the embedder uploads are indexed with and the MCP servers kept running between requests.
public struct CodexServices: Sendable {
    public let context: CodexContext
    /// One gateway for every request, so its health cache is shared.
    public let gateway: Gateway
    /// The embedder `POST /ingest` gives new chunks their vectors with; `.none` keeps uploads
    /// keyword-searchable only, as in tests.
    public let embedder: EmbedderSpec
    /// The MCP servers whose tools POST /chat may offer; started on first use, kept running.
    public let mcp: MCPServerPool?

    /// - Throws: `CodexError` when the provider settings are invalid.
    public init(
        context: CodexContext, embedder: EmbedderSpec = .none, mcp: MCPServerPool? = nil
    ) throws {
        self.context = context
        self.gateway = try context.gateway()
        self.embedder = embedder
        self.mcp = mcp
    }

    public var store: CodexStore { context.store }
    /// The sessions a caller may reach: a user's own on a server with users, else every one.
    public func memory(for user: TeamUser?) -> any MemoryStore {
        user.map { context.memory.owned(by: $0.id) } ?? context.memory
    }
    public var logger: Logger { context.logger }
    /// The user's settings (flags, environment, .env, config.toml): tools and their limits follow them.
    public var settings: Settings { context.settings }

    /// The assistant for a turn of `user` (nil on a single-user server), with document retrieval
    /// over `collection` (nil: the default).
    public func assistant(_ collection: String?, for user: TeamUser?) throws -> Assistant {
        try context.assistant(collection: collection, gateway: gateway, memory: memory(for: user), viewer: user?.id)
    }
}
