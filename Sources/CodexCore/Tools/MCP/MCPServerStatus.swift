/// One configured MCP server as `codex doctor` shows it.
public struct MCPServerStatus: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        case ready, failed, disabled
    }

    public var name: String
    /// The command and its arguments, as configured.
    public var command: String
    public var state: State = .failed
    /// Why it failed.
    public var detail: String?
    public var tools: [String] = []
    public var protocolVersion: String?
    public var serverName: String?
    public var serverVersion: String?
    /// Start, handshake and tool listing.
    public var startupMs: Double?
    /// Started with no network (`"offline": true`).
    public var offline: Bool
    /// What it can reach, in one sentence.
    public var network: String

    init(config: MCPServerConfig) {
        name = config.name
        command = ([config.command] + config.arguments).joined(separator: " ")
        offline = config.offline
        network =
            config.offline
            ? "started with no network (its own network namespace)"
            : "runs with this machine's network and may reach it itself; mark it \"offline\": true to cut it off"
    }
}
