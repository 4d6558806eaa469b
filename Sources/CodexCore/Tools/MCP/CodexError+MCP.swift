extension CodexError {
    static func mcpConfig(_ path: String, _ reason: String) -> CodexError {
        CodexError(
            kind: .config, message: "\(path): \(reason)",
            hint: #"the file holds {"mcpServers": {"NAME": {"command": "…", "args": […], "env": {…}}}}"#)
    }

    static func mcpServerFailed(_ server: String, _ reason: String, stderr: String = "") -> CodexError {
        .tool(
            "MCP server `\(server)` \(reason)" + (stderr.isEmpty ? "" : "; its last words on stderr: \(stderr)"),
            hint: "check its entry in mcp.json and run `codex doctor`; codex starts it again on the next call")
    }

    static func mcpTimedOut(_ server: String, _ what: String, after timeout: Duration) -> CodexError {
        .tool(
            "MCP server `\(server)` did not answer \(what) within \(MCPServerConfig.seconds(timeout)) and was stopped",
            hint: "raise `tool_timeout_sec` or `startup_timeout_sec` for it in mcp.json if it needs longer; "
                + "codex starts it again on the next call")
    }

    static func mcpRefused(_ server: String, _ method: String, code: Int, message: String) -> CodexError {
        .tool("MCP server `\(server)` refused \(method) (error \(code)): \(message)")
    }

    static func mcpOfflineUnavailable(_ server: String, _ reason: String) -> CodexError {
        .tool(
            "MCP server `\(server)` is marked \"offline\" but cannot be started without network: \(reason)",
            hint:
                "run codex as root or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), "
                + "or remove \"offline\" from its entry in mcp.json")
    }
}
