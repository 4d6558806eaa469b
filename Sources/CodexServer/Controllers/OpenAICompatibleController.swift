import CodexCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/chat/completions` and `GET /v1/models`: any OpenAI client can use codex's local-first
/// routing and fallback. Tool calls pass through both ways; `X-Codex-Session` keeps the exchange in memory.
struct OpenAICompatibleController {
    let services: CodexServices
    let json: JSONRequest

    static let sessionHeader = HTTPField.Name("X-Codex-Session")!

    func models(_ request: Request, context: CodexRequestContext) async throws -> OpenAIChat.ModelList {
        let (up, _) = await services.gateway.reachable()
        var data: [OpenAIChat.ModelList.Model] = []
        for endpoint in up {
            let models = (try? await endpoint.client.models(deadline: .now + .seconds(5))) ?? []
            data += models.map { .init(id: $0.id, ownedBy: endpoint.id.rawValue) }
        }
        return OpenAIChat.ModelList(data: data)
    }

    func completions(_ request: Request, context: CodexRequestContext) async throws -> Response {
        let body = try await json.decode(OpenAIChat.Request.self, from: request)
        guard !body.messages.isEmpty else {
            throw CodexError.invalidInput(
                "messages is empty", hint: "send at least one {\"role\":\"user\",\"content\":\"…\"}")
        }
        let messages = try body.messages.map { try $0.chatMessage() }
        let tools = (body.tools ?? []).map(\.spec)
        let session = try await sessionRecorder(request, lastMessage: messages.last, user: context.user)
        let (up, down) = await services.gateway.reachable()
        guard !up.isEmpty else { throw CodexError.noProviderReachable(tried: down) }
        let (temperature, maxTokens) = (body.temperature, body.maxCompletionTokens ?? body.maxTokens)
        let gateway = services.gateway
        let events: @Sendable () -> AsyncThrowingStream<GatewayEvent, any Error> = {
            gateway.streamChat(model: body.requestedModel) { route in
                ChatInput(
                    model: route.model, messages: messages, tools: tools, temperature: temperature,
                    maxTokens: maxTokens,
                    contextLength: route.setsContextLength ? route.contextLength : nil)
            }
        }
        let id = "chatcmpl-\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24).lowercased())"
        let created = Int(Date().timeIntervalSince1970)
        var headers: HTTPFields = [:]
        if let session { headers[Self.sessionHeader] = session.sessionId.lowercasedString }
        if body.stream == true {
            headers.append(contentsOf: StreamingBody.eventStreamHeaders)
            return Response(
                status: .ok, headers: headers,
                body: StreamingBody.body { sink in
                    try await Self.stream(events(), id: id, created: created, session: session, to: sink)
                })
        }
        var reply = ChatReply()
        var model = body.model ?? "codex"
        var provider: ProviderID?
        for try await event in events() {
            switch event {
            case .routed(let id, let name): (provider, model) = (id, name)
            case .fellBack: break
            case .chat(let chatEvent): reply.apply(chatEvent)
            }
        }
        try await session?.record(reply, model: model, provider: provider)
        let calls = reply.toolCalls.map { OpenAIChat.WireToolCall($0, index: nil) }
        let completion = OpenAIChat.Completion(
            id: id, created: created, model: model,
            choices: [
                .init(
                    message: .init(content: reply.text, toolCalls: calls.isEmpty ? nil : calls),
                    finishReason: calls.isEmpty ? (reply.finishReason ?? "stop") : "tool_calls")
            ], usage: .init(reply.usage))
        var response = try completion.response(from: request, context: context)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// Relays gateway events as `chat.completion.chunk`s, then `[DONE]`.
    static func stream(
        _ events: AsyncThrowingStream<GatewayEvent, any Error>, id: String, created: Int, session: SessionRecorder?,
        to sink: FrameSink
    ) async throws {
        var model = "codex"
        var provider: ProviderID?
        var reply = ChatReply()
        var toolIndex = 0
        func chunk(_ delta: OpenAIChat.Chunk.Delta, finish: String? = nil, usage: OpenAIChat.Usage? = nil)
            -> ServerSentEvent
        {
            ServerSentEvent(
                event: nil,
                json: OpenAIChat.Chunk(
                    id: id, created: created, model: model, choices: [.init(delta: delta, finishReason: finish)],
                    usage: usage))
        }
        do {
            for try await event in events {
                switch event {
                case .routed(let id, let name):
                    (provider, model) = (id, name)
                    sink.yield(chunk(.init(role: "assistant", content: "")).buffer)
                case .fellBack: break
                case .chat(let chatEvent):
                    reply.apply(chatEvent)
                    switch chatEvent {
                    case .token(let text): sink.yield(chunk(.init(content: text)).buffer)
                    case .toolCall(let call):
                        sink.yield(chunk(.init(toolCalls: [.init(call, index: toolIndex)])).buffer)
                        toolIndex += 1
                    case .thinking, .usage: break
                    case .done(let reason):
                        let finish = toolIndex > 0 ? "tool_calls" : (reason ?? "stop")
                        sink.yield(chunk(.init(), finish: finish, usage: .init(reply.usage)).buffer)
                    }
                }
            }
        } catch let error where !(error is CancellationError) {
            sink.yield(AssistantEvents.errorFrame(error).buffer)
        }
        try await session?.record(reply, model: model, provider: provider)
        sink.yield(ServerSentEvent(event: nil, data: "[DONE]").buffer)
    }

    func sessionRecorder(_ request: Request, lastMessage: ChatMessage?, user: TeamUser?) async throws
        -> SessionRecorder?
    {
        guard let reference = request.headers[Self.sessionHeader], !reference.isEmpty else { return nil }
        let memory = services.memory(for: user)
        let session =
            reference == "new"
            ? try await memory.createSession(title: nil) : try await services.session(id: reference, for: user)
        if let lastMessage, lastMessage.role == .user {
            _ = try await memory.append(NewMessage(lastMessage), to: session.id)
        }
        return SessionRecorder(memory: memory, sessionId: session.id)
    }
}

/// Keeps an OpenAI-style exchange in a codex session: the user's last message, then the reply.
struct SessionRecorder: Sendable {
    let memory: any MemoryStore
    let sessionId: UUID

    func record(_ reply: ChatReply, model: String, provider: ProviderID?) async throws {
        guard !reply.text.isEmpty || !reply.toolCalls.isEmpty else { return }
        _ = try await memory.append(
            NewMessage(
                role: .assistant, content: reply.text, toolCalls: reply.toolCalls, model: model,
                provider: provider?.rawValue), to: sessionId)
        if let provider { try await memory.recordModel(model, provider: provider.rawValue, in: sessionId) }
    }
}
