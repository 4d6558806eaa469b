import CodexCore
import Foundation
import Logging
import Testing

struct OpenAIProviderTests {
    static let key = "sk-test-0123456789abcdef"

    private func harness(_ replies: FixtureServer.Reply...) throws -> ProviderHarness {
        try ProviderHarness(replies) { OpenAIProvider(apiKey: Self.key, baseURL: $0.appendingPathComponent("v1")) }
    }

    private let input = ChatInput(model: "gpt-4o-mini", messages: [.user("hi")])

    @Test func streamsTextAndTheFinalUsageChunk() async throws {
        // Given F4 with the emoji 👋 cut after its second byte
        let transcript = try Transcript.load("openai/F4-chat-stream-usage").splitting("👋", after: 2)
        let harness = try harness(transcript.reply(pauseMilliseconds: 5))
        defer { harness.stop() }
        let (events, error) = await harness.stream(input)
        #expect(error == nil)
        #expect(events.text == "Hello 👋")
        #expect(events.finish == "stop")
        #expect(events.usage == TokenUsage(promptTokens: 9, completionTokens: 3, totalTokens: 12))
        // And the request asked for usage, with the key in the header
        let request = try #require(harness.server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.header("authorization") == "Bearer \(Self.key)")
        #expect(request.json?["stream_options"] == ["include_usage": true])
        #expect(request.json?["model"] == "gpt-4o-mini")
    }

    @Test func mergesAToolCallSplitOverThreeChunksWithCRLF() async throws {
        // Given F5 (CRLF) with a read boundary between a \r and its \n
        let transcript = try Transcript.load("openai/F5-tool-call-crlf").splitting("}]}\r\n", after: 4)
        #expect(transcript.parts.count == 3)
        let harness = try harness(transcript.reply(pauseMilliseconds: 5))
        defer { harness.stop() }
        let (events, error) = await harness.stream(input)
        #expect(error == nil)
        #expect(events.toolCalls == [ToolCall(id: "call_abc", name: "get_weather", arguments: "{\"city\":\"Paris\"}")])
        #expect(events.toolCalls.first?.parsedArguments == ["city": "Paris"])
        #expect(events.finish == "tool_calls")
        #expect(events.text.isEmpty)
    }

    @Test func saysWhichVariableHoldsARefusedKey() async throws {
        let harness = try harness(try Transcript.load("openai/F6a-bad-key").reply())
        defer { harness.stop() }
        let (_, error) = await harness.stream(input)
        #expect(error?.message.contains("Incorrect API key provided.") == true)
        #expect(error?.hint?.contains("OPENAI_API_KEY") == true)
        #expect(harness.server.requests.count == 1)
    }

    @Test func neverShowsTheKeyEvenWhenTheServerEchoesIt() async throws {
        let body = "{\"error\":{\"message\":\"Incorrect API key provided: \(Self.key).\",\"code\":\"invalid_api_key\"}}"
        let harness = try harness(.status(401, body: body))
        defer { harness.stop() }
        let (_, error) = await harness.stream(input)
        let text = try #require(error).description
        #expect(!text.contains(Self.key))
        #expect(text.contains("Incorrect API key provided"))
    }

