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
        let turn = try await prepare(body)
        let assistant = try services.assistant(body.collection)
        if StreamingBody.wantsEvents(request, flag: body.stream) {
            return AssistantEvents.eventStream { assistant.chat(turn) }
        }
        return try await AssistantEvents.collect(assistant.chat(turn)).response(from: request, context: context)
    }

    /// Checks what can be checked before a stream starts, so those errors keep their status.
    func prepare(_ body: ChatBody) async throws -> Assistant.ChatRequest {
        guard !body.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CodexError.invalidInput("the message is empty", hint: "send {\"message\": \"…\"}")
        }
        if let tools = body.tools, !tools.isEmpty {
            throw CodexError.invalidInput(
                "tools are not offered on /chat yet", hint: "leave out \"tools\"; /v1/chat/completions passes tools through")
        }
        if let session = body.sessionId { _ = try await services.memory.session(session) }
        return Assistant.ChatRequest(
            message: body.message, session: body.sessionId, collection: body.collection, model: body.model,
            provider: body.provider.map(ProviderID.init(rawValue:)))
    }
}
