import CodexCore
import Foundation
import Logging

/// A provider pointed at a fixture server replaying transcripts, and the client that talks to it.
struct ProviderHarness {
    let server: FixtureServer
    let client: ProviderClient

    /// Retries are fast here (10 ms base) so retry tests stay quick; servers' own delays are set small by the tests.
    init(
        _ replies: [FixtureServer.Reply],
        retry: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(10), maxDelay: .seconds(5)),
        provider make: (URL) -> any Provider
    ) throws {
        server = try FixtureServer(replies)
        client = ProviderClient(
            provider: make(server.baseURL), transport: CurlTransport(policy: EgressPolicy(allowCloud: false)),
            retry: retry,
            logger: Logger(label: "test.providers"))
    }

    var deadline: ContinuousClock.Instant { .untimed }

    /// Every event until the stream ended, and the error it ended with, if any.
    func stream(_ input: ChatInput) async -> (events: [ChatEvent], error: CodexError?) {
        var events: [ChatEvent] = []
        do {
            for try await event in client.streamChat(input, deadline: deadline) { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error as? CodexError ?? CodexError.internal("\(error)"))
        }
    }

    func stop() { server.stop() }
}

extension [ChatEvent] {
    var text: String {
        compactMap { if case .token(let piece) = $0 { piece } else { nil } }.joined()
    }
    var toolCalls: [ToolCall] {
        compactMap { if case .toolCall(let call) = $0 { call } else { nil } }
    }
    var usage: TokenUsage? {
        compactMap { if case .usage(let usage) = $0 { usage } else { nil } }.last
    }
    /// The finish reason of the `.done` event; nil if the stream never completed.
    var finish: String?? {
        for case .done(let reason) in self { return .some(reason) }
        return nil
    }
}

let hi = ChatInput(model: "llama3.2", messages: [.user("hi")])
let weatherTool = ToolSpec(
    name: "get_weather", description: "Current weather for a city.",
    parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])
