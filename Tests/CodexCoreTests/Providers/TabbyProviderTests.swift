import CodexCore
import Foundation
import Testing

struct TabbyProviderTests {
    private func harness(_ replies: FixtureServer.Reply...) throws -> ProviderHarness {
        try ProviderHarness(replies) { TabbyProvider(baseURL: $0, token: "auth_test") }
    }

    private let fib = CompletionInput(
        model: "", prompt: "def fib(n):\n    ", suffix: "\n    return r\n", language: "python", filePath: "fib.py")

    @Test func completesCodeInTabbysOwnShape() async throws {
        let harness = try harness(try Transcript.load("tabby/F8a-completion").reply())
        defer { harness.stop() }
        let completion = try await harness.client.complete(fib, deadline: harness.deadline)
        #expect(completion.text == "if n <= 1:\n        return n")
        #expect(completion.id == "cmpl-8d2c7a3e-0000-4000-8000-000000000001")
        let request = try #require(harness.server.requests.first)
        #expect(request.path == "/v1/completions")
        #expect(request.header("authorization") == "Bearer auth_test")
        #expect(
            request.json == [
                "language": "python",
                "segments": ["prefix": "def fib(n):\n    ", "suffix": "\n    return r\n", "filepath": "fib.py"],
            ])
    }

    @Test func explainsAnEmpty401() async throws {
        let harness = try harness(try Transcript.load("tabby/F8b-unauthorized").reply())
        defer { harness.stop() }
        do {
            _ = try await harness.client.complete(fib, deadline: harness.deadline)
            Issue.record("expected a refusal")
        } catch let error as CodexError {
            #expect(error.message.contains("HTTP 401"))
            #expect(error.hint?.contains("TABBY_TOKEN") == true)
        }
    }

    @Test func reportsAnEmpty400WithItsStatus() async throws {
        let harness = try harness(try Transcript.load("tabby/F8c-completion-failed").reply())
        defer { harness.stop() }
        await #expect(throws: CodexError.providerError("tabbyml", status: 400, detail: "HTTP 400")) {
            _ = try await harness.client.complete(fib, deadline: harness.deadline)
        }
    }

    @Test func treatsTheEndOfAStreamAfterAFinishReasonAsComplete() async throws {
        // Given F8d: a keep-alive ":" line and no [DONE]
        let harness = try harness(try Transcript.load("tabby/F8d-chat-stream-no-done").reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(hi)
        #expect(error == nil)
        #expect(events.text == "Sure!")
        #expect(events.finish == "stop")
        #expect(harness.server.requests.first?.json?["stream"] == true)
    }

    @Test func collectsTheStreamForANonStreamingChat() async throws {
        let harness = try harness(try Transcript.load("tabby/F8d-chat-stream-no-done").reply())
        defer { harness.stop() }
        let reply = try await harness.client.chat(hi, deadline: harness.deadline)
        #expect(reply.text == "Sure!")
        #expect(reply.finishReason == "stop")
    }

    @Test func treatsAStreamCutBeforeAnyFinishReasonAsTruncated() async throws {
        let transcript = try Transcript.load("tabby/F8d-chat-stream-no-done")
        let firstEvent = transcript.bodyText.components(separatedBy: "\n\n")[0] + "\n\n"
        let harness = try harness(Transcript(headLines: transcript.headLines, parts: [Array(firstEvent.utf8)]).reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(hi)
        #expect(events.text == "Sure")
        #expect(error?.message.contains("stopped before it was complete") == true)
    }

    @Test func probesHealthAndReadsTheVersion() async throws {
        let harness = try harness(
            try Transcript.load("tabby/health").reply(), try Transcript.load("tabby/F8b-unauthorized").reply())
        defer { harness.stop() }
        let up = await harness.client.health()
        #expect(up.state == .up)
        #expect(up.version == "v0.18.0")
        let refused = await harness.client.health()
        #expect(refused.state == .unauthorized)
        #expect(harness.server.requests.first?.path == "/v1/health")
    }

    @Test func listsConfiguredModelsWithTheirRoles() async throws {
        let harness = try harness(try Transcript.load("tabby/models").reply())
        defer { harness.stop() }
        let models = try await harness.client.models(deadline: harness.deadline)
        #expect(models == [ModelInfo(id: "TabbyML/StarCoder-1B", role: "completion")])
    }

    @Test func saysEmbeddingsAreNotOffered() async throws {
        let harness = try harness()
        defer { harness.stop() }
        await #expect(throws: CodexError.providerUnsupported("tabbyml", capability: "embeddings")) {
            _ = try await harness.client.embed(["x"], model: "m", deadline: harness.deadline)
        }
        #expect(harness.server.requests.isEmpty)
    }
}
