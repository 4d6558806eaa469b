import CodexCore
import Foundation
import Testing

/// A provider that runs but refuses is not "not running": the error and its hint say what it refused.
struct RefusalTests {
    static func failure(_ gateway: Gateway, input: @escaping @Sendable (ModelRoute) -> ChatInput) async -> CodexError? {
        do {
            for try await _ in gateway.streamChat(makeInput: input) {}
            return nil
        } catch {
            return error as? CodexError
        }
    }

    @Test func aBadRequestFromARunningServerIsReportedAsARefusalWithItsHint() async throws {
        // Given Ollama not running, and llama.cpp up but refusing the request
        let closed = try ModelFixtures.closedPortServer()
        let llama = try FixtureServer(
            try Transcript.load("openai/models").reply(), try Transcript.load("openai/models").reply(),
            .status(
                400, reason: "Bad Request", headers: ["Content-Type: application/json"],
                body:
                    #"{"error":{"code":400,"message":"Invalid 'messages': must be an array","type":"invalid_request_error"}}"#
            ))
        defer { llama.stop() }
        let gateway = Gateway(
            endpoints: [ModelFixtures.ollama(closed), ModelFixtures.openAICompatible(llama)],
            logger: ModelFixtures.logger)

        let error = try #require(await Self.failure(gateway) { ChatInput(model: $0.model, messages: [.user("hi")]) })

        #expect(
            error.message.hasPrefix(
                "openai-compatible is running but refused the request (HTTP 400: Invalid 'messages'"))
        #expect(error.message.contains("also tried ollama: ollama is not running"))
        #expect(error.hint?.contains("ollama serve") == false)
        #expect(error.hint?.contains("model name") == true)
    }

    @Test func aPromptTooLongEvenAfterReplanningNamesTheWindowSetting() async throws {
        // Given llama.cpp refusing twice as too long (a caller that ignores the window)
        let llama = try FixtureServer(
            try Transcript.load("openai/models").reply(), try Transcript.load("openai/models").reply(),
            try Transcript.load("openai-compatible/llamacpp-context-exceeded").reply(),
            try Transcript.load("openai-compatible/llamacpp-context-exceeded").reply())
        defer { llama.stop() }
        let gateway = Gateway(endpoints: [ModelFixtures.openAICompatible(llama)], logger: ModelFixtures.logger)

        let error = try #require(
            await Self.failure(gateway) {
                ChatInput(model: $0.model, messages: [.user(String(repeating: "disk ", count: 9000))])
            })

        // Then it was asked twice (once replanned), and the message is about the window, not the server being down
        #expect(llama.requests.map(\.path).filter { $0 == "/v1/chat/completions" }.count == 2)
        #expect(error.message.contains("is running but refused the prompt as longer than its context window"))
        #expect(error.message.contains("9631 tokens"))
        #expect(error.hint?.contains("CODEX_CONTEXT_LENGTH") == true)
        #expect(error.hint?.contains("ollama serve") == false)
        #expect(error.contextOverflow?.contextLength == 2048)
        #expect(error.contextOverflow?.promptTokens == 9631)
    }
}
