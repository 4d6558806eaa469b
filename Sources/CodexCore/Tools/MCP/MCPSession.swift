import Foundation
import Logging

/// A running server after the handshake: who it is, the protocol agreed, and its tools.
struct MCPSession: Sendable {
    let config: MCPServerConfig
    let connection: MCPConnection
    let protocolVersion: String
    let serverName: String?
    let serverVersion: String?
    var tools: [MCPToolDescription]
    /// Process start, `initialize`, `notifications/initialized` and `tools/list`.
    let startup: Duration

    /// Most pages of `tools/list` read; a server that keeps paging is broken.
    static let maxPages = 100

    /// Starts the server and runs the handshake, all within `config.startupTimeout`.
    static func start(_ config: MCPServerConfig, logger: Logger) async throws -> MCPSession {
        let started = ContinuousClock.now
        let deadline = started + config.startupTimeout
        let launch = try await MCPLaunch.make(config)
        let process = try MCPProcess.start(
            executable: launch.executable, arguments: launch.arguments, environment: launch.environment,
            directory: config.directory)
        let connection = MCPConnection(server: config.name, process: process, logger: logger)
        do {
            let answer = try await connection.request(
                "initialize",
                params: [
                    "protocolVersion": .string(MCPProtocol.latest), "capabilities": [:],
                    "clientInfo": ["name": "codex", "version": .string(CodexVersion.current)],
                ], timeout: deadline - .now, limit: config.startupTimeout)
            guard let agreed = MCPProtocol.agreed(serverAnswer: answer["protocolVersion"]?.stringValue) else {
                let offered = answer["protocolVersion"]?.stringValue ?? "none"
                throw CodexError.mcpServerFailed(
                    config.name,
                    "speaks MCP protocol \(offered); codex speaks \(MCPProtocol.supported.joined(separator: ", "))")
            }
            await connection.notify("notifications/initialized")
            // A server without the `tools` capability has none to list.
            var tools: [MCPToolDescription] = []
            if answer["capabilities"]?["tools"] != nil {
                tools = try await listTools(
                    connection, server: config.name, deadline: deadline, limit: config.startupTimeout)
            }
            return MCPSession(
                config: config, connection: connection, protocolVersion: agreed,
                serverName: answer["serverInfo"]?["name"]?.stringValue,
                serverVersion: answer["serverInfo"]?["version"]?.stringValue, tools: tools,
                startup: .now - started)
        } catch {
            await connection.close(grace: .zero)
            throw error
        }
    }

    /// Every page of `tools/list` again (after `notifications/tools/list_changed`).
    func listTools() async throws -> [MCPToolDescription] {
        try await Self.listTools(
            connection, server: config.name, deadline: .now + config.toolTimeout, limit: config.toolTimeout)
    }

    /// Every page of `tools/list`, all before `deadline`.
    static func listTools(
        _ connection: MCPConnection, server: String, deadline: ContinuousClock.Instant, limit: Duration
    ) async throws -> [MCPToolDescription] {
        var tools: [MCPToolDescription] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<maxPages {
            let params: JSONValue = cursor.map { ["cursor": .string($0)] } ?? [:]
            let page = try await connection.request(
                "tools/list", params: params, timeout: deadline - .now, limit: limit)
            tools += (page["tools"]?.arrayValue ?? []).compactMap(MCPToolDescription.init)
            guard let next = page["nextCursor"]?.stringValue, !next.isEmpty else {
                await connection.toolsListRead()
                return tools
            }
            guard seen.insert(next).inserted else {
                throw CodexError.mcpServerFailed(server, "repeated the tools/list cursor \"\(next.prefix(40))\"")
            }
            cursor = next
        }
        throw CodexError.mcpServerFailed(server, "listed tools over more than \(maxPages) pages")
    }

    /// Calls one tool within the server's `tool_timeout_sec`.
    func call(_ tool: String, arguments: JSONValue) async throws -> MCPCallResult {
        let answer = try await connection.request(
            "tools/call", params: ["name": .string(tool), "arguments": arguments], timeout: config.toolTimeout)
        return MCPCallResult(answer)
    }
}

/// One tool as a server lists it.
public struct MCPToolDescription: Sendable, Equatable {
    public var name: String
    public var title: String?
    public var description: String
    /// Always a JSON Schema object with `properties`; servers that send none get an empty one,
    /// which every provider accepts.
    public var inputSchema: JSONValue

    init?(_ value: JSONValue) {
        guard let name = value["name"]?.stringValue, !name.isEmpty else { return nil }
        self.name = name
        title = value["title"]?.stringValue ?? value["annotations"]?["title"]?.stringValue
        description = value["description"]?.stringValue ?? ""
        var schema = value["inputSchema"] ?? [:]
        if case .object(var members) = schema {
            if members["type"] == nil { members["type"] = "object" }
            if members["type"] == "object" && members["properties"] == nil { members["properties"] = [:] }
            schema = .object(members)
        } else {
            schema = ["type": "object", "properties": [:]]
        }
        inputSchema = schema
    }
}
