import CodexCore
import Foundation
import Testing

/// Where the window a prompt is planned for comes from, one test per source.
struct ContextWindowTests {
    static func route(
        _ server: FixtureServer, ollama: Bool = false, model: String? = "local", configured: Int? = nil
    ) async throws -> ModelRoute {
        let endpoint = ollama ? ModelFixtures.ollama(server) : ModelFixtures.openAICompatible(server, model: model)
        let gateway = Gateway(endpoints: [endpoint], contextLength: configured, logger: ModelFixtures.logger)
        return try await gateway.route(endpoint, model: nil)
    }

    @Test func llamaCppListsItsSlotWindowAndModelInV1Models() async throws {
        // Given llama.cpp's /v1/models as recorded (meta.n_ctx 2048, n_ctx_train 8192, the model's path as id)
        let llama = try FixtureServer(try Transcript.load("openai-compatible/llamacpp-models").reply())
        defer { llama.stop() }
        let route = try await Self.route(llama)
        // Then the window is the server's 2048, not the trained 8192 nor codex's default 4096, and
        // replies are recorded under the model's file name, whatever name was asked for
        #expect(route.contextLength == 2048)
        #expect(route.windowSource == .server)
        #expect(route.servedModel == "SmolLM2-135M-Instruct.Q4_1.gguf")
        #expect(route.modelName == "SmolLM2-135M-Instruct.Q4_1.gguf")
        #expect(llama.requests.map(\.path) == ["/v1/models"])
    }

    @Test func anOlderLlamaCppIsAskedForItsPropsWhenItsModelListLacksTheWindow() async throws {
        // Given a llama.cpp whose /v1/models meta has no n_ctx (older builds), and its /props
        // (recorded, with n_ctx changed to 3072 so the test tells the sources apart)
        let llama = try FixtureServer(
            try Transcript.load("openai-compatible/llamacpp-models-no-n_ctx").reply(),
            try Transcript.load("openai-compatible/llamacpp-props").reply())
        defer { llama.stop() }
        let route = try await Self.route(llama)
        #expect(llama.requests.map(\.path) == ["/v1/models", "/props"])
        #expect(route.contextLength == 3072)
        #expect(route.windowSource == .server)
    }

    @Test func vllmsMaxModelLenIsTheWindow() async throws {
        let vllm = try FixtureServer(try Transcript.load("openai-compatible/vllm-models").reply())
        defer { vllm.stop() }
        let route = try await Self.route(vllm, model: "Qwen/Qwen2.5-7B-Instruct")
        #expect(route.contextLength == 32768)
        #expect(route.servedModel == nil)  // vLLM uses the name asked for
        #expect(vllm.requests.map(\.path) == ["/v1/models"])  // no /props: not llama.cpp
    }

    @Test func aConfiguredWindowIsUsedWhenTheServerSaysNothingAndNeverExceedsTheServers() async throws {
        // A server whose model list says nothing about windows (OpenAI's shape)
        let silent = try FixtureServer(
            try Transcript.load("openai/models").reply(), try Transcript.load("openai/models").reply())
        defer { silent.stop() }
        let configured = try await Self.route(silent, model: "gpt-4o-mini", configured: 3000)
        #expect(configured.contextLength == 3000)
        #expect(configured.windowSource == .configured)
        let unset = try await Self.route(silent, model: "gpt-4o-mini")
        #expect(unset.contextLength == 4096)
        #expect(unset.windowSource == .default)

        // llama.cpp runs with 2048: a configured 8192 would only get prompts refused
        let llama = try FixtureServer(try Transcript.load("openai-compatible/llamacpp-models").reply())
        defer { llama.stop() }
        #expect(try await Self.route(llama, configured: 8192).contextLength == 2048)
    }

    @Test func ollamaIsAskedForTheModelsTrainedWindowUpToTheConfiguredOne() async throws {
        // Given a model trained for 2048 tokens (/api/show), and one for 131072
        let small =
            #"{"model_info":{"general.architecture":"smollm","smollm.context_length":2048},"details":{"family":"llama"}}"#
        let ollama = try FixtureServer(
            .json(small), try Transcript.load("ollama/show").reply(), try Transcript.load("ollama/show").reply())
        defer { ollama.stop() }
        let trained = try await Self.route(ollama, ollama: true)
        #expect(trained.contextLength == 2048)
        #expect(trained.windowSource == .model)
        #expect(trained.setsContextLength)
        #expect(try await Self.route(ollama, ollama: true).contextLength == 8192)
        #expect(try await Self.route(ollama, ollama: true, configured: 16384).contextLength == 16384)
        #expect(ollama.requests.map(\.path) == ["/api/show", "/api/show", "/api/show"])
    }
}
