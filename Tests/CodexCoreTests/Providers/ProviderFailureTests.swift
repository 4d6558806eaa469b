import Testing

@testable import CodexCore
@testable import CodexSQLite

struct ProviderFailureTests {
    @Test(
        arguments: [
            (#"{"error":"model 'x' not found"}"#, "model 'x' not found", nil, nil),
            (
                #"{"error":{"message":"Rate limit","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
                "Rate limit", "requests", "rate_limit_exceeded"
            ),
            (#"{"error":{"code":"401","message":"Access denied"}}"#, "Access denied", nil, "401"),
            (
                #"{"error":{"code":400,"message":"too long","type":"exceed_context_size_error"}}"#, "too long",
                "exceed_context_size_error", "400"
            ),
            (#"{"detail":"Not authenticated"}"#, "Not authenticated", nil, nil),
            (#"{"message":"bare message"}"#, "bare message", nil, nil),
            ("404 page not found", "404 page not found", nil, nil),
            ("<html>bad gateway</html>", "HTTP 418", nil, nil),
            ("", "HTTP 418", nil, nil),
            (#"{"error":{"type":"x"}}"#, "HTTP 418", "x", nil),
        ] as [(String, String, String?, String?)])
    func readsEveryShape(body: String, message: String, type: String?, code: String?) {
        let failure = ProviderFailure(status: 418, body: Array(body.utf8))
        #expect(failure == ProviderFailure(status: 418, message: message, type: type, code: code))
    }

    @Test func findsNoErrorInAnOrdinaryChunk() throws {
        // Ollama chunks have a "message" object; OpenAI chunks may carry "error": null
        #expect(
            ProviderFailure(status: nil, json: try JSONValue.parse(#"{"message":{"content":"hi"},"done":false}"#))
                == nil)
        #expect(ProviderFailure(status: nil, json: try JSONValue.parse(#"{"choices":[],"error":null}"#)) == nil)
    }
}

struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(5))

    @Test func prefersRetryAfterMsThenRetryAfterThenBackoff() {
        let both = ResponseHead(
            status: 429, headers: [HTTPHeader("retry-after-ms", "1500"), HTTPHeader("Retry-After", "2")])
        #expect(policy.delay(after: 1, head: both) == .milliseconds(1500))
        #expect(
            policy.delay(after: 1, head: ResponseHead(status: 429, headers: [HTTPHeader("Retry-After", "2")]))
                == .seconds(2))
        let none = ResponseHead(status: 503)
        #expect(
            [1, 2, 3].map { policy.delay(after: $0, head: none) } == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400),
            ])
        #expect(policy.delay(after: 12, head: none) == .seconds(5))
    }

    @Test func refusesToWaitLongerThanTheCeiling() {
        #expect(
            policy.delay(after: 1, head: ResponseHead(status: 429, headers: [HTTPHeader("Retry-After", "3600")])) == nil
        )
    }

    @Test func retriesRateLimitsAndBusyButNotQuotaOrOtherErrors() {
        #expect(policy.isRetryable(ProviderFailure(status: 429, message: "slow down", code: "rate_limit_exceeded")))
        #expect(policy.isRetryable(ProviderFailure(status: 503, message: "busy")))
        #expect(!policy.isRetryable(ProviderFailure(status: 429, message: "quota", type: "insufficient_quota")))
        #expect(!policy.isRetryable(ProviderFailure(status: 500, message: "crash")))
        #expect(!policy.isRetryable(ProviderFailure(status: 401, message: "key")))
    }
}

struct ToolCallAssemblerTests {
    @Test func mergesInterleavedParallelCallsByIndex() {
        var assembler = ToolCallAssembler()
        for fragment in [
            ToolCallFragment(index: 0, id: "a", name: "first", arguments: ""),
            ToolCallFragment(index: 1, id: "b", name: "second", arguments: "{\"x\""),
            ToolCallFragment(index: 0, arguments: "{\"y\":"),
            ToolCallFragment(index: 1, arguments: ":1}"),
            ToolCallFragment(index: 0, id: "a", name: "first", arguments: "2}"),  // some servers repeat id and name
        ] { assembler.add(fragment) }
        #expect(
            assembler.toolCalls == [
                ToolCall(id: "a", name: "first", arguments: "{\"y\":2}"),
                ToolCall(id: "b", name: "second", arguments: "{\"x\":1}"),
            ])
    }

    @Test func keepsWholeCallsApartEvenWithTheSameIndex() {
        var assembler = ToolCallAssembler()
        assembler.add(ToolCallFragment(index: 0, name: "a", arguments: "{}", isWhole: true))
        assembler.add(ToolCallFragment(index: 0, name: "b", arguments: "{}", isWhole: true))
        #expect(assembler.toolCalls.map(\.name) == ["a", "b"])
    }

    @Test func reportsInvalidArgumentsAsUnparsedRatherThanFailing() {
        #expect(ToolCall(name: "t", arguments: "{\"city\": \"Pa").parsedArguments == nil)
        #expect(ToolCall(name: "t", arguments: "").parsedArguments == [:])
    }
}

struct ContextOverflowCountTests {
    @Test func llamaCppsCountsComeFromItsErrorObject() throws {
        let body = try Transcript.load("openai-compatible/llamacpp-context-exceeded").body
        let failure = ProviderFailure(status: 400, body: body)
        #expect(failure.isContextOverflow)
        #expect(failure.promptTokens == 9631)
        #expect(failure.contextLength == 2048)
    }

    @Test func openAIsCountsComeFromItsMessage() {
        let body =
            #"{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages "#
            + #"resulted in 9000 tokens. Please reduce the length of the messages.","type":"invalid_request_error","#
            + #""param":"messages","code":"context_length_exceeded"}}"#
        let failure = ProviderFailure(status: 400, body: Array(body.utf8))
        #expect(failure.isContextOverflow)
        #expect(failure.promptTokens == 9000)
        #expect(failure.contextLength == 8192)
    }
}
