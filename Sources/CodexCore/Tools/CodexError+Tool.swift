extension CodexError {
    public static func tool(_ message: String, hint: String? = nil) -> CodexError {
        CodexError(kind: .tool, message: message, hint: hint)
    }

    public static func unknownTool(_ name: String, known: [String]) -> CodexError {
        .tool(
            "there is no tool named `\(name)`",
            hint: "the tools are: \(known.sorted().joined(separator: ", ")); see `codex tools list`")
    }

    public static func outsideAllowedRoots(_ path: String) -> CodexError {
        .tool(
            "`\(path)` is outside the allowed folders",
            hint: "tools may only read inside the ingested folders and the working directory")
    }

    static func shellDisabled() -> CodexError {
        .tool("the shell tool is off", hint: "enable it for this chat with --allow-shell")
    }

    static func processTimedOut(_ what: String, after timeout: Duration) -> CodexError {
        .tool("\(what) did not finish within \(timeout.components.seconds) s and was stopped")
    }

    static func badPlugin(_ path: String, _ reason: String) -> CodexError {
        .tool("plugin \(path) \(reason)", hint: "a plugin prints its description as JSON when run with --describe")
    }
}
