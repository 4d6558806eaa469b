import CodexCore
import Foundation
import Logging
import Testing

/// Against a real llama.cpp server (SmolLM2-135M), started by scripts/e2e-llama.sh, which sets
/// CODEX_LLAMA_URL (chat) and CODEX_LLAMA_EMBED_URL (embeddings) to `http://127.0.0.1:PORT/v1`.
/// Skipped when they are not set, so the ordinary suite needs no model. Serialized: the server has one slot.
@Suite(.serialized, .enabled(if: LlamaServer.chatURL != nil, "set CODEX_LLAMA_URL (scripts/e2e-llama.sh) to run"))
struct LlamaServerTests {
    private func client(_ url: URL?) throws -> ProviderClient {
        ProviderClient(
            provider: OpenAICompatibleProvider(baseURL: try #require(url)),
            transport: CurlTransport(policy: EgressPolicy(allowCloud: false)), logger: Logger(label: "test.llama"))
    }

    private let input = ChatInput(model: "smollm2", messages: [.user("Name three colours.")], maxTokens: 24)

    @Test func isUp() async throws {
        let client = try client(LlamaServer.chatURL)
        let health = await client.health(timeout: .seconds(5))
        #expect(health.state == .up)
    }

    @Test func streamsTokensThenUsageThenDone() async throws {
        var events: [ChatEvent] = []
        for try await event in try client(LlamaServer.chatURL).streamChat(input, deadline: .now + .seconds(120)) {
            events.append(event)
        }
        #expect(!events.text.isEmpty)
        #expect(events.usage?.promptTokens ?? 0 > 0)
        #expect(events.usage?.completionTokens ?? 0 > 0)
        #expect(events.last == .done(finishReason: "length") || events.last == .done(finishReason: "stop"))
    }

    @Test func answersWithoutStreaming() async throws {
        let reply = try await client(LlamaServer.chatURL).chat(input, deadline: .now + .seconds(120))
        #expect(!reply.text.isEmpty)
        #expect(reply.usage?.completionTokens ?? 0 > 0)
    }

    @Test func stoppingTheStreamStopsTheGeneration() async throws {
        // Given a long generation (1500 tokens, ~20 s on 2 cores)
        let client = try client(LlamaServer.chatURL)
        let long = ChatInput(model: "smollm2", messages: [.user("Write a very long story about a lighthouse.")], maxTokens: 1500)
        // When the reader stops after the first token (Ctrl-C)
        for try await event in client.streamChat(long, deadline: .now + .seconds(120)) {
            if case .token = event { break }
        }
        // Then the server stops generating (its slot goes idle) long before the 1500 tokens would be done
        let slots = HTTPRequest(
            url: try #require(LlamaServer.chatURL).deletingLastPathComponent().appendingPathComponent("slots"),
            purpose: .local("openai-compatible"))
        var idle = false
        for _ in 0..<100 where !idle {
            let (_, body) = try await client.transport.data(for: slots, deadline: .now + .seconds(5), logger: client.logger)
            idle = try JSONValue.parse(body).arrayValue?.allSatisfy { $0["is_processing"] == false } ?? false
            if !idle { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(idle)
    }

    @Test func listsItsOneModel() async throws {
        let models = try await client(LlamaServer.chatURL).models(deadline: .now + .seconds(10))
        #expect(models.count == 1)
    }

    @Test(.enabled(if: LlamaServer.embedURL != nil))
    func embedsTextsIntoVectorsOfOneLength() async throws {
        let vectors = try await client(LlamaServer.embedURL).embed(
            ["a cat sat on the mat", "stock markets fell"], model: "smollm2", deadline: .now + .seconds(60))
        #expect(vectors.count == 2)
        #expect(vectors[0].count == vectors[1].count && vectors[0].count > 0)
    }
}

private enum LlamaServer {
    static let chatURL = ProcessInfo.processInfo.environment["CODEX_LLAMA_URL"].flatMap(URL.init(string:))
    static let embedURL = ProcessInfo.processInfo.environment["CODEX_LLAMA_EMBED_URL"].flatMap(URL.init(string:))
}
