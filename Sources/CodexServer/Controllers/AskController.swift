import CodexCore
import Foundation
import Hummingbird

/// `POST /ask`: retrieval over the documents, then an answer that cites them.
struct AskController {
    let services: CodexServices
    let json: JSONRequest

    var endpoints: RouteCollection<CodexRequestContext> {
        RouteCollection(context: CodexRequestContext.self).post(use: ask)
    }

    struct AskBody: Decodable, Sendable {
        var question: String
        var collection: String?
        var top: Int?
        var model: String?
        var provider: String?
        /// False quotes passages without a model.
        var generate: Bool?
        var sessionId: String?
        var stream: Bool?

        enum CodingKeys: String, CodingKey {
            case question, collection, top, model, provider, generate, stream, sessionId = "session_id"
        }
    }

    func ask(_ request: Request, context: CodexRequestContext) async throws -> Response {
        let body = try await json.decode(AskBody.self, from: request)
        guard !body.question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CodexError.emptyQuestion()
        }
        let top = body.top ?? 6
        guard (1...50).contains(top) else {
            throw CodexError.invalidInput("top must be between 1 and 50", hint: "ask for fewer passages")
        }
        var session = body.sessionId
        if session != "new" { session = try await services.existingSession(session, for: context.user) }
        let ask = Assistant.AskRequest(
            question: body.question, scope: SearchScope(collection: body.collection), top: top,
            model: body.model, provider: body.provider.map(ProviderID.init(rawValue:)), generate: body.generate ?? true,
            session: session)
        let assistant = try services.assistant(body.collection, for: context.user)
        if StreamingBody.wantsEvents(request, flag: body.stream) {
            return AssistantEvents.eventStream { assistant.ask(ask) }
        }
        return try await AssistantEvents.collect(assistant.ask(ask)).response(from: request, context: context)
    }
}
