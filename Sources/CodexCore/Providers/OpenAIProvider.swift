import Foundation

/// OpenAI's cloud API. Used only when the user allowed the cloud (`CODEX_ALLOW_CLOUD=1`).
public struct OpenAIProvider: OpenAIStyleAPI {
    public var baseURL: URL
    public var apiKey: String
    public var organization: String?
    public var timeouts: HTTPTimeouts
    /// Where the key comes from, for the hint on a 401.
    public var keySource: String

    public static let defaultURL = URL.literal("https://api.openai.com/v1")

    public init(
        apiKey: String, baseURL: URL = OpenAIProvider.defaultURL, organization: String? = nil,
        timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(10), firstByte: .seconds(120), idle: .seconds(60)),
        keySource: String = "OPENAI_API_KEY"
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.organization = organization
        self.timeouts = timeouts
        self.keySource = keySource
    }

    public var id: ProviderID { .openAI }
    public var kind: ProviderKind { .cloud }
    public var streamFraming: StreamFraming { .sse }
    public var secrets: [String] { [apiKey] }
    public var help: ProviderHelp {
        ProviderHelp(
            start: "check the network connection and that api.openai.com is reachable",
            credential: "check \(keySource): the key is missing, mistyped or revoked",
            missingModel: {
                "check the model name (\($0)); `codex models --provider openai` lists the ones your key can use"
            })
    }

    var requestHeaders: [HTTPHeader] {
        [HTTPHeader("Authorization", "Bearer \(apiKey)")]
            + (organization.map { [HTTPHeader("OpenAI-Organization", $0)] } ?? [])
    }

    /// OpenAI has no health endpoint; listing models checks connectivity and the key at once.
    public func healthRequest(timeout: Duration) -> HTTPRequest {
        HTTPRequest(url: endpoint("/models"), headers: requestHeaders, purpose: purpose, timeouts: .probe(timeout))
    }

    public func decodeHealth(_ head: ResponseHead, body: [UInt8]) -> (state: ProviderHealth.State, version: String?) {
        switch head.status {
        case 200..<300: return (.up, nil)
        case 401, 403: return (.unauthorized, nil)
        default: return (.down, nil)
        }
    }
}
