import Foundation

extension Settings {
    /// `CODEX_ALLOW_SHELL` / `tools.allow_shell`: the shell tool is off unless this is on.
    public func allowsShell() throws -> Bool {
        switch (self[.allowShell] ?? "0").lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        case let other: throw CodexError.invalidSetting(.allowShell, value: other, expected: "1 or 0")
        }
    }

    /// `CODEX_MAX_TOOL_ROUNDS` / `tools.max_rounds`: 0 to 20, default 5.
    public func maxToolRounds() throws -> Int {
        let text = self[.maxToolRounds] ?? "5"
        guard let rounds = Int(text), (0...20).contains(rounds) else {
            throw CodexError.invalidSetting(.maxToolRounds, value: text, expected: "a number from 0 to 20")
        }
        return rounds
    }

    /// `CODEX_SHELL_COMMANDS` / `tools.shell_commands`: comma-separated; replaces the default list.
    public func shellCommands() -> Set<String> {
        guard let text = self[.shellCommands], !text.isEmpty else { return ToolContext.defaultShellCommands }
        return Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}

extension ToolRegistry {
    /// The tools for a chat or `codex tools`, as the settings and flags say: roots are the
    /// ingested folders and the working directory; the shell tool is on when `allowShell` (the
    /// flag) or the settings say so; plugins come from `$CODEX_HOME/plugins`, MCP tools from `mcp`
    /// (the servers of `$CODEX_HOME/mcp.json`, kept running by whoever owns the pool).
    public static func configured(
        settings: Settings, store: CodexStore?, search: DocumentSearch?, collection: String? = nil,
        allowShell: Bool = false, confirm: (@Sendable (ToolCall) async -> Bool)? = nil,
        workingDirectory: String = FileManager.default.currentDirectoryPath, mcp: MCPServerPool? = nil
    ) async throws -> (registry: ToolRegistry, problems: [String]) {
        let context = ToolContext(
            roots: try await AllowedRoots.defaults(store: store, workingDirectory: workingDirectory),
            search: search, collection: collection, workingDirectory: workingDirectory,
            allowShell: try allowShell || settings.allowsShell(), shellCommands: settings.shellCommands(),
            confirm: confirm)
        return await standard(context: context, mcp: mcp)
    }
}
