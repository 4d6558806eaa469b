import Foundation

/// Runs one allow-listed command, without a shell: off unless enabled, confirmed by the user
/// before each run, bounded in time and output, with credentials removed from its environment.
public struct ShellTool: Tool {
    public static let toolName = "shell"
    public let name = ShellTool.toolName
    public let summary =
        "Run one allow-listed command (no shell syntax: no pipes, redirections or variables) in the working directory."
    public let parameters: JSONValue = [
        "type": "object",
        "properties": [
            "command": ["type": "string", "description": "the program, e.g. \"ls\""],
            "arguments": ["type": "array", "items": ["type": "string"], "description": "its arguments"],
        ],
        "required": ["command"],
        "additionalProperties": false,
    ]

    public init() {}

    public func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput {
        guard context.allowShell else { throw CodexError.shellDisabled() }
        let command = arguments["command"]?.stringValue ?? ""
        let words = arguments["arguments"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !command.contains("/"), context.shellCommands.contains(command) else {
            throw CodexError.tool(
                "`\(command)` is not an allowed command",
                hint: "allowed: \(context.shellCommands.sorted().joined(separator: ", "))")
        }
        guard let executable = Self.find(command) else { throw CodexError.tool("`\(command)` is not installed") }
        if let confirm = context.confirm {
            let call = ToolCall(name: name, arguments: arguments.jsonString)
            guard await confirm(call) else { throw CodexError.tool("the user declined to run `\(command)`") }
        }
        let outcome = try await ProcessRunner.run(
            executable, arguments: words, environment: ProcessRunner.scrubbed(ProcessInfo.processInfo.environment),
            directory: context.roots.workingDirectory, timeout: context.limits.processTimeout,
            outputCap: context.limits.processOutputBytes)
        if outcome.timedOut { throw CodexError.processTimedOut("`\(command)`", after: context.limits.processTimeout) }
        var text = outcome.text
        if outcome.truncated { text += "\n[output cut at \(context.limits.processOutputBytes) bytes]" }
        let stderr = String(decoding: outcome.stderr, as: UTF8.self)
        if outcome.status != 0 { text += "\n[exit status \(outcome.status)]" + (stderr.isEmpty ? "" : "\n" + stderr) }
        return ToolOutput(
            text: text,
            data: [
                "exit_status": .number(Double(outcome.status)), "stdout": .string(outcome.text),
                "stderr": .string(stderr), "truncated": .bool(outcome.truncated),
            ])
    }

    /// The command's path on PATH (or the usual system folders).
    static func find(_ command: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/bin", "/bin"] {
            let candidate = "\(folder)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
