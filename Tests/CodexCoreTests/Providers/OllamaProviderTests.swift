import CodexCore
import Foundation
import Testing

struct OllamaProviderTests {
    private func harness(_ replies: FixtureServer.Reply...) throws -> ProviderHarness {
        try ProviderHarness(replies) { OllamaProvider(baseURL: $0) }
    }

    @Test func streamsTextSplitMidJSONAndMidCharacter() async throws {
        // Given F1 with é (C3 A9) cut between its two bytes
        let transcript = try Transcript.load("ollama/F1-chat-stream").splitting("é", after: 1)
        let harness = try harness(transcript.reply(pauseMilliseconds: 5))
        defer { harness.stop() }
        // When
        let (events, error) = await harness.stream(hi)
        // Then the text is whole, the reply finished, and the stats are read
        #expect(error == nil)
        #expect(events.text == "Café ok")
        #expect(events.finish == "stop")
        let usage = try #require(events.usage)
        #expect(usage.promptTokens == 26)
        #expect(usage.completionTokens == 3)
        #expect(abs((usage.tokensPerSecond ?? 0) - 33.33) < 0.01)
        // And the request was a streaming /api/chat
        let request = try #require(harness.server.requests.first)
        #expect(request.method == "POST" && request.path == "/api/chat")
        #expect(request.json?["stream"] == true)
        #expect(request.json?["messages"] == [["role": "user", "content": "hi"]])
    }

    @Test func streamsTheSameWhenEveryByteArrivesAlone() async throws {
        let harness = try harness(
            try Transcript.load("ollama/F1-chat-stream").splittingEveryByte().reply(pauseMilliseconds: 0))
        defer { harness.stop() }
        let (events, error) = await harness.stream(hi)
        #expect(error == nil)
        #expect(events.text == "Café ok")
    }

    @Test(arguments: ["ollama/F2-chat-tool-call", "ollama/F2b-chat-tool-call-old"])
    func readsWholeToolCallsWithObjectArguments(name: String) async throws {
        // Given a streamed tool call from a new server (id, index) or an old one (neither)
        let harness = try harness(try Transcript.load(name).reply())
        defer { harness.stop() }
        var input = hi
        input.tools = [weatherTool]
        // When
        let (events, error) = await harness.stream(input)
        // Then one call, its arguments as JSON text, and no text
        #expect(error == nil)
        let call = try #require(events.toolCalls.first)
        #expect(events.toolCalls.count == 1)
        #expect(call.name == "get_weather")
        #expect(call.parsedArguments == ["city": "Tokyo"])
        #expect(call.id == (name.contains("F2b") ? nil : "call_1"))
        #expect(events.text.isEmpty)
        // And the tools went out in the OpenAI function shape
        #expect(harness.server.requests.first?.json?["tools"]?[0]?["function"]?["name"] == "get_weather")
    }

    @Test(arguments: ["ollama/F3a-model-not-found", "ollama/F3b-model-not-found-newer"])
    func saysToPullAMissingModel(name: String) async throws {
        let harness = try harness(try Transcript.load(name).reply())
        defer { harness.stop() }
        // When asking for a model the server does not have
        let (events, error) = await harness.stream(ChatInput(model: "llama9", messages: [.user("hi")]))
        // Then
        #expect(events.isEmpty)
        #expect(error?.kind == .notFound)
        #expect(error?.message.contains("llama9") == true)
        #expect(error?.hint == "run `ollama pull llama9`")
    }

