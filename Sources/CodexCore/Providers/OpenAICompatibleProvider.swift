import Foundation

/// Any local server speaking the OpenAI API: llama.cpp's `llama-server`, LM Studio, vLLM, Ollama's `/v1`.
///
/// `baseURL` includes the `/v1` prefix (`http://127.0.0.1:8080/v1`). No key is needed unless the
/// server was started with one (`llama-server --api-key`).
public struct OpenAICompatibleProvider: OpenAIStyleAPI {
    public var baseURL: URL
    public var apiKey: String?
    public var timeouts: HTTPTimeouts
    /// Path of the health probe under `baseURL`; `/models` works on every such server, and on
    /// llama.cpp it answers 503 while the model loads.
    public var healthPath: String
    /// Where the key comes from, for the hint on a 401.
    public var keySource: String

    public static let defaultURL = URL.literal("http://127.0.0.1:8080/v1")

    public init(
        baseURL: URL = OpenAICompatibleProvider.defaultURL, apiKey: String? = nil, timeouts: HTTPTimeouts = .init(),
        healthPath: String = "/models", keySource: String = "OPENAI_COMPATIBLE_API_KEY"
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeouts = timeouts
        self.healthPath = healthPath
        self.keySource = keySource
    }

    public var id: ProviderID { .openAICompatible }
    public var kind: ProviderKind { .local }
    public var streamFraming: StreamFraming { .sse }
    public var secrets: [String] { apiKey.map { [$0] } ?? [] }
    public var help: ProviderHelp {
        ProviderHelp(
            start: "start the server (for example `llama-server -m MODEL.gguf --port \(baseURL.port ?? 8080)`)",
            credential: "the server wants an API key: set \(keySource) to the key it was started with",
            missingModel: { "check the model name against the server's /v1/models list (\($0) is not there)" })
    }

    var requestHeaders: [HTTPHeader] { apiKey.map { [HTTPHeader("Authorization", "Bearer \($0)")] } ?? [] }

    public func healthRequest(timeout: Duration) -> HTTPRequest {
        HTTPRequest(url: endpoint(healthPath), headers: requestHeaders, purpose: purpose, timeouts: .probe(timeout))
    }

    public func decodeHealth(_ head: ResponseHead, body: [UInt8]) -> (state: ProviderHealth.State, version: String?) {
        switch head.status {
        case 200..<300: return (.up, nil)
        case 401, 403: return (.unauthorized, nil)
        case 503: return (.loading, nil)
        default: return (.down, nil)
        }
    }
}
