import Foundation

/// How a configured server is started: the program found on PATH, its environment, and for an
/// `"offline": true` server the `unshare` prefix that gives it no network.
struct MCPLaunch: Sendable, Equatable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]

    /// Variables a server inherits from codex.
    ///
    /// Everything else (API keys above all) must be given in its `env`. The same list the MCP
    /// Python and TypeScript SDKs inherit, plus the locale and time zone.
    static let inherited = [
        "HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
    ]

    static func make(
        _ config: MCPServerConfig, codexEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> MCPLaunch {
        var environment = codexEnvironment.filter { inherited.contains($0.key) }
        environment.merge(config.environment) { _, configured in configured }
        guard let executable = resolve(config.command, path: environment["PATH"], directory: config.directory) else {
            throw CodexError.mcpServerFailed(
                config.name,
                "cannot be started: `\(config.command)` is not an executable file"
                    + (config.command.contains("/") ? "" : " on PATH (\(environment["PATH"] ?? "unset"))"))
        }
        guard config.offline else {
            return MCPLaunch(executable: executable, arguments: config.arguments, environment: environment)
        }
        switch await MCPNetworkIsolation.shared.prefix() {
        case .success(let prefix):
            return MCPLaunch(
                executable: prefix[0], arguments: Array(prefix.dropFirst()) + [executable] + config.arguments,
                environment: environment)
        case .failure(let reason):
            throw CodexError.mcpOfflineUnavailable(config.name, reason.text)
        }
    }

    /// A command with a slash is a path (relative to the server's `cwd`); a bare name is looked
    /// up on `path`, as a shell would, but without one.
    static func resolve(_ command: String, path: String?, directory: String?) -> String? {
        if command.contains("/") {
            var full = command
            if let directory, !command.hasPrefix("/") { full = directory + "/" + command }
            return FileManager.default.isExecutableFile(atPath: full) ? full : nil
        }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(command)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }
}
