import CodexCore
import Foundation

/// The interactive side of `codex chat`: reads lines, runs slash commands, streams replies, and
/// turns Ctrl-C into "stop this reply" while one streams, "leave" at the prompt.
struct ChatREPL {
    let context: CodexContext
    /// One gateway for the whole chat, so providers are probed once, not before every turn.
    let gateway: Gateway
    let global: GlobalOptions
    var session: String?
    var collection: String?
    var model: String?
    var provider: ProviderID?
    var maxTokens: Int?
    /// Tools the model may call; nil offers none.
    var tools: ToolRegistry?
    let interrupt = ReplyInterrupt()

    /// Sends one message in the current session (a new one if none) and prints the reply.
    mutating func send(_ message: String) async throws -> AssistantReply? {
        let stop = ReplyStop()
        interrupt.replyStarted(stop)
        defer { interrupt.replyEnded() }
        let request = Assistant.ChatRequest(
            message: message, session: session, collection: collection, model: model, provider: provider,
            tools: tools, maxToolRounds: try context.settings.maxToolRounds(), maxTokens: maxTokens)
        do {
            let reply = try await ReplyPrinter(global: global).print(
                try context.assistant(collection: collection, gateway: gateway).chat(request, stop: stop))
            if let id = reply?.sessionId { session = id.lowercasedString }
            return reply
        } catch is CancellationError {
            Terminal.writeToStandardError("\n(stopped before the model answered)\n")
            return nil
        }
    }

    mutating func run() async throws {
        let interactive = isatty(STDIN_FILENO) == 1
        if interactive, !global.quiet {
            let start = session.map { "session \($0.prefix(8))" } ?? "a new session"
            Terminal.writeToStandardError("codex chat: \(start). /help lists commands; Ctrl-D leaves.\n")
        }
        if let reference = session {
            session = try await context.store.memory.session(reference).id.lowercasedString
        }
        for _ in 0..<Int.max {
            if interactive { Terminal.writeToStandardError("› ") }
            guard let line = await Self.readLine() else { break }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if let command = SlashCommand(line) {
                if command == .quit { break }
                do { try await perform(command) } catch let error as CodexError { Terminal.printError(error) }
                continue
            }
            do { _ = try await send(line) } catch let error as CodexError { Terminal.printError(error) }
            if interactive { Terminal.writeToStandardError("\n") }
        }
    }

    private mutating func perform(_ command: SlashCommand) async throws {
        let memory = context.store.memory
        switch command {
        case .new:
            session = nil
            Terminal.writeToStandardError("A new session starts with your next message.\n")
        case .sessions:
            let rows = try await memory.sessions(limit: 10, offset: 0)
            Terminal.writeToStandardError(SessionsText.list(rows, current: session) + "\n")
        case .model(let name?):
            model = name
            Terminal.writeToStandardError("Answering with \(name) from now on.\n")
        case .model(nil):
            let listed = await gateway.listModels()
            Terminal.writeToStandardError(ModelsText.render(listed, current: model) + "\n")
        case .docs(let name?) where name.lowercased() == "off":
            collection = nil
            Terminal.writeToStandardError("Answering without documents.\n")
        case .docs(let name?):
            collection = name
            Terminal.writeToStandardError("Answering with passages from \"\(name)\".\n")
        case .docs(nil):
            let names = try await CollectionCatalog(store: context.store).list().map(\.name)
            Terminal.writeToStandardError(
                "Documents: \(collection ?? "off"). Collections: \(names.isEmpty ? "none" : names.joined(separator: ", "))\n")
        case .export(let file):
            guard let session else { throw CodexError.invalidInput("nothing to export yet", hint: "send a message first") }
            let id = try await memory.session(session).id
            let path = file ?? "codex-session-\(session.prefix(8)).json"
            let summary = try BundleWriter(store: context.store).export(
                BundleSelection(sessionIds: [id]), format: Codex.Export.format(forName: path),
                to: URL(fileURLWithPath: path)) { _ in }
            Terminal.writeToStandardError("Wrote \(summary.messages) messages to \(summary.path).\n")
        case .help:
            Terminal.writeToStandardError(SlashCommand.helpText + "\n")
        case .quit:
            break
        case .unknown(let text):
            Terminal.writeToStandardError("Unknown command \(text). /help lists commands.\n")
        }
    }

    /// A line from stdin, read off the cooperative pool (the read blocks); nil at end of input.
    static func readLine() async -> String? {
        await onOwnThread { Swift.readLine(strippingNewline: true) }
    }
}