    @Test func keepsTextBeforeAMidStreamError() async throws {
        let harness = try harness(try Transcript.load("ollama/F3c-mid-stream-error").reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(hi)
        #expect(events.text == " Yes")
        #expect(events.finish == nil)
        #expect(error?.kind == .provider)
        #expect(error?.message.contains("an error was encountered while running the model") == true)
    }

    @Test func retriesWhenBusyThenAnswers() async throws {
        // Given a busy 503, then a normal stream
        let harness = try harness(
            try Transcript.load("ollama/F3d-busy").reply(), try Transcript.load("ollama/F1-chat-stream").reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(hi)
        #expect(error == nil)
        #expect(events.text == "Café ok")
        #expect(harness.server.requests.count == 2)
    }

    @Test func reportsBusyAfterTheLastAttempt() async throws {
        let busy = try Transcript.load("ollama/F3d-busy").reply()
        let harness = try harness(busy, busy, busy, busy)
        defer { harness.stop() }
        let (_, error) = await harness.stream(hi)
        #expect(error?.message.contains("too busy") == true)
        #expect(error?.message.contains("maximum pending requests exceeded") == true)
        #expect(harness.server.requests.count == 3)
    }

    @Test func marksAReplyCutOffByAChunkedAbortAsTruncated() async throws {
        // Given F9: only the first line of F1, then the chunked body is abandoned
        let transcript = try Transcript.load("ollama/F1-chat-stream")
        let firstLine = transcript.body.firstIndex(of: 0x0A)! + 1
        let harness = try harness(transcript.truncated(toBodyBytes: firstLine).reply(complete: false))
        defer { harness.stop() }
        let (events, error) = await harness.stream(hi)
        #expect(events.text == "Caf")
        #expect(events.finish == nil)
        #expect(error?.message.contains("stopped before it was complete") == true)
    }

    @Test func marksAReplyWithoutDoneAsTruncatedEvenWhenTheCloseLooksClean() async throws {
        // Given the first line of F1 in a close-delimited body: the HTTP layer sees a normal end
        let line = Array(try Transcript.load("ollama/F1-chat-stream").body.split(separator: 0x0A)[0]) + [0x0A]
        let reply = Transcript(headLines: ["HTTP/1.1 200 OK", "Content-Type: application/x-ndjson"], parts: [line])
            .reply()
        let harness = try harness(reply)
        defer { harness.stop() }
        let (events, error) = await harness.stream(hi)
        #expect(events.text == "Caf")
        #expect(error?.message.contains("stopped before it was complete") == true)
    }

    @Test func answersWithoutStreaming() async throws {
        let harness = try harness(try Transcript.load("ollama/chat-nonstream").reply())
        defer { harness.stop() }
        var input = hi
        input.contextLength = 8192
        input.maxTokens = 100
        input.temperature = 0.2
        let reply = try await harness.client.chat(input, deadline: harness.deadline)
        #expect(reply.text == "Hello!")
        #expect(reply.finishReason == "stop")
        #expect(reply.usage?.promptTokens == 26)
        #expect(reply.usage?.completionTokens == 12)
        let body = try #require(harness.server.requests.first?.json)
        #expect(body["stream"] == false)
        #expect(body["options"] == ["num_ctx": 8192, "num_predict": 100, "temperature": 0.2])
    }

    @Test func readsANonStreamedToolCall() async throws {
        let harness = try harness(try Transcript.load("ollama/chat-nonstream-tool-call").reply())
        defer { harness.stop() }
        let reply = try await harness.client.chat(hi, deadline: harness.deadline)
        #expect(reply.toolCalls == [ToolCall(name: "get_weather", arguments: "{\"city\":\"Tokyo\"}")])
    }

    @Test func sendsToolHistoryInOllamasShape() async throws {
        let harness = try harness(try Transcript.load("ollama/chat-nonstream").reply())
        defer { harness.stop() }
        // Given a history with a call (arguments as JSON text) and its result
        let call = ToolCall(id: "call_1", name: "get_weather", arguments: "{\"city\":\"Tokyo\"}")
        let input = ChatInput(
            model: "qwen3",
            messages: [.user("weather?"), .assistant("", toolCalls: [call]), .toolResult("sunny", for: call)])
        _ = try await harness.client.chat(input, deadline: harness.deadline)
        // Then arguments go out as an object and the result names its tool
        let messages = try #require(harness.server.requests.first?.json?["messages"])
        #expect(messages[1]?["tool_calls"]?[0]?["function"]?["arguments"] == ["city": "Tokyo"])
        #expect(messages[2]?["role"] == "tool")
        #expect(messages[2]?["tool_name"] == "get_weather")
    }

    @Test func saysHowToStartOllamaWhenNothingListens() async throws {
        let port = try CurlTransportTests.unusedLoopbackPort()
        let client = ProviderClient(
            provider: OllamaProvider(baseURL: URL(string: "http://127.0.0.1:\(port)")!),
            transport: CurlTransport(policy: EgressPolicy(allowCloud: false)), logger: .init(label: "t"))
        do {
            _ = try await client.chat(hi, deadline: .untimed)
            Issue.record("expected an error")
        } catch let error as CodexError {
            #expect(error.message == "ollama is not running at 127.0.0.1:\(port)")
            #expect(error.hint == "start it with `ollama serve`")
        }
        let health = await client.health()
        #expect(health.state == .down)
    }

    @Test func embedsSeveralTexts() async throws {
        let harness = try harness(try Transcript.load("ollama/embed").reply())
        defer { harness.stop() }
        let vectors = try await harness.client.embed(["a", "b"], model: "all-minilm", deadline: harness.deadline)
        #expect(vectors == [[0.01, -0.002, 0.05], [0.5, 0.25, -0.125]])
        let request = try #require(harness.server.requests.first)
        #expect(request.path == "/api/embed")
        #expect(request.json == ["model": "all-minilm", "input": ["a", "b"]])
    }

    @Test func listsModelsFallingBackToName() async throws {
        let harness = try harness(try Transcript.load("ollama/tags").reply())
        defer { harness.stop() }
        let models = try await harness.client.models(deadline: harness.deadline)
        #expect(models.map(\.id) == ["codellama:13b", "all-minilm:latest"])
        #expect(models[0].parameterSize == "13B")
        #expect(models[0].quantization == "Q4_0")
        #expect(models[0].sizeBytes == 7_365_960_935)
        #expect(harness.server.requests.first?.path == "/api/tags")
    }

    @Test func readsTheContextLengthOfAModel() async throws {
        let harness = try harness(try Transcript.load("ollama/show").reply())
        defer { harness.stop() }
        let details = try await harness.client.modelDetails("llama3.2", deadline: harness.deadline)
        #expect(details.contextLength == 131_072)
        #expect(details.capabilities == ["completion", "tools"])
        #expect(harness.server.requests.first?.json == ["model": "llama3.2"])
    }

    @Test func completesCodeWithGenerate() async throws {
        let harness = try harness(try Transcript.load("ollama/generate-nonstream").reply())
        defer { harness.stop() }
        let completion = try await harness.client.complete(
            CompletionInput(model: "codellama", prompt: "def fib(n):\n    ", suffix: "\n    return r\n"),
            deadline: harness.deadline)
        #expect(completion.text == "if n <= 1:\n        return n")
        let body = try #require(harness.server.requests.first?.json)
        #expect(harness.server.requests.first?.path == "/api/generate")
        #expect(body["suffix"] == "\n    return r\n")
        #expect(body["stream"] == false)
    }

    @Test func probesHealthThroughTheVersion() async throws {
        let harness = try harness(try Transcript.load("ollama/F10-version").reply())
        defer { harness.stop() }
        let health = await harness.client.health()
        #expect(health.state == .up)
        #expect(health.version == "0.12.3")
        #expect(harness.server.requests.first?.path == "/api/version")
    }

    @Test func stoppingEarlyClosesTheConnection() async throws {
        // Given a stream that sends one line and then keeps the connection open (a model still generating)
        let line = Array(try Transcript.load("ollama/F1-chat-stream").body.split(separator: 0x0A)[0]) + [0x0A]
        let head = Array("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n".utf8)
        let harness = try harness(FixtureServer.Reply(steps: [.write(head), .write(line), .hold]))
        defer { harness.stop() }
        // When the reader stops after the first token (Ctrl-C, or a client that went away)
        for try await event in harness.client.streamChat(hi, deadline: harness.deadline) {
            #expect(event == .token("Caf"))
            break
        }
        // Then the server sees the connection closed, which stops generation
        #expect(await harness.server.waitForClientClose())
    }
}
