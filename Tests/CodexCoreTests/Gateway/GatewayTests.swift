import CodexCore
import Foundation
import Testing

struct GatewayTests {
    @Test func aProviderFailingBeforeItsFirstTokenFallsThroughToTheNext() async throws {
        // Given Ollama up but without the model, and a llama.cpp server that answers
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [try Transcript.load("ollama/F3a-model-not-found").reply()])
        let llama = try FixtureServer(
            try Transcript.load("openai/models").reply(), try Transcript.load("openai/models").reply(),
            try Transcript.load("openai/F4-chat-stream-usage").reply())
        defer { ollama.stop(); llama.stop() }
        let gateway = Gateway(
            endpoints: [ModelFixtures.ollama(ollama), ModelFixtures.openAICompatible(llama)],
            logger: ModelFixtures.logger)

        // When streaming a chat
        var events: [GatewayEvent] = []
        let makeInput: @Sendable (ModelRoute) -> ChatInput = { route in
            ChatInput(
                model: route.model, messages: [.user("hi")],
                contextLength: route.setsContextLength ? route.contextLength : nil)
        }
        for try await event in gateway.streamChat(makeInput: makeInput) {
            events.append(event)
        }

        // Then Ollama's failure is reported, llama.cpp answers, and the text arrives whole
        guard case .fellBack(let from, let reason) = events.first else {
            Issue.record("no fallback: \(events)"); return
        }
        #expect(from == .ollama)
        #expect(reason.contains("not found"))
        guard case .routed(let provider, _) = events.dropFirst().first else { Issue.record("not routed"); return }
        #expect(provider == .openAICompatible)
        let text = events.compactMap { if case .chat(.token(let piece)) = $0 { piece } else { nil } }.joined()
        #expect(text == "Hello 👋")
        #expect(ollama.requests.map(\.path) == ["/api/version", "/api/show", "/api/chat"])
        #expect(ollama.requests.last?.json?["options"]?["num_ctx"]?.intValue == 8192)
    }

    @Test func aSecondReplyReusesTheRouteAndAFailureForgetsIt() async throws {
        // Given llama.cpp without a configured model (the route asks for its model list, then the
        // model's details, which are in the same list)
        let models = try Transcript.load("openai/models").reply()
        let llama = try FixtureServer(
            models, models, models, try Transcript.load("openai/F4-chat-stream-usage").reply(),
            try Transcript.load("openai/F4-chat-stream-usage").reply(), .status(500, body: "{}"),
            models, models, models, try Transcript.load("openai/F4-chat-stream-usage").reply())
        defer { llama.stop() }
        let gateway = Gateway(
            endpoints: [ModelFixtures.openAICompatible(llama, model: nil)], logger: ModelFixtures.logger)
        func reply() async throws -> String {
            var text = ""
            for try await event in gateway.streamChat(makeInput: { ChatInput(model: $0.model, messages: [.user("hi")]) }
            ) {
                if case .chat(.token(let piece)) = event { text += piece }
            }
            return text
        }
        // When two replies follow each other, then one fails, then another is asked for
        #expect(try await reply() == "Hello 👋")
        #expect(try await reply() == "Hello 👋")
        await #expect(throws: CodexError.self) { try await reply() }
        #expect(try await reply() == "Hello 👋")
        // Then the second reply skipped the probe and the model list, and after the failure both were asked again
        #expect(
            llama.requests.map(\.path) == [
                "/v1/models", "/v1/models", "/v1/models", "/v1/chat/completions", "/v1/chat/completions",
                "/v1/chat/completions", "/v1/models", "/v1/models", "/v1/models", "/v1/chat/completions",
            ])
    }

    @Test func afterTheFirstTokenAnErrorEndsTheReplyWithoutTryingOthers() async throws {
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [try Transcript.load("ollama/F3c-mid-stream-error").reply()])
        let llama = try FixtureServer(try Transcript.load("openai/models").reply())
        defer { ollama.stop(); llama.stop() }
        let gateway = Gateway(
            endpoints: [ModelFixtures.ollama(ollama), ModelFixtures.openAICompatible(llama)],
            logger: ModelFixtures.logger)

        var text = ""
        var failure: CodexError?
        do {
            for try await event in gateway.streamChat(makeInput: { ChatInput(model: $0.model, messages: [.user("hi")]) }
            ) {
                if case .chat(.token(let piece)) = event { text += piece }
            }
        } catch {
            failure = error as? CodexError
        }
        #expect(text == " Yes")
        #expect(failure?.message.contains("an error was encountered while running the model") == true)
        #expect(llama.requests.map(\.path) == ["/v1/models"])  // probed, never asked to chat
    }

    @Test func withNothingRunningTheErrorSaysWhyForEachProvider() async throws {
        let closed = try ModelFixtures.closedPortServer()
        let gateway = Gateway(
            endpoints: [ModelFixtures.ollama(closed), ModelFixtures.openAICompatible(closed)],
            logger: ModelFixtures.logger)
        let error = await #expect(throws: CodexError.self) {
            for try await _ in gateway.streamChat(makeInput: { ChatInput(model: $0.model, messages: [.user("hi")]) }) {}
        }
        #expect(error?.kind == .provider)
        #expect(error?.message.contains("ollama:") == true)
        #expect(error?.message.contains("openai-compatible:") == true)
        #expect(error?.hint?.contains("ollama serve") == true)
    }

    @Test func withoutAConfiguredModelTheFirstChatModelIsUsed() async throws {
        let ollama = try FixtureServer(
            try Transcript.load("ollama/tags").reply(), try Transcript.load("ollama/show").reply())
        defer { ollama.stop() }
        let gateway = Gateway(endpoints: [ModelFixtures.ollama(ollama, model: nil)], logger: ModelFixtures.logger)
        let route = try await gateway.route(gateway.endpoints[0], model: nil)
        #expect(!route.model.isEmpty)
        #expect(ollama.requests.first?.path == "/api/tags")
        #expect(route.contextLength == 8192)  // the model's 131072 capped to the default window
        #expect(route.setsContextLength)
    }
}

