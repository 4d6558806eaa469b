import CodexCore
import Foundation
import Testing

struct OpenAICompatibleProviderTests {
    private func harness(key: String? = nil, _ replies: FixtureServer.Reply...) throws -> ProviderHarness {
        try ProviderHarness(replies) { OpenAICompatibleProvider(baseURL: $0.appendingPathComponent("v1"), apiKey: key) }
    }

    private let input = ChatInput(model: "smollm2", messages: [.user("hi")])

    @Test func reportsLlamaCppsErrorFieldAsTooLongNotSuccess() async throws {
        // Given F6e: an `error:` event, then [DONE]
        let harness = try harness(try Transcript.load("openai-compatible/F6e-llamacpp-error-field").reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(input)
        #expect(events.finish == nil)
        #expect(error?.kind == .model)
        #expect(error?.message.contains("exceeds the available context size") == true)
        #expect(error?.hint?.contains("context length") == true)
    }

    @Test func streamsWithoutAnAuthorizationHeaderWhenNoKeyIsSet() async throws {
        let harness = try harness(try Transcript.load("openai/F4-chat-stream-usage").reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(input)
        #expect(error == nil)
        #expect(events.text == "Hello 👋")
        #expect(harness.server.requests.first?.header("authorization") == nil)
    }

    @Test func sendsTheKeyWhenTheServerWantsOne() async throws {
        let harness = try harness(
            key: "local-key",
            .status(
                401,
                body: "{\"error\":{\"code\":401,\"message\":\"Invalid API Key\",\"type\":\"authentication_error\"}}"))
        defer { harness.stop() }
        let (_, error) = await harness.stream(input)
        #expect(harness.server.requests.first?.header("authorization") == "Bearer local-key")
        #expect(error?.message.contains("Invalid API Key") == true)
        #expect(error?.hint?.contains("OPENAI_COMPATIBLE_API_KEY") == true)
    }

    @Test func probesHealthWhileLoadingAndWhenReady() async throws {
        let harness = try harness(
            try Transcript.load("openai-compatible/F10-health-loading").reply(),
            try Transcript.load("openai-compatible/F10-health-ok").reply())
        defer { harness.stop() }
        let loading = await harness.client.health()
        #expect(loading.state == .loading)
        #expect(loading.detail == "Loading model")
        let ready = await harness.client.health()
        #expect(ready.state == .up)
        #expect(harness.server.requests.map(\.path) == ["/v1/models", "/v1/models"])
    }

    @Test func completesText() async throws {
        let harness = try harness(try Transcript.load("openai/completions").reply())
        defer { harness.stop() }
        let completion = try await harness.client.complete(
            CompletionInput(model: "smollm2", prompt: "def fib(n):", maxTokens: 16), deadline: harness.deadline)
        #expect(completion.text == "if n <= 1:\n        return n")
        #expect(completion.finishReason == "stop")
        #expect(harness.server.requests.first?.json?["max_tokens"] == 16)
    }

    @Test(arguments: [
        (404, "{\"error\":\"model 'nope' not found\"}", CodexError.Kind.notFound, "model 'nope' not found"),
        (404, "404 page not found", .unsupported, "HTTP 404: 404 page not found"),
        (502, "<html><body>Bad Gateway</body></html>", .provider, "HTTP 502"),
        (500, "", .provider, "HTTP 500"),
        (400, "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":null}}", .provider, "bad"),
    ])
    func readsEveryErrorBodyShape(status: Int, body: String, kind: CodexError.Kind, words: String) async throws {
        let harness = try harness(.status(status, body: body))
        defer { harness.stop() }
        let (_, error) = await harness.stream(ChatInput(model: "nope", messages: [.user("hi")]))
        #expect(error?.kind == kind)
        #expect(error?.message.contains(words) == true, "\(String(describing: error))")
    }
}
