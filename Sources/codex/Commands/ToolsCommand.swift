import ArgumentParser
import CodexCore
import Foundation
import Logging

extension Codex {
    struct Tools: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tools a chat can use, or run one by hand.",
            discussion: """
                Built-ins: search_docs, read_file, list_files, grep_files, csv_summary, and shell (off unless \
                --allow-shell or tools.allow_shell). Plugins are executables in $CODEX_HOME/plugins that print \
                their description as JSON when run with --describe. MCP servers configured in \
                $CODEX_HOME/mcp.json (the common "mcpServers" shape) offer their tools as SERVER__TOOL.
                """,
            subcommands: [List.self, Run.self],
            defaultSubcommand: List.self)
    }
}

extension Codex.Tools {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show built-in tools, plugins and MCP servers' tools with their parameters.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let settings = try SettingsLoader().load(flags: [:])
            let context = ToolContext(roots: AllowedRoots([]), allowShell: try settings.allowsShell())
            let (plugins, pluginProblems) = await PluginTool.discover(
                in: PluginTool.defaultDirectory(), limits: context.limits)
            var logger = Logger(label: "codex")
            logger.logLevel = .error
            let mcp = MCPServerPool.configured(logger: logger)
            let (served, mcpProblems) = await mcp.tools()
            await mcp.shutdown()
            let tools: [any Tool] = ToolRegistry.builtins + plugins + served
            let problems = pluginProblems + mcpProblems
            if global.json {
                let entries = tools.map { tool -> JSONValue in
                    var entry: JSONValue = [
                        "name": .string(tool.name), "description": .string(tool.summary), "parameters": tool.parameters,
                        "kind": .string(tool is PluginTool ? "plugin" : tool is MCPTool ? "mcp" : "builtin"),
                        "enabled": .bool(tool.name != ShellTool.toolName || context.allowShell),
                    ]
                    if let served = tool as? MCPTool, case .object(var members) = entry {
                        members["server"] = .string(served.server)
                        members["mcp_tool"] = .string(served.toolName)
                        entry = .object(members)
                    }
                    return entry
                }
                return Output.text(
                    JSONValue.object(["tools": .array(entries), "problems": .array(problems.map(JSONValue.string))])
                        .jsonString)
            }
            for tool in tools {
                var heading = tool.name
                if let plugin = tool as? PluginTool { heading += "  (plugin: \(plugin.path))" }
                if let served = tool as? MCPTool { heading += "  (MCP server \(served.server), tool \(served.toolName))" }
                if tool.name == ShellTool.toolName && !context.allowShell {
                    heading += "  (off; enable with --allow-shell)"
                }
                Output.text(heading + "\n  " + tool.summary + "\n  parameters: " + tool.parameters.jsonString + "\n")
            }
            for problem in problems where !global.quiet { Terminal.writeToStandardError("warning: \(problem)\n") }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one tool with JSON arguments, as a model would.",
            discussion: "Example: codex tools run csv_summary '{\"path\": \"data/sales.csv\"}'")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The tool's name (see `codex tools list`).") var name: String
        @Argument(help: "The arguments as a JSON object.") var arguments: String = "{}"
        @Option(help: "Collection search_docs searches.") var collection: String?
        @Flag(help: "Allow the shell tool for this run.") var allowShell = false

        func run() async throws {
            let context = try CodexContext(global)
            // Only the server whose prefix the name carries is started.
            let mcp = MCPServerPool(
                configuration: MCPConfiguration.load().serving(toolNamed: name), logger: context.logger)
            let (registry, problems) = try await ToolRegistry.configured(
                settings: context.settings, store: context.store,
                search: try context.questions(collection: collection),
                collection: collection, allowShell: allowShell, mcp: mcp)
            for problem in problems where !global.quiet { Terminal.writeToStandardError("warning: \(problem)\n") }
            guard registry.tool(named: name) != nil || name != ShellTool.toolName else {
                throw CodexError.tool("the shell tool is off", hint: "add --allow-shell")
            }
            let result = await registry.run(ToolCall(name: name, arguments: arguments))
            await mcp.shutdown()
            if global.json {
                let value: JSONValue = [
                    "tool": .string(name), "error": .bool(result.isError), "text": .string(result.output.text),
                    "data": result.output.data ?? .null,
                ]
                Output.text(value.jsonString)
            } else {
                Output.text(result.output.text)
            }
            if result.isError { throw ExitCode(2) }
        }
    }
}