struct ProviderCatalogTests {
    func ids(_ environment: [String: String]) throws -> [String] {
        let settings = try SettingsLoader(
            environment: environment, workingDirectory: "/nonexistent", codexHome: "/nonexistent"
        ).load()
        return try ProviderCatalog.endpoints(
            settings: settings, transport: ModelFixtures.transport, logger: ModelFixtures.logger
        )
        .map(\.id.rawValue)
    }

    @Test func autoTriesLocalServersAndTheCloudOnlyWhenAllowed() throws {
        #expect(try ids([:]) == ["ollama", "openai-compatible", "openai-compatible"])
        #expect(try ids(["OPENAI_API_KEY": "sk-x"]) == ["ollama", "openai-compatible", "openai-compatible"])
        #expect(try ids(["OPENAI_API_KEY": "sk-x", "CODEX_ALLOW_CLOUD": "1"]).last == "openai")
        #expect(try ids(["TABBY_URL": "http://127.0.0.1:9000"]).contains("tabbyml"))
        #expect(try ids(["OPENAI_COMPATIBLE_BASE_URL": "http://127.0.0.1:5000/v1"]) == ["ollama", "openai-compatible"])
    }

    @Test func anExplicitCloudProviderNeedsPermissionAndAKey() throws {
        #expect(throws: CodexError.self) { try ids(["MODEL_PROVIDER": "openai", "OPENAI_API_KEY": "sk-x"]) }
        #expect(throws: CodexError.self) { try ids(["MODEL_PROVIDER": "azure", "CODEX_ALLOW_CLOUD": "1"]) }
        #expect(try ids(["MODEL_PROVIDER": "ollama"]) == ["ollama"])
    }
}
