import Foundation

/// An executable in `$CODEX_HOME/plugins/` used as a tool.
///
/// Run with `--describe` it prints `{"name", "description", "parameters"}`; on a call it reads the
/// arguments as JSON on stdin and prints its answer on stdout: `{"text": …, "data": …}`, any other
/// JSON (kept as data), or plain text; `{"error": "…"}` refuses. Both runs are bounded in time and
/// output; binary output or none at all is refused with a clear message.
public struct PluginTool: Tool {
    public let path: String
    public let name: String
    public let summary: String
    public let parameters: JSONValue
    var limits: ToolLimits

    /// `$CODEX_HOME/plugins`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        CodexHome.path(environment: environment) + "/plugins"
    }

    /// Asks the executable at `path` to describe itself.
    public static func load(_ path: String, limits: ToolLimits = ToolLimits()) async throws -> PluginTool {
        let outcome = try await ProcessRunner.run(
            path, arguments: ["--describe"], environment: ProcessRunner.scrubbed(ProcessInfo.processInfo.environment),
            timeout: limits.processTimeout, outputCap: limits.processOutputBytes)
        if outcome.timedOut {
            throw CodexError.badPlugin(
                path, "did not describe itself within \(limits.processTimeout.components.seconds) s")
        }
        guard outcome.status == 0 else {
            throw CodexError.badPlugin(path, "exited with status \(outcome.status) on --describe")
        }
        guard !outcome.truncated, let description = try? JSONValue.parse(outcome.stdout) else {
            throw CodexError.badPlugin(path, "did not print a JSON description on --describe")
        }
        guard let name = description["name"]?.stringValue, Self.isValidName(name) else {
            throw CodexError.badPlugin(path, "has no valid `name` (letters, digits, _ and -, at most 64)")
        }
        let parameters = description["parameters"] ?? ["type": "object", "properties": [:]]
        guard parameters["type"]?.stringValue == "object" else {
            throw CodexError.badPlugin(path, "has `parameters` that are not a JSON Schema object")
        }
        return PluginTool(
            path: path, name: name, summary: description["description"]?.stringValue ?? "", parameters: parameters,
            limits: limits)
    }

    /// Every executable file in `directory`, described; the ones that fail are listed with why.
    public static func discover(in directory: String, limits: ToolLimits = ToolLimits()) async
        -> (plugins: [PluginTool], problems: [String])
    {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var plugins: [PluginTool] = []
        var problems: [String] = []
        for name in names.prefix(100) where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard FileManager.default.isExecutableFile(atPath: path) else { continue }
            do {
                plugins.append(try await load(path, limits: limits))
            } catch {
                problems.append((error as? CodexError)?.message ?? "\(error)")
            }
        }
        return (plugins, problems)
    }

    public func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput {
        let outcome = try await ProcessRunner.run(
            path, environment: ProcessRunner.scrubbed(ProcessInfo.processInfo.environment),
            directory: context.roots.workingDirectory, input: arguments.jsonBytes, timeout: limits.processTimeout,
            outputCap: limits.processOutputBytes)
        if outcome.timedOut { throw CodexError.processTimedOut("plugin `\(name)`", after: limits.processTimeout) }
        if outcome.truncated {
            throw CodexError.tool(
                "plugin `\(name)` printed more than \(ByteCount.format(Int64(limits.processOutputBytes)))")
        }
        guard outcome.status == 0 else {
            let stderr = String(decoding: outcome.stderr.prefix(500), as: UTF8.self)
            throw CodexError.tool(
                "plugin `\(name)` failed with exit status \(outcome.status)" + (stderr.isEmpty ? "" : ": \(stderr)"))
        }
        return try Self.output(of: name, stdout: outcome.stdout)
    }

    /// What a plugin printed, read as other tool hosts read it: `{"error": …}` refuses; an object
    /// with `text` or `data` gives those; any other JSON is data (its text the JSON itself); plain
    /// text is text. Only output that is not UTF-8 text, or nothing at all, is refused.
    static func output(of name: String, stdout: [UInt8]) throws -> ToolOutput {
        if let reply = try? JSONValue.parse(stdout) {
            if case .object = reply {
                if let error = reply["error"]?.stringValue { throw CodexError.tool(error) }
                if let text = reply["text"]?.stringValue ?? reply["data"]?.jsonString {
                    return ToolOutput(text: text, data: reply["data"])
                }
            }
            if case .string(let text) = reply { return ToolOutput(text: text, data: nil) }
            return ToolOutput(text: reply.jsonString, data: reply)
        }
        guard let text = String(validating: stdout, as: UTF8.self), !text.contains("\0") else {
            throw CodexError.tool("plugin `\(name)` printed binary output, not text or JSON")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CodexError.tool("plugin `\(name)` printed nothing") }
        return ToolOutput(text: trimmed, data: nil)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-")
            }
    }
}
