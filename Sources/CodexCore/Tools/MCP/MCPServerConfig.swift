import Foundation

/// One stdio MCP server from `mcp.json`: the program to start, its arguments and environment,
/// and codex's own keys for time limits and network isolation.
///
/// The shape is the common `mcpServers` one (Claude Desktop, Cursor, Cline, AnythingLLM), so an
/// existing file can be copied as it is; keys codex does not know (`autoApprove`, …) are ignored.
public struct MCPServerConfig: Sendable, Equatable {
    /// The key in `mcpServers`; tools are offered as `NAME__TOOL`.
    public var name: String
    /// A program on PATH or a path; started directly, never through a shell.
    public var command: String
    public var arguments: [String]
    /// Added to the small inherited environment (see `MCPEnvironment`).
    public var environment: [String: String]
    /// The working directory; nil keeps codex's.
    public var directory: String?
    /// Start it with no network at all (a fresh network namespace); refused where impossible.
    public var offline: Bool
    /// Start, handshake and tool listing together.
    public var startupTimeout: Duration
    /// One `tools/call`.
    public var toolTimeout: Duration
    /// `"disabled": true` keeps the entry but never starts it.
    public var disabled: Bool

    public static let defaultStartupTimeout: Duration = .seconds(30)
    public static let defaultToolTimeout: Duration = .seconds(60)

    public init(
        name: String, command: String, arguments: [String] = [], environment: [String: String] = [:],
        directory: String? = nil, offline: Bool = false, startupTimeout: Duration = defaultStartupTimeout,
        toolTimeout: Duration = defaultToolTimeout, disabled: Bool = false
    ) {
        self.name = name
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.offline = offline
        self.startupTimeout = startupTimeout
        self.toolTimeout = toolTimeout
        self.disabled = disabled
    }

    /// Reads one entry; the reason it is unusable otherwise, in the user's terms.
    init(name: String, entry: JSONValue) throws(MCPConfigProblem) {
        guard case .object = entry else { throw MCPConfigProblem("`\(name)` is not an object") }
        if let type = entry["type"]?.stringValue ?? entry["transport"]?.stringValue, type != "stdio" {
            throw MCPConfigProblem("`\(name)` uses the \(type) transport; codex starts stdio servers only")
        }
        guard let command = entry["command"]?.stringValue, !command.isEmpty else {
            if entry["url"] != nil || entry["serverUrl"] != nil {
                throw MCPConfigProblem("`\(name)` is a remote (URL) server; codex starts stdio servers only")
            }
            throw MCPConfigProblem("`\(name)` has no `command`")
        }
        var arguments: [String] = []
        if let args = entry["args"] {
            guard let list = args.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw MCPConfigProblem("`\(name)`: `args` must be a list of strings")
            }
            arguments = list.compactMap(\.stringValue)
        }
        var environment: [String: String] = [:]
        if let env = entry["env"], !env.isNull {
            guard let members = env.objectValue else {
                throw MCPConfigProblem("`\(name)`: `env` must be an object of strings")
            }
            for (key, value) in members {
                guard let text = value.stringValue else {
                    throw MCPConfigProblem("`\(name)`: `env.\(key)` must be a string")
                }
                environment[key] = text
            }
        }
        func flag(_ key: String) throws(MCPConfigProblem) -> Bool {
            guard let value = entry[key], !value.isNull else { return false }
            guard let flag = value.boolValue else {
                throw MCPConfigProblem("`\(name)`: `\(key)` must be true or false")
            }
            return flag
        }
        func seconds(_ key: String, default fallback: Duration) throws(MCPConfigProblem) -> Duration {
            guard let value = entry[key], !value.isNull else { return fallback }
            guard let number = value.doubleValue, number > 0, number <= 3600 else {
                throw MCPConfigProblem("`\(name)`: `\(key)` must be a number of seconds from 0 to 3600")
            }
            return .milliseconds(Int64((number * 1000).rounded()))
        }
        self.init(
            name: name, command: command, arguments: arguments, environment: environment,
            directory: entry["cwd"]?.stringValue, offline: try flag("offline"),
            startupTimeout: try seconds("startup_timeout_sec", default: Self.defaultStartupTimeout),
            toolTimeout: try seconds("tool_timeout_sec", default: Self.defaultToolTimeout),
            disabled: try flag("disabled"))
    }

    /// "2 s", "0.5 s": how limits are shown.
    static func seconds(_ duration: Duration) -> String {
        let value = duration.inSeconds
        return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

/// Why one entry of `mcp.json` cannot be used; the others still are.
struct MCPConfigProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
