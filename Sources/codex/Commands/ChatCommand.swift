import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Chat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chat with a model, streaming replies; the conversation is kept as a session.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Continue this session (id or prefix).")
        var session: String?

        @Flag(help: "Start a new session (the default when --session is not given).")
        var new = false

        @Option(help: "Answer with passages from this collection as context.")
        var docs: String?

        @Option(name: .shortAndLong, help: "Send this one message, print the reply and exit; - reads it from stdin.")
        var message: String?

        @OptionGroup var modelOptions: ModelOptions

        @Flag(
            help: "Let the model call tools: search_docs, read_file, list_files, grep_files, csv_summary, plugins and MCP servers."
        )
        var tools = false

        @Flag(help: "Also offer the shell tool (allow-listed commands; implies --tools).")
        var allowShell = false

        @Flag(name: .shortAndLong, help: "Run shell commands without asking first.")
        var yes = false

        func validate() throws {
            if new && session != nil { throw ValidationError("Pass either --session or --new, not both.") }
        }

        func run() async throws {
            let context = try CodexContext(global, flags: modelOptions.settingFlags)
            // MCP servers start with the tools and run until the chat ends.
            let mcp = tools || allowShell ? context.mcpServers() : nil
            do {
                try await chat(context, mcp: mcp)
                await mcp?.shutdown()
            } catch {
                await mcp?.shutdown()
                throw error
            }
        }

        private func chat(_ context: CodexContext, mcp: MCPServerPool?) async throws {
            // --provider narrows the gateway's catalog through the settings; nothing more to pass.
            var repl = ChatREPL(
                context: context, gateway: try context.gateway(), global: global, session: session, collection: docs,
                model: modelOptions.model, provider: nil, maxTokens: modelOptions.maxTokens, tools: try await toolRegistry(context, mcp: mcp))
            guard let message else { return try await repl.run() }
            let text = message == "-" ? Self.readStandardInput() : message
            let reply = try await repl.send(text)
            if let reply, !global.json, !global.quiet, session == nil, let id = reply.sessionId {
                Terminal.writeToStandardError("session \(id.lowercasedString.prefix(8)) (continue with --session)\n")
            }
            if reply?.incomplete == true { throw ExitCode(1) }
        }

        /// The tools offered to the model, or nil without --tools / --allow-shell.
        private func toolRegistry(_ context: CodexContext, mcp: MCPServerPool?) async throws -> ToolRegistry? {
            guard tools || allowShell else { return nil }
            let (registry, problems) = try await ToolRegistry.configured(
                settings: context.settings, store: context.store,
                search: try context.questions(collection: docs), collection: docs, allowShell: allowShell,
                confirm: yes ? nil : ShellConfirmation.ask, mcp: mcp)
            for problem in problems where !global.quiet { Terminal.writeToStandardError("warning: \(problem)\n") }
            return registry
        }

        static func readStandardInput() -> String {
            String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
    }
}
