import Foundation

/// The MCP servers of `$CODEX_HOME/mcp.json`, with what was wrong in the file.
///
/// A broken entry is reported and skipped rather than fatal: a chat with one mistyped server
/// should still get the other tools, and `codex doctor` shows the problem.
public struct MCPConfiguration: Sendable, Equatable {
    /// The file read, or that would be read.
    public var path: String
    /// In file order of names (sorted, since JSON objects have no order codex can rely on).
    public var servers: [MCPServerConfig]
    public var problems: [String]

    public init(path: String = "", servers: [MCPServerConfig], problems: [String] = []) {
        self.path = path
        self.servers = servers
        self.problems = problems
    }

    /// `$CODEX_HOME/mcp.json`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        CodexHome.path(environment: environment) + "/mcp.json"
    }

    /// Reads the file; a missing file is no servers.
    ///
    /// A file that is not JSON, or has no `mcpServers` object, is one problem and no servers.
    public static func load(path: String = defaultPath()) -> MCPConfiguration {
        guard FileManager.default.fileExists(atPath: path) else { return MCPConfiguration(path: path, servers: []) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return MCPConfiguration(path: path, servers: [], problems: ["\(path) cannot be read"])
        }
        do {
            return try parse(JSONValue.parse(Array(data)), path: path)
        } catch {
            return MCPConfiguration(path: path, servers: [], problems: ["\(path) is not valid JSON"])
        }
    }

    /// Reads the `mcpServers` object of a parsed file.
    public static func parse(_ document: JSONValue, path: String) -> MCPConfiguration {
        guard let entries = document["mcpServers"]?.objectValue else {
            return MCPConfiguration(path: path, servers: [], problems: ["\(path) has no `mcpServers` object"])
        }
        var servers: [MCPServerConfig] = []
        var problems: [String] = []
        var prefixes: [String: String] = [:]
        for name in entries.keys.sorted() {
            guard let entry = entries[name] else { continue }
            do throws(MCPConfigProblem) {
                let server = try MCPServerConfig(name: name, entry: entry)
                let prefix = MCPToolName.prefix(for: name)
                if let other = prefixes[prefix] {
                    throw MCPConfigProblem(
                        "`\(name)` and `\(other)` give the same tool prefix `\(prefix)__`; rename one")
                }
                prefixes[prefix] = name
                servers.append(server)
            } catch {
                problems.append("\(path): \(error.reason)")
            }
        }
        return MCPConfiguration(path: path, servers: servers, problems: problems)
    }

    /// Only the server whose tool prefix `tool` carries, so running one tool starts one server.
    public func serving(toolNamed tool: String) -> MCPConfiguration {
        var narrowed = self
        narrowed.servers = servers.filter { tool.hasPrefix(MCPToolName.prefix(for: $0.name) + MCPToolName.separator) }
        narrowed.problems = []
        return narrowed
    }
}
