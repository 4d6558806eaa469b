import CodexCore
import Foundation
import Testing

struct CodeCompletionTests {
    func tabby(_ server: FixtureServer) -> ProviderEndpoint {
        ProviderEndpoint(
            client: ProviderClient(
                provider: TabbyProvider(baseURL: server.baseURL), transport: ModelFixtures.transport, retry: .never,
                logger: ModelFixtures.logger))
    }

    @Test func tabbyCompletesThePrefixWithTheSuffixAndLanguage() async throws {
        // Given TabbyML answering a completion (F8a), listed after Ollama which is down
        let server = try FixtureServer(
            try Transcript.load("tabby/health").reply(), try Transcript.load("tabby/F8a-completion").reply())
        let closed = try ModelFixtures.closedPortServer()
        defer { server.stop() }
        let gateway = Gateway(endpoints: [ModelFixtures.ollama(closed), tabby(server)], logger: ModelFixtures.logger)

        // When completing a Python function body
        let completion = try await gateway.complete(
            prefix: "def fib(n):\n    ", suffix: "\n", language: "python")

        // Then the completion is TabbyML's text, and it was sent the segments and language
        #expect(completion.text == "if n <= 1:\n        return n")
        #expect(completion.provider == .tabby)
        let sent = try #require(server.requests.last?.json)
        #expect(sent["segments"]?["prefix"]?.stringValue == "def fib(n):\n    ")
        #expect(sent["segments"]?["suffix"]?.stringValue == "\n")
        #expect(sent["language"]?.stringValue == "python")
    }

    @Test func ollamaCompletesWithGenerateAndSuffix() async throws {
        let ollama = try FixtureServer(
            try Transcript.load("ollama/F10-version").reply(), try Transcript.load("ollama/show").reply(),
            try Transcript.load("ollama/generate-nonstream").reply())
        defer { ollama.stop() }
        let gateway = Gateway(endpoints: [ModelFixtures.ollama(ollama, model: "codellama:13b")], logger: ModelFixtures.logger)
        let completion = try await gateway.complete(prefix: "def add(a, b):", suffix: "\n\nprint(add(1, 2))")
        #expect(completion.provider == .ollama)
        #expect(!completion.text.isEmpty)
        let sent = try #require(ollama.requests.last)
        #expect(sent.path == "/api/generate")
        #expect(sent.json?["suffix"]?.stringValue == "\n\nprint(add(1, 2))")
        #expect(sent.json?["model"]?.stringValue == "codellama:13b")
    }

    @Test func withNothingRunningTheErrorNamesWhatWasTried() async throws {
        let closed = try ModelFixtures.closedPortServer()
        let gateway = Gateway(endpoints: [ModelFixtures.ollama(closed)], logger: ModelFixtures.logger)
        let error = await #expect(throws: CodexError.self) { try await gateway.complete(prefix: "x") }
        #expect(error?.message.contains("ollama") == true)
        #expect(error?.hint != nil)
    }
}
