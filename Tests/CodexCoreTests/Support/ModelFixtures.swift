import CodexCore
import Foundation
import Logging

/// Scripted local model servers for gateway and assistant tests.
enum ModelFixtures {
    static let logger = Logger(label: "test.gateway")

    /// An Ollama NDJSON stream answering with `pieces`, then `done`.
    static func ollamaStream(_ pieces: [String], model: String = "llama3.2") -> FixtureServer.Reply {
        var lines = pieces.map { piece -> String in
            let content = String(decoding: try! JSONEncoder().encode(piece), as: UTF8.self)
            return #"{"model":"\#(model)","message":{"role":"assistant","content":\#(content)},"done":false}"#
        }
        lines.append(#"{"model":"\#(model)","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":40,"eval_count":\#(pieces.count)}"#)
        return .status(200, reason: "OK", headers: ["Content-Type: application/x-ndjson"], body: lines.joined(separator: "\n") + "\n")
    }

    /// The replies of a healthy Ollama up to the chat request: version probe, then model details.
    static func ollamaReady() throws -> [FixtureServer.Reply] {
        [try Transcript.load("ollama/F10-version").reply(), try Transcript.load("ollama/show").reply()]
    }

    static func ollama(_ server: FixtureServer, model: String? = "llama3.2") -> ProviderEndpoint {
        ProviderEndpoint(
            client: ProviderClient(
                provider: OllamaProvider(baseURL: server.baseURL), transport: transport, retry: .never, logger: logger),
            defaultModel: model)
    }

    static func openAICompatible(_ server: FixtureServer, model: String? = "local") -> ProviderEndpoint {
        ProviderEndpoint(
            client: ProviderClient(
                provider: OpenAICompatibleProvider(baseURL: server.baseURL.appendingPathComponent("v1")),
                transport: transport, retry: .never, logger: logger),
            defaultModel: model)
    }

    static let transport = CurlTransport(policy: EgressPolicy(allowCloud: false))

    /// A loopback URL where nothing listens (a fixture server that was started and stopped).
    /// A loopback port where no model server runs (connections are refused), reserved for as
    /// long as the returned object lives.
    static func closedPortServer() throws -> FixtureServer {
        try FixtureServer.refusingConnections()
    }
}
