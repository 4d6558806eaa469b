import Foundation

/// Azure OpenAI's deployments API: `{endpoint}/openai/deployments/{deployment}/…?api-version=…`
/// with an `api-key` header (not `Authorization: Bearer`, which Azure answers with 401).
///
/// The deployment is the name the user gave the model in Azure, not the model's name: it is taken
/// from `ChatInput.model` (or the `model` of embeddings and completions), falling back to
/// `deployment` when that is empty.
public struct AzureOpenAIProvider: Provider {
    /// `https://RESOURCE.openai.azure.com` (or a custom domain), without a path.
    public var baseURL: URL
    public var deployment: String
    public var apiVersion: String
    public var apiKey: String
    public var timeouts: HTTPTimeouts
    public var keySource: String

    public init(
        endpoint: URL, deployment: String, apiKey: String, apiVersion: String = "2024-10-21",
        timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(10), firstByte: .seconds(120), idle: .seconds(60)),
        keySource: String = "AZURE_OPENAI_API_KEY"
    ) {
        self.baseURL = endpoint
        self.deployment = deployment
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.timeouts = timeouts
        self.keySource = keySource
    }

    public var id: ProviderID { .azure }
    public var kind: ProviderKind { .cloud }
    public var streamFraming: StreamFraming { .sse }
    public var secrets: [String] { [apiKey] }
    public var help: ProviderHelp {
        ProviderHelp(
            start: "check the network connection and the Azure endpoint URL",
            credential: "check \(keySource) and that it belongs to the resource at \(baseURL.host ?? "the endpoint")",
            missingModel: { "check the deployment name (\($0)) in the Azure portal, and the api-version" })
    }

    private var headers: [HTTPHeader] { [HTTPHeader("api-key", apiKey)] }

    /// `/openai/deployments/{name}{path}?api-version=…`, with the name percent-encoded.
    func deploymentURL(_ name: String, _ path: String) -> URL {
        let chosen = name.isEmpty ? deployment : name
        let encoded = chosen.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? chosen
        return endpoint("/openai/deployments/\(encoded)\(path)?api-version=\(apiVersion)")
    }

    public func chatRequest(_ input: ChatInput, stream: Bool) throws -> HTTPRequest {
        .postJSON(
            deploymentURL(input.model, "/chat/completions"),
            OpenAIWireFormat.chatBody(input, stream: stream, includeModel: false), headers: headers, purpose: purpose,
            timeouts: timeouts)
    }

    public func decodeChatChunk(_ chunk: JSONValue) throws -> ChatDelta { OpenAIWireFormat.chunk(chunk) }
    public func decodeChatResponse(_ response: JSONValue) throws -> ChatReply { OpenAIWireFormat.reply(response) }

    public func completionRequest(_ input: CompletionInput) throws -> HTTPRequest {
        .postJSON(
            deploymentURL(input.model, "/completions"), OpenAIWireFormat.completionBody(input, includeModel: false),
            headers: headers, purpose: purpose, timeouts: timeouts)
    }

    public func decodeCompletion(_ response: JSONValue) throws -> Completion { OpenAIWireFormat.completion(response) }

    public func embedRequest(_ texts: [String], model: String) throws -> HTTPRequest {
        .postJSON(
            deploymentURL(model, "/embeddings"), OpenAIWireFormat.embedBody(texts, model: model, includeModel: false),
            headers: headers, purpose: purpose, timeouts: timeouts)
    }

    public func decodeEmbeddings(_ response: JSONValue) throws -> [[Float]] { OpenAIWireFormat.embeddings(response) }

    /// Lists the models the resource can deploy (Azure has no list of deployments on the data plane).
    public func modelsRequest() throws -> HTTPRequest {
        HTTPRequest(
            url: endpoint("/openai/models?api-version=\(apiVersion)"), headers: headers, purpose: purpose,
            timeouts: timeouts)
    }

    public func decodeModels(_ response: JSONValue) throws -> [ModelInfo] { OpenAIWireFormat.models(response) }

    public func healthRequest(timeout: Duration) -> HTTPRequest {
        HTTPRequest(
            url: endpoint("/openai/models?api-version=\(apiVersion)"), headers: headers, purpose: purpose,
            timeouts: .probe(timeout))
    }

    public func decodeHealth(_ head: ResponseHead, body: [UInt8]) -> (state: ProviderHealth.State, version: String?) {
        switch head.status {
        case 200..<300: return (.up, apiVersion)
        case 401, 403: return (.unauthorized, nil)
        default: return (.down, nil)
        }
    }
}