    @Test func waitsAsLongAsRetryAfterMsSaysThenRetries() async throws {
        // Given F6b asking for a 20 ms wait, then a good stream
        let limited = try Transcript.load("openai/F6b-rate-limited").settingHeader("retry-after-ms", to: "20")
        let harness = try harness(limited.reply(), try Transcript.load("openai/F4-chat-stream-usage").reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(input)
        #expect(error == nil)
        #expect(events.text == "Hello 👋")
        #expect(harness.server.requests.count == 2)
    }

    @Test func reportsARateLimitWhoseWaitIsTooLongInsteadOfWaiting() async throws {
        // Given a 429 asking for 10 minutes, more than the policy's 5 s ceiling
        let limited = try Transcript.load("openai/F6b-rate-limited").settingHeader("retry-after-ms", to: "600000")
        let harness = try harness(limited.reply())
        defer { harness.stop() }
        let (_, error) = await harness.stream(input)
        #expect(error?.message.contains("rate limiting") == true)
        #expect(error?.hint == "wait 10 min and try again")
        #expect(harness.server.requests.count == 1)
    }

    @Test func doesNotRetryAnExhaustedQuota() async throws {
        let harness = try harness(
            try Transcript.load("openai/F6c-quota").reply(), try Transcript.load("openai/F4-chat-stream-usage").reply())
        defer { harness.stop() }
        let (_, error) = await harness.stream(input)
        #expect(error?.message.contains("quota") == true)
        #expect(harness.server.requests.count == 1)
    }

    @Test func keepsTextBeforeAMidStreamErrorEvent() async throws {
        let harness = try harness(try Transcript.load("openai/F6d-mid-stream-error").reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(input)
        #expect(events.text == "Part")
        #expect(events.finish == nil)
        #expect(error?.message.contains("The server had an error while processing your request.") == true)
    }

    @Test func marksAStreamThatEndsWithoutDoneAsTruncated() async throws {
        // Given F9's OpenAI variant: the first two events of F4, then the connection closes
        let body = try Transcript.load("openai/F4-chat-stream-usage").bodyText
        let firstTwo = body.components(separatedBy: "\n\n").prefix(2).joined(separator: "\n\n") + "\n\n"
        let reply = Transcript(
            headLines: ["HTTP/1.1 200 OK", "Content-Type: text/event-stream"], parts: [Array(firstTwo.utf8)]
        ).reply()
        let harness = try harness(reply)
        defer { harness.stop() }
        let (events, error) = await harness.stream(input)
        #expect(events.text == "Hel")
        #expect(error?.message.contains("stopped before it was complete") == true)
    }

    @Test func answersWithoutStreaming() async throws {
        let harness = try harness(try Transcript.load("openai/chat-nonstream").reply())
        defer { harness.stop() }
        let reply = try await harness.client.chat(input, deadline: harness.deadline)
        #expect(
            reply
                == ChatReply(
                    text: "Hi!", finishReason: "stop",
                    usage: TokenUsage(promptTokens: 9, completionTokens: 3, totalTokens: 12)))
        #expect(harness.server.requests.first?.json?["stream"] == false)
        #expect(harness.server.requests.first?.json?["stream_options"] == nil)
    }

    @Test func readsANonStreamedToolCallAndSendsHistoryBack() async throws {
        let harness = try harness(try Transcript.load("openai/chat-nonstream-tool-call").reply())
        defer { harness.stop() }
        var request = input
        request.tools = [weatherTool]
        let call = ToolCall(id: "call_0", name: "get_weather", arguments: "{\"city\":\"Rome\"}")
        request.messages += [.assistant("", toolCalls: [call]), .toolResult("sunny", for: call)]
        let reply = try await harness.client.chat(request, deadline: harness.deadline)
        #expect(
            reply.toolCalls == [ToolCall(id: "call_abc123", name: "get_weather", arguments: "{\"city\":\"Paris\"}")])
        #expect(reply.finishReason == "tool_calls")
        let messages = try #require(harness.server.requests.first?.json?["messages"])
        #expect(messages[1]?["content"] == .null)
        #expect(messages[1]?["tool_calls"]?[0]?["function"]?["arguments"] == "{\"city\":\"Rome\"}")
        #expect(messages[2]?["tool_call_id"] == "call_0")
        #expect(harness.server.requests.first?.json?["tools"]?[0]?["type"] == "function")
    }

    @Test func embedsInInputOrderWhateverTheOrderOfData() async throws {
        let harness = try harness(try Transcript.load("openai/embeddings").reply())
        defer { harness.stop() }
        let vectors = try await harness.client.embed(
            ["a", "b"], model: "text-embedding-3-small", deadline: harness.deadline)
        #expect(vectors == [[0.0023, -0.0093], [0.5, 0.25]])
    }

    @Test func listsModels() async throws {
        let harness = try harness(try Transcript.load("openai/models").reply())
        defer { harness.stop() }
        #expect(
            try await harness.client.models(deadline: harness.deadline).map(\.id) == [
                "gpt-4o-mini", "text-embedding-3-small",
            ])
        #expect(harness.server.requests.first?.path == "/v1/models")
    }

    @Test func refusesTheRealCloudWhenNotAllowedWithoutConnecting() async throws {
        // Given the default api.openai.com URL and cloud use off: the policy stops it before any socket
        let client = ProviderClient(
            provider: OpenAIProvider(apiKey: Self.key),
            transport: CurlTransport(policy: EgressPolicy(allowCloud: false)),
            logger: Logger(label: "t"))
        await #expect(throws: CodexError.cloudNotAllowed(host: "api.openai.com", provider: "openai")) {
            _ = try await client.chat(input, deadline: .untimed)
        }
        let health = await client.health()
        #expect(health.state == .down)
        #expect(health.detail.contains("api.openai.com"))
    }
}
