import CodexCore
import Foundation
import Hummingbird

/// Renders an assistant turn: collected into one JSON reply, or as Server-Sent Events.
enum AssistantEvents {
    /// Runs the turn to its end; errors before the first token surface as the route's error.
    static func collect(_ events: AsyncThrowingStream<AssistantEvent, any Error>) async throws -> ReplyDTO {
        var toolCalls: [ToolCall] = []
        var notices: [String] = []
        for try await event in events {
            switch event {
            case .toolCall(let call): toolCalls.append(call)
            case .notice(let text): notices.append(text)
            case .fellBack(let provider, let reason): notices.append("\(provider) failed (\(reason)); tried the next provider")
            case .finished(let reply): return ReplyDTO(reply, toolCalls: toolCalls, notices: notices)
            case .routed, .token, .thinking, .toolResult: break
            }
        }
        throw CodexError.internal("the turn ended without a reply")
    }

    /// The SSE frames for one event: `token`, `tool_call`, `citation`…, then `done`.
    static func frames(_ event: AssistantEvent) -> [ServerSentEvent] {
        switch event {
        case .routed(let provider, let model):
            [ServerSentEvent(event: "routed", json: RoutedDTO(provider: provider.rawValue, model: model))]
        case .fellBack(let provider, let reason):
            [ServerSentEvent(event: "notice", json: NoticeDTO(message: "\(provider) failed (\(reason)); trying the next provider"))]
        case .token(let text): [ServerSentEvent(event: "token", json: TokenDTO(text: text))]
        case .thinking(let text): [ServerSentEvent(event: "thinking", json: TokenDTO(text: text))]
        case .toolCall(let call): [ServerSentEvent(event: "tool_call", json: call)]
        case .toolResult(let result):
            [ServerSentEvent(
                event: "tool_result",
                json: ToolResultDTO(id: result.call.id, name: result.call.name, summary: result.summary, isError: result.isError))]
        case .notice(let text): [ServerSentEvent(event: "notice", json: NoticeDTO(message: text))]
        case .finished(let reply):
            reply.citations.map { ServerSentEvent(event: "citation", json: $0) } + [
                ServerSentEvent(
                    event: "done",
                    json: DoneDTO(
                        sessionId: reply.sessionId?.lowercasedString, messageId: reply.messageId, usage: reply.usage,
                        incomplete: reply.incomplete, error: reply.error, hint: reply.hint, mode: reply.mode.rawValue))
            ]
        }
    }

    static func errorFrame(_ error: any Error) -> ServerSentEvent {
        let codexError = error as? CodexError ?? CodexError.internal("the server failed to answer")
        return ServerSentEvent(event: "error", json: codexError.jsonBody)
    }

    /// A `text/event-stream` response; the client leaving cancels the turn (and the model request).
    static func eventStream(_ makeEvents: @Sendable @escaping () -> AsyncThrowingStream<AssistantEvent, any Error>) -> Response {
        Response(
            status: .ok, headers: StreamingBody.eventStreamHeaders,
            body: StreamingBody.body { sink in
                do {
                    for try await event in makeEvents() {
                        for frame in frames(event) { sink.yield(frame.buffer) }
                    }
                } catch let error where !(error is CancellationError) {
                    sink.yield(errorFrame(error).buffer)
                }
            })
    }
}
