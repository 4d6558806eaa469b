import CodexCore
import Foundation
import Testing

struct ModelListingTests {
    @Test func reachableProvidersListTheirModelsAndTheDefaultIsMarked() async throws {
        // Given Ollama with two models (one an embedder) and no configured model, and a closed llama.cpp port
        let ollama = try FixtureServer(
            try Transcript.load("ollama/F10-version").reply(), try Transcript.load("ollama/tags").reply())
        let closed = try ModelFixtures.closedPortServer()
        defer { ollama.stop() }
        let gateway = Gateway(
            endpoints: [ModelFixtures.ollama(ollama, model: nil), ModelFixtures.openAICompatible(closed, model: nil)],
            logger: ModelFixtures.logger)

        // When listing models
        let listed = await gateway.listModels()

        // Then Ollama is up with both models, its chat model is the default; the closed one says why
        #expect(listed.map(\.provider) == [.ollama, .openAICompatible])
        #expect(listed[0].state == .up)
        #expect(listed[0].models.map(\.id) == ["codellama:13b", "all-minilm:latest"])
        #expect(listed[0].defaultModel == "codellama:13b")
        #expect(listed[0].isDefault)
        #expect(listed[1].state == .down)
        #expect(!listed[1].isDefault)
        #expect(!listed[1].detail.isEmpty)
    }

    @Test func aConfiguredModelIsTheDefaultEvenWhenTheServerListsOthersFirst() async throws {
        let ollama = try FixtureServer(
            try Transcript.load("ollama/F10-version").reply(), try Transcript.load("ollama/tags").reply())
        defer { ollama.stop() }
        let gateway = Gateway(endpoints: [ModelFixtures.ollama(ollama, model: "llama3.2")], logger: ModelFixtures.logger)
        let listed = await gateway.listModels()
        #expect(listed.first?.defaultModel == "llama3.2")
        #expect(listed.first?.isDefault == true)
    }
}
