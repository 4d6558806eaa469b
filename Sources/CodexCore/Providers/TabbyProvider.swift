import Foundation

/// A TabbyML server: code completion (`/v1/completions`, its own non-OpenAI shape), chat
/// (`/v1/chat/completions`, OpenAI-shaped, always streamed, ending without `[DONE]`), health and
/// configured models. With its web UI enabled every request needs the user's token.
public struct TabbyProvider: Provider {
    public var baseURL: URL
    public var token: String?
    public var timeouts: HTTPTimeouts
    public var tokenSource: String

    public static let defaultURL = URL.literal("http://127.0.0.1:8080")

    public init(
        baseURL: URL = TabbyProvider.defaultURL, token: String? = nil, timeouts: HTTPTimeouts = .init(),
        tokenSource: String = "TABBY_TOKEN"
    ) {
        self.baseURL = baseURL
        self.token = token
        self.timeouts = timeouts
        self.tokenSource = tokenSource
    }

    public var id: ProviderID { .tabby }
    public var kind: ProviderKind { .local }
    public var streamFraming: StreamFraming { .sse }
    public var supportsNonStreamingChat: Bool { false }
    public var secrets: [String] { token.map { [$0] } ?? [] }
    public var help: ProviderHelp {
        ProviderHelp(
            start: "start it with `tabby serve --port \(baseURL.port ?? 8080)`",
            credential: "set \(tokenSource) to the token shown on the Tabby web UI's home page",
            missingModel: { _ in "start Tabby with a chat model, e.g. `tabby serve --chat-model Qwen2-1.5B-Instruct`" })
    }

    private var headers: [HTTPHeader] { token.map { [HTTPHeader("Authorization", "Bearer \($0)")] } ?? [] }

    public func chatRequest(_ input: ChatInput, stream: Bool) throws -> HTTPRequest {
        // Tabby streams whatever `stream` says, so ask for what it will do anyway.
        .postJSON(
            endpoint("/v1/chat/completions"), OpenAIWireFormat.chatBody(input, stream: true), headers: headers,
            purpose: purpose, timeouts: timeouts)
    }

    public func decodeChatChunk(_ chunk: JSONValue) throws -> ChatDelta { OpenAIWireFormat.chunk(chunk) }
    public func decodeChatResponse(_ response: JSONValue) throws -> ChatReply { OpenAIWireFormat.reply(response) }

    public func completionRequest(_ input: CompletionInput) throws -> HTTPRequest {
        var segments: [String: JSONValue] = ["prefix": .string(input.prompt)]
        if let suffix = input.suffix { segments["suffix"] = .string(suffix) }
        if let path = input.filePath { segments["filepath"] = .string(path) }
        var body: [String: JSONValue] = ["segments": .object(segments)]
        if let language = input.language { body["language"] = .string(language) }
        if let temperature = input.temperature { body["temperature"] = .number(temperature) }
        return .postJSON(
            endpoint("/v1/completions"), .object(body), headers: headers, purpose: purpose, timeouts: timeouts)
    }

    /// An empty `text` means "no suggestion", not an error.
    public func decodeCompletion(_ response: JSONValue) throws -> Completion {
        Completion(text: response["choices"]?[0]?["text"]?.stringValue ?? "", id: response["id"]?.stringValue)
    }

    public func modelsRequest() throws -> HTTPRequest {
        HTTPRequest(url: endpoint("/v1beta/models"), headers: headers, purpose: purpose, timeouts: timeouts)
    }

    public func decodeModels(_ response: JSONValue) throws -> [ModelInfo] {
        ["completion", "chat"].flatMap { role in
            (response[role]?.arrayValue ?? []).compactMap(\.stringValue).map { ModelInfo(id: $0, role: role) }
        }
    }

    public func healthRequest(timeout: Duration) -> HTTPRequest {
        HTTPRequest(url: endpoint("/v1/health"), headers: headers, purpose: purpose, timeouts: .probe(timeout))
    }

    public func decodeHealth(_ head: ResponseHead, body: [UInt8]) -> (state: ProviderHealth.State, version: String?) {
        switch head.status {
        case 200..<300:
            let json = try? JSONValue.parse(body)
            return (.up, json?["version"]?["git_describe"]?.stringValue)
        case 401, 403: return (.unauthorized, nil)
        default: return (.down, nil)
        }
    }
}
