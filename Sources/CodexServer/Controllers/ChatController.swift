import CodexCore
import Foundation
import Hummingbird

/// `POST /chat`: one turn of a conversation kept in memory, as JSON or Server-Sent Events.
struct ChatController {
    let services: CodexServices
    let json: JSONRequest

    var endpoints: RouteCollection<CodexRequestContext> {
        RouteCollection(context: CodexRequestContext.self).post(use: chat)
    }

    struct ChatBody: Decodable, Sendable {
        var sessionId: String?
        var message: String
        var model: String?
        var provider: String?
        var collection: String?
        var tools: [String]?
        var stream: Bool?

        enum CodingKeys: String, CodingKey {
            case sessionId = "session_id", message, model, provider, collection, tools, stream
        }
    }

    func chat(_ request: Request, context: CodexRequestContext) async throws -> Response {
        let body = try await json.decode(ChatBody.self, from: request)
        let turn = try await prepare(body, for: context.user)
        let assistant = try services.assistant(body.collection, for: context.user)
        if StreamingBody.wantsEvents(request, flag: body.stream) {
            return AssistantEvents.eventStream { assistant.chat(turn) }
        }
        return try await AssistantEvents.collect(assistant.chat(turn)).response(from: request, context: context)
    }

    /// Checks what can be checked before a stream starts, so those errors keep their status.
    func prepare(_ body: ChatBody, for user: TeamUser?) async throws -> Assistant.ChatRequest {
        guard !body.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CodexError.invalidInput("the message is empty", hint: "send {\"message\": \"…\"}")
        }
        let session = try await services.existingSession(body.sessionId, for: user)
        return Assistant.ChatRequest(
            message: body.message, session: session, collection: body.collection, model: body.model,
            provider: body.provider.map(ProviderID.init(rawValue:)), tools: try await tools(body, for: user),
            maxToolRounds: try services.settings.maxToolRounds())
    }

    /// The tools a request names (`["*"]` for all), set up from the user's settings. The shell tool
    /// is never offered over HTTP: nobody is at a terminal to confirm each command.
    private func tools(_ body: ChatBody, for user: TeamUser?) async throws -> ToolRegistry? {
        guard let names = body.tools, !names.isEmpty else { return nil }
        let (registry, _) = try await ToolRegistry.configured(
            settings: services.settings, store: services.store,
            search: try services.assistant(body.collection, for: user).questions, collection: body.collection,
            allowShell: false, mcp: names.contains { $0 == "*" || $0.contains(MCPToolName.separator) } ? services.mcp : nil)
        let offered = registry.tools.filter { tool in
            tool.name != ShellTool.toolName && (names.contains("*") || names.contains(tool.name))
        }
        let unknown = names.filter { $0 != "*" && !offered.map(\.name).contains($0) }
        guard unknown.isEmpty else {
            throw CodexError.invalidInput(
                "unknown or unavailable tools: \(unknown.joined(separator: ", "))",
                hint: "offer some of: \(offered.map(\.name).joined(separator: ", ")) (or \"*\" for all)")
        }
        return ToolRegistry(tools: offered, context: registry.context)
    }
}
