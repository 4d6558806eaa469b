import Foundation
import Logging

/// The configured MCP servers of one codex process, each started on first use and started again
/// on the next use after it failed.
///
/// One pool lives as long as its owner — a `codex chat`, a `codex serve` — so a server's start
/// and handshake are paid once, not per call. Nothing a server does can throw past the pool but
/// a `CodexError`; `shutdown()` stops every server it started.
public actor MCPServerPool {
    public let configuration: MCPConfiguration
    private let logger: Logger
    private var sessions: [String: MCPSession] = [:]
    private var starting: [String: Task<MCPSession, any Error>] = [:]
    private var failures: [String: CodexError] = [:]

    public init(configuration: MCPConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The pool for `$CODEX_HOME/mcp.json`.
    public static func configured(
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) -> MCPServerPool {
        MCPServerPool(
            configuration: .load(path: MCPConfiguration.defaultPath(environment: environment)), logger: logger)
    }

    public var isEmpty: Bool { configuration.servers.isEmpty }

    /// The tools of every enabled server, started concurrently; servers that fail are problems,
    /// not errors, so the other tools stay usable.
    public func tools() async -> (tools: [MCPTool], problems: [String]) {
        let wanted = configuration.servers.filter { !$0.disabled }
        // The servers start in parallel. Not in a task group: in a release build (Swift 6.3) the
        // group yielded no child's result at all, so no MCP tool was ever offered
        // (`codex-bench mcp`, `codex tools list`); debug builds were fine.
        let starts = wanted.map { server in
            (server.name, Task { () async throws -> [MCPToolDescription] in try await self.session(server.name).tools })
        }
        var found: [String: Result<[MCPToolDescription], CodexError>] = [:]
        for (name, start) in starts {
            do {
                found[name] = .success(try await start.value)
            } catch {
                found[name] = .failure(Self.codexError(error))
            }
        }
        var tools: [MCPTool] = []
        var problems = configuration.problems
        var taken: Set<String> = []
        for server in wanted {
            switch found[server.name] {
            case .success(let descriptions):
                for description in descriptions {
                    let name = MCPToolName.exposed(server: server.name, tool: description.name, taken: taken)
                    taken.insert(name)
                    tools.append(MCPTool(name: name, server: server.name, description: description, pool: self))
                }
            case .failure(let error):
                problems.append(error.message)
            case nil:
                break
            }
        }
        return (tools, problems)
    }

    /// Calls `tool` on `server`, starting the server if it is not running.
    func call(server: String, tool: String, arguments: JSONValue) async throws -> MCPCallResult {
        let session = try await session(server)
        do {
            return try await session.call(tool, arguments: arguments)
        } catch {
            await forgetIfBroken(server, session)
            throw error
        }
    }

    /// The running session of `name`, started (or started again) when needed.
    func session(_ name: String) async throws -> MCPSession {
        if let session = sessions[name] {
            if await session.connection.isAlive {
                guard await session.connection.toolsChanged else { return session }
                var refreshed = session
                refreshed.tools = try await session.listTools()
                sessions[name] = refreshed
                return refreshed
            }
            sessions[name] = nil
        }
        if let task = starting[name] { return try await task.value }
        guard let config = configuration.servers.first(where: { $0.name == name }) else {
            throw CodexError.tool("there is no MCP server named `\(name)`", hint: "see \(configuration.path)")
        }
        guard !config.disabled else {
            throw CodexError.tool("MCP server `\(name)` is disabled", hint: "remove \"disabled\" from it in mcp.json")
        }
        let logger = self.logger
        let task = Task { try await MCPSession.start(config, logger: logger) }
        starting[name] = task
        defer { starting[name] = nil }
        do {
            let session = try await task.value
            sessions[name] = session
            failures[name] = nil
            return session
        } catch {
            failures[name] = Self.codexError(error)
            throw error
        }
    }

    /// Each server's state, starting those not running (for `codex doctor`).
    public func status() async -> [MCPServerStatus] {
        _ = await tools()
        var rows: [MCPServerStatus] = []
        for config in configuration.servers {
            var row = MCPServerStatus(config: config)
            if config.disabled {
                row.state = .disabled
            } else if let session = sessions[config.name], await session.connection.isAlive {
                row.state = .ready
                row.protocolVersion = session.protocolVersion
                row.serverName = session.serverName
                row.serverVersion = session.serverVersion
                row.tools = session.tools.map(\.name)
                row.startupMs = session.startup.inMilliseconds
            } else {
                row.state = .failed
                row.detail = failures[config.name]?.message
            }
            rows.append(row)
        }
        return rows
    }

    /// Stops every running server (stdin closed, then SIGTERM, then SIGKILL to its group).
    public func shutdown() async {
        let running = sessions.values.map(\.connection)
        sessions = [:]
        await withTaskGroup(of: Void.self) { group in
            for connection in running { group.addTask { await connection.close() } }
        }
    }

    private func forgetIfBroken(_ name: String, _ session: MCPSession) async {
        guard let failure = await session.connection.failure else { return }
        failures[name] = failure
        if sessions[name]?.connection === session.connection { sessions[name] = nil }
    }

    private static func codexError(_ error: any Error) -> CodexError {
        if let error = error as? CodexError { return error }
        if error is CancellationError { return .cancelled }
        return .tool("\(error)")
    }
}
