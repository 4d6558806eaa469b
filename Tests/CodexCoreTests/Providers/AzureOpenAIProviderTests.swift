import CodexCore
import Foundation
import Testing

struct AzureOpenAIProviderTests {
    private func harness(_ replies: FixtureServer.Reply...) throws -> ProviderHarness {
        try ProviderHarness(replies) {
            AzureOpenAIProvider(endpoint: $0, deployment: "gpt4o-prod", apiKey: "azure-secret-key")
        }
    }

    @Test func skipsTheFilterPreambleAndTrailingAnnotations() async throws {
        let harness = try harness(try Transcript.load("azure/F7-filter-preamble").reply())
        defer { harness.stop() }
        let (events, error) = await harness.stream(ChatInput(model: "", messages: [.user("hi")]))
        #expect(error == nil)
        #expect(events.text == "Hi")
        #expect(events.finish == "stop")
        // And the request used the deployment URL, api-version and api-key header
        let request = try #require(harness.server.requests.first)
        #expect(request.target == "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21")
        #expect(request.header("api-key") == "azure-secret-key")
        #expect(request.header("authorization") == nil)
        #expect(request.json?["model"] == nil)
    }

    @Test func usesTheModelAsTheDeploymentName() async throws {
        let harness = try harness(try Transcript.load("openai/chat-nonstream").reply())
        defer { harness.stop() }
        _ = try await harness.client.chat(
            ChatInput(model: "mini-dev", messages: [.user("hi")]), deadline: harness.deadline)
        #expect(harness.server.requests.first?.path == "/openai/deployments/mini-dev/chat/completions")
    }

    @Test func pointsAtTheKeyOnA401WithAzuresStringCode() async throws {
        let body =
            "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or wrong API endpoint.\"}}"
        let harness = try harness(.status(401, body: body))
        defer { harness.stop() }
        let (_, error) = await harness.stream(ChatInput(model: "", messages: [.user("hi")]))
        #expect(error?.message.contains("Access denied") == true)
        #expect(error?.hint?.contains("AZURE_OPENAI_API_KEY") == true)
        #expect(error?.description.contains("azure-secret-key") == false)
    }

    @Test func pointsAtTheDeploymentWhenItDoesNotExist() async throws {
        let body =
            "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource does not exist.\"}}"
        let harness = try harness(.status(404, body: body))
        defer { harness.stop() }
        let (_, error) = await harness.stream(ChatInput(model: "typo", messages: [.user("hi")]))
        #expect(error?.kind == .notFound)
        #expect(error?.hint?.contains("deployment name (typo)") == true)
    }

    @Test func embedsThroughTheEmbeddingDeployment() async throws {
        let harness = try harness(try Transcript.load("openai/embeddings").reply())
        defer { harness.stop() }
        let vectors = try await harness.client.embed(["a", "b"], model: "embed-dep", deadline: harness.deadline)
        #expect(vectors.count == 2)
        #expect(
            harness.server.requests.first?.target == "/openai/deployments/embed-dep/embeddings?api-version=2024-10-21")
    }
}
