import Foundation

/// The tools offered in a chat: built-ins and plugins, with the context they run in.
///
/// `run` never throws for the model's mistakes (unknown tool, bad JSON, arguments that do not fit
/// the schema, a refused path): it answers an error text the model can read and correct.
public struct ToolRegistry: Sendable {
    public let tools: [any Tool]
    public var context: ToolContext

    public init(tools: [any Tool], context: ToolContext) {
        self.tools = tools
        self.context = context
    }

    /// Every built-in tool, including the shell tool whether or not it is enabled.
    public static let builtins: [any Tool] = [
        SearchDocsTool(), ReadFileTool(), ListFilesTool(), GrepFilesTool(), CSVSummaryTool(), ShellTool(),
    ]

    /// The built-ins the context allows (the shell tool only when enabled), the plugins found in
    /// `pluginsDirectory` and the tools of the MCP servers in `mcp` (started now if not running);
    /// plugins that fail to describe themselves and servers that fail to start are reported, not fatal.
    public static func standard(
        context: ToolContext, pluginsDirectory: String? = PluginTool.defaultDirectory(), mcp: MCPServerPool? = nil
    ) async -> (registry: ToolRegistry, problems: [String]) {
        var tools = builtins.filter { context.allowShell || $0.name != ShellTool.toolName }
        if context.search == nil { tools.removeAll { $0.name == SearchDocsTool.toolName } }
        var problems: [String] = []
        if let pluginsDirectory {
            let (plugins, failures) = await PluginTool.discover(in: pluginsDirectory, limits: context.limits)
            problems = failures
            for plugin in plugins {
                if tools.contains(where: { $0.name == plugin.name }) {
                    problems.append("plugin \(plugin.path) is ignored: a tool named `\(plugin.name)` already exists")
                } else {
                    tools.append(plugin)
                }
            }
        }
        if let mcp {
            let (served, failures) = await mcp.tools()
            problems += failures
            for tool in served {
                if tools.contains(where: { $0.name == tool.name }) {
                    problems.append("MCP tool `\(tool.toolName)` of `\(tool.server)` is ignored: `\(tool.name)` already exists")
                } else {
                    tools.append(tool)
                }
            }
        }
        return (ToolRegistry(tools: tools, context: context), problems)
    }

    /// What providers are given.
    public var specs: [ToolSpec] { tools.map(\.spec) }

    public func tool(named name: String) -> (any Tool)? { tools.first { $0.name == name } }

    /// Runs one call; failures come back as an error result for the model.
    public func run(_ call: ToolCall) async -> ToolResult {
        do {
            guard let tool = tool(named: call.name) else {
                throw CodexError.unknownTool(call.name, known: tools.map(\.name))
            }
            guard let arguments = call.parsedArguments else {
                throw CodexError.tool("the arguments are not valid JSON: \(call.arguments.prefix(200))")
            }
            try JSONSchemaValidator.validate(arguments, against: tool.parameters)
            var output = try await tool.run(arguments, in: context)
            output.text = Self.capped(output.text, bytes: context.limits.maxResultBytes)
            return ToolResult(call: call, output: output, isError: false)
        } catch {
            let text: String
            if let error = error as? CodexError {
                text = "error: " + error.message + (error.hint.map { " (\($0))" } ?? "")
            } else if error is CancellationError {
                text = "error: cancelled"
            } else {
                text = "error: \(error)"
            }
            return ToolResult(call: call, output: ToolOutput(text: text), isError: true)
        }
    }

    static func capped(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        let kept = String(decoding: text.utf8.prefix(bytes), as: UTF8.self)
        return kept + "\n[output cut at \(bytes) bytes]"
    }
}
