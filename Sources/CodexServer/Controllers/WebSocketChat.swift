import CodexCore
import Foundation
import HummingbirdWebSocket
import Logging
import Synchronization

/// `GET /chat/ws`: the `/chat` conversation over one socket, several turns in a row.
///
/// Client → server: `{"type":"chat","message":…,"session_id"?,"model"?,"provider"?,"collection"?}`
/// or `{"type":"cancel"}`. Server → client: `{"type":"routed"|"token"|"tool_call"|"citation"|"notice"|"done"|"error",…}`,
/// the same events as the SSE stream. One turn at a time; closing the socket cancels the turn.
struct WebSocketChat {
    let services: CodexServices
    let maxMessageBytes: Int

    struct ClientMessage: Decodable {
        var type: String
        var message: String?
        var sessionId: String?
        var model: String?
        var provider: String?
        var collection: String?
        enum CodingKeys: String, CodingKey {
            case type, message, model, provider, collection, sessionId = "session_id"
        }
    }

    func handle(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        context: WebSocketRouterContext<CodexRequestContext>
    ) async throws {
        var turn: Task<Void, Never>?
        let busy = SharedFlag()
        defer { turn?.cancel() }
        for try await message in inbound.messages(maxSize: maxMessageBytes) {
            guard case .text(let text) = message,
                let request = try? JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8))
            else {
                try await send(
                    error: .invalidInput("not a JSON message", hint: "send {\"type\":\"chat\",\"message\":\"…\"}"),
                    outbound)
                continue
            }
            switch request.type {
            case "cancel":
                guard let running = turn, busy.withLock({ $0 }) else { continue }
                running.cancel()
                await running.value
                try await outbound.write(.text(#"{"type":"cancelled"}"#))
            case "chat":
                guard !busy.withLock({ $0 }) else {
                    try await send(
                        error: .invalidInput(
                            "a reply is still streaming", hint: "wait for done, or send {\"type\":\"cancel\"}"),
                        outbound)
                    continue
                }
                guard let message = request.message, !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                else {
                    try await send(
                        error: .invalidInput(
                            "the message is empty", hint: "send {\"type\":\"chat\",\"message\":\"…\"}"), outbound)
                    continue
                }
                let session: String?
                do {
                    session = try await services.existingSession(request.sessionId, for: context.requestContext.user)
                } catch let error as CodexError {
                    try await send(error: error, outbound)
                    continue
                }
                let chat = Assistant.ChatRequest(
                    message: message, session: session, collection: request.collection, model: request.model,
                    provider: request.provider.map(ProviderID.init(rawValue:)))
                let assistant = try services.assistant(request.collection, for: context.requestContext.user)
                busy.withLock { $0 = true }
                turn = Task {
                    await run(assistant.chat(chat), outbound)
                    busy.withLock { $0 = false }
                }
            default:
                try await send(
                    error: .invalidInput("unknown message type \"\(request.type)\"", hint: "use chat or cancel"),
                    outbound)
            }
        }
    }

    private func run(_ events: AsyncThrowingStream<AssistantEvent, any Error>, _ outbound: WebSocketOutboundWriter)
        async
    {
        do {
            for try await event in events {
                for frame in AssistantEvents.frames(event) { try await outbound.write(.text(Self.json(frame))) }
            }
        } catch is CancellationError {
            return
        } catch {
            try? await send(error: error as? CodexError ?? .internal("the server failed to answer"), outbound)
        }
    }

    private func send(error: CodexError, _ outbound: WebSocketOutboundWriter) async throws {
        try await outbound.write(.text(Self.json(ServerSentEvent(event: "error", json: error.jsonBody))))
    }

    /// An SSE frame as one WebSocket JSON message: `{"type": event, …data}`.
    static func json(_ frame: ServerSentEvent) -> String {
        let type = frame.event ?? "message"
        let data = frame.data.trimmingCharacters(in: .whitespaces)
        guard data.hasPrefix("{"), data.count > 2 else { return #"{"type":"\#(type)"}"# }
        return #"{"type":"\#(type)","# + data.dropFirst()
    }
}

/// Whether a turn is streaming on a socket; set by the turn's task, read by the socket's loop.
final class SharedFlag: Sendable {
    private let value = Mutex(false)
    func withLock<T>(_ body: (inout Bool) -> T) -> T { value.withLock { body(&$0) } }
}
