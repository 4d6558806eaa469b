import Foundation

/// A model server. It only *builds requests* and *reads responses*: sending, streaming, retries and
/// error mapping are shared, in `ProviderClient`.
///
/// To add one: `Providers/<Name>Provider.swift`, a line in the gateway's catalog, and a recorded
/// transcript under `Tests/Fixtures/providers/<name>/`. Decoders receive JSON that was already
/// checked for an `error` member, and read it leniently: unknown fields are ignored, missing ones
/// defaulted.
public protocol Provider: Sendable {
    var id: ProviderID { get }
    var kind: ProviderKind { get }
    /// Where the server is; shown in messages (never with credentials).
    var baseURL: URL { get }
    var streamFraming: StreamFraming { get }
    /// False when the server always streams (TabbyML); `ProviderClient.chat` then collects the stream.
    var supportsNonStreamingChat: Bool { get }
    /// Words for the user when something fails: how to start the server, where the key comes from.
    var help: ProviderHelp { get }
    /// Credentials to scrub from any message the provider sends back.
    var secrets: [String] { get }

    func chatRequest(_ input: ChatInput, stream: Bool) throws -> HTTPRequest
    /// One NDJSON line or SSE `data` payload of a streamed reply.
    func decodeChatChunk(_ chunk: JSONValue) throws -> ChatDelta
    /// A non-streamed reply.
    func decodeChatResponse(_ response: JSONValue) throws -> ChatReply

    func completionRequest(_ input: CompletionInput) throws -> HTTPRequest
    func decodeCompletion(_ response: JSONValue) throws -> Completion

    func embedRequest(_ texts: [String], model: String) throws -> HTTPRequest
    /// One vector per input text, in input order.
    func decodeEmbeddings(_ response: JSONValue) throws -> [[Float]]

    func modelsRequest() throws -> HTTPRequest
    func decodeModels(_ response: JSONValue) throws -> [ModelInfo]

    func modelDetailsRequest(_ model: String) throws -> HTTPRequest
    func decodeModelDetails(_ response: JSONValue, model: String) throws -> ModelDetails
    /// A second request for what the details lacked (llama.cpp's `/props` for the window an older
    /// build does not list in `/v1/models`); nil when there is nothing more to ask.
    func serverPropsRequest(after details: ModelDetails) -> HTTPRequest?
    func decodeServerProps(_ response: JSONValue, into details: inout ModelDetails)

    /// A cheap request that tells whether the server is up (and, ideally, its version).
    func healthRequest(timeout: Duration) -> HTTPRequest
    /// Reads the probe's answer; the default calls any 2xx "up".
    func decodeHealth(_ head: ResponseHead, body: [UInt8]) -> (state: ProviderHealth.State, version: String?)
}

/// What to tell the user when a provider fails, in that provider's terms.
public struct ProviderHelp: Sendable, Hashable {
    /// How to start the server: "start it with `ollama serve`".
    public var start: String
    /// Where the credential comes from, for 401s: "check OPENAI_API_KEY"; nil when none is used.
    public var credential: String?
    /// How to get a missing model, given its name: "run `ollama pull llama3.2`".
    public var missingModel: @Sendable (String) -> String

    public init(start: String, credential: String? = nil, missingModel: @escaping @Sendable (String) -> String) {
        self.start = start
        self.credential = credential
        self.missingModel = missingModel
    }

    public static func == (lhs: ProviderHelp, rhs: ProviderHelp) -> Bool {
        lhs.start == rhs.start && lhs.credential == rhs.credential
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(credential)
    }
}

extension Provider {
    public var supportsNonStreamingChat: Bool { true }
    public var secrets: [String] { [] }

    /// The purpose the egress policy sees for this provider's requests.
    public var purpose: EgressPurpose { kind == .cloud ? .cloud(id.rawValue) : .local(id.rawValue) }

    public func completionRequest(_ input: CompletionInput) throws -> HTTPRequest {
        throw CodexError.providerUnsupported(id, capability: "text completion")
    }
    public func decodeCompletion(_ response: JSONValue) throws -> Completion {
        throw CodexError.providerUnsupported(id, capability: "text completion")
    }
    public func embedRequest(_ texts: [String], model: String) throws -> HTTPRequest {
        throw CodexError.providerUnsupported(id, capability: "embeddings")
    }
    public func decodeEmbeddings(_ response: JSONValue) throws -> [[Float]] {
        throw CodexError.providerUnsupported(id, capability: "embeddings")
    }
    public func modelsRequest() throws -> HTTPRequest {
        throw CodexError.providerUnsupported(id, capability: "model listing")
    }
    public func decodeModels(_ response: JSONValue) throws -> [ModelInfo] {
        throw CodexError.providerUnsupported(id, capability: "model listing")
    }
    public func modelDetailsRequest(_ model: String) throws -> HTTPRequest {
        throw CodexError.providerUnsupported(id, capability: "model details")
    }
    public func decodeModelDetails(_ response: JSONValue, model: String) throws -> ModelDetails {
        throw CodexError.providerUnsupported(id, capability: "model details")
    }
    public func decodeHealth(_ head: ResponseHead, body: [UInt8]) -> (state: ProviderHealth.State, version: String?) {
        (head.isSuccess ? .up : .down, nil)
    }
    public func serverPropsRequest(after details: ModelDetails) -> HTTPRequest? { nil }
    public func decodeServerProps(_ response: JSONValue, into details: inout ModelDetails) {}

    /// `baseURL` + `path` (which may carry a query).
    func endpoint(_ path: String) -> URL {
        let base =
            baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        return URL(string: base + (path.hasPrefix("/") ? path : "/" + path)) ?? baseURL
    }
}
