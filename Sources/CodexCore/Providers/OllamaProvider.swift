import Foundation

/// Ollama's native API (`/api/chat`, `/api/generate`, `/api/embed`, `/api/tags`, `/api/show`,
/// `/api/version`), preferred over its `/v1` layer because only the native API can set the context
/// length and reports errors mid-stream.
public struct OllamaProvider: Provider {
    public var baseURL: URL
    public var timeouts: HTTPTimeouts
    /// How long Ollama keeps the model loaded after a request ("5m", "-1"); nil leaves the server default.
    public var keepAlive: String?

    public static let defaultURL = URL.literal("http://127.0.0.1:11434")

    public init(baseURL: URL = OllamaProvider.defaultURL, timeouts: HTTPTimeouts = .init(), keepAlive: String? = nil) {
        self.baseURL = baseURL
        self.timeouts = timeouts
        self.keepAlive = keepAlive
    }

    public var id: ProviderID { .ollama }
    public var kind: ProviderKind { .local }
    public var streamFraming: StreamFraming { .ndjson }
    public var help: ProviderHelp {
        ProviderHelp(start: "start it with `ollama serve`", missingModel: { "run `ollama pull \($0)`" })
    }

    public func chatRequest(_ input: ChatInput, stream: Bool) throws -> HTTPRequest {
        var body: [String: JSONValue] = [
            "model": .string(input.model), "messages": .array(input.messages.map(Self.message)),
            "stream": .bool(stream),
        ]
        if !input.tools.isEmpty { body["tools"] = .array(input.tools.map(\.functionDescriptor)) }
        let options = Self.options(
            temperature: input.temperature, maxTokens: input.maxTokens, contextLength: input.contextLength)
        if !options.isEmpty { body["options"] = .object(options) }
        if let keepAlive { body["keep_alive"] = .string(keepAlive) }
        return .postJSON(endpoint("/api/chat"), .object(body), purpose: purpose, timeouts: timeouts)
    }

    public func decodeChatChunk(_ chunk: JSONValue) throws -> ChatDelta {
        let message = chunk["message"]
        let done = chunk["done"]?.boolValue ?? false
        return ChatDelta(
            text: message?["content"]?.stringValue ?? chunk["response"]?.stringValue ?? "",
            thinking: message?["thinking"]?.stringValue ?? chunk["thinking"]?.stringValue ?? "",
            toolCalls: (message?["tool_calls"]?.arrayValue ?? []).compactMap(Self.toolCall),
            finishReason: chunk["done_reason"]?.stringValue ?? (done ? "stop" : nil),
            usage: done ? Self.usage(chunk) : nil, isFinal: done)
    }

    public func decodeChatResponse(_ response: JSONValue) throws -> ChatReply {
        let delta = try decodeChatChunk(response)
        var calls = ToolCallAssembler()
        delta.toolCalls.forEach { calls.add($0) }
        return ChatReply(
            text: delta.text, thinking: delta.thinking, toolCalls: calls.toolCalls,
            finishReason: response["done_reason"]?.stringValue, usage: Self.usage(response))
    }

    public func completionRequest(_ input: CompletionInput) throws -> HTTPRequest {
        var body: [String: JSONValue] = [
            "model": .string(input.model), "prompt": .string(input.prompt), "stream": false,
        ]
        if let suffix = input.suffix { body["suffix"] = .string(suffix) }
        let options = Self.options(temperature: input.temperature, maxTokens: input.maxTokens, contextLength: nil)
        if !options.isEmpty { body["options"] = .object(options) }
        return .postJSON(endpoint("/api/generate"), .object(body), purpose: purpose, timeouts: timeouts)
    }

    public func decodeCompletion(_ response: JSONValue) throws -> Completion {
        Completion(text: response["response"]?.stringValue ?? "", finishReason: response["done_reason"]?.stringValue)
    }

    public func embedRequest(_ texts: [String], model: String) throws -> HTTPRequest {
        .postJSON(
            endpoint("/api/embed"), ["model": .string(model), "input": .array(texts.map { .string($0) })],
            purpose: purpose, timeouts: timeouts)
    }

    public func decodeEmbeddings(_ response: JSONValue) throws -> [[Float]] {
        if let legacy = response["embedding"], legacy.arrayValue != nil { return [OpenAIWireFormat.floats(legacy)] }
        return (response["embeddings"]?.arrayValue ?? []).map(OpenAIWireFormat.floats)
    }

    public func modelsRequest() throws -> HTTPRequest {
        HTTPRequest(url: endpoint("/api/tags"), purpose: purpose, timeouts: timeouts)
    }

    public func decodeModels(_ response: JSONValue) throws -> [ModelInfo] {
        (response["models"]?.arrayValue ?? []).compactMap { item in
            guard let name = item["model"]?.stringValue ?? item["name"]?.stringValue else { return nil }
            let details = item["details"]
            return ModelInfo(
                id: name, sizeBytes: item["size"]?.intValue, family: details?["family"]?.stringValue,
                parameterSize: details?["parameter_size"]?.stringValue,
                quantization: details?["quantization_level"]?.stringValue)
        }
    }

    public func modelDetailsRequest(_ model: String) throws -> HTTPRequest {
        .postJSON(endpoint("/api/show"), ["model": .string(model)], purpose: purpose, timeouts: timeouts)
    }

    /// The context length hides under `<architecture>.context_length` in `model_info`.
    public func decodeModelDetails(_ response: JSONValue, model: String) throws -> ModelDetails {
        let info = response["model_info"]
        let architecture = info?["general.architecture"]?.stringValue
        let contextLength = architecture.flatMap { info?["\($0).context_length"]?.intValue }
        return ModelDetails(
            id: model, contextLength: contextLength,
            capabilities: (response["capabilities"]?.arrayValue ?? []).compactMap(\.stringValue),
            family: response["details"]?["family"]?.stringValue,
            parameterSize: response["details"]?["parameter_size"]?.stringValue)
    }

    public func healthRequest(timeout: Duration) -> HTTPRequest {
        HTTPRequest(url: endpoint("/api/version"), purpose: purpose, timeouts: .probe(timeout))
    }

    public func decodeHealth(_ head: ResponseHead, body: [UInt8]) -> (state: ProviderHealth.State, version: String?) {
        guard head.isSuccess else { return (.down, nil) }
        return (.up, (try? JSONValue.parse(body))?["version"]?.stringValue)
    }

    // MARK: Wire details

    static func message(_ message: ChatMessage) -> JSONValue {
        var object: [String: JSONValue] = ["role": .string(message.role.rawValue), "content": .string(message.content)]
        if !message.toolCalls.isEmpty {
            // Ollama wants arguments as an object, not the JSON string OpenAI uses.
            object["tool_calls"] = .array(
                message.toolCalls.map { call in
                    [
                        "function": [
                            "name": .string(call.name), "arguments": call.parsedArguments ?? .string(call.arguments),
                        ]
                    ]
                })
        }
        if let name = message.toolName, message.role == .tool { object["tool_name"] = .string(name) }
        if let id = message.toolCallId, message.role == .tool { object["tool_call_id"] = .string(id) }
        return .object(object)
    }

    static func options(temperature: Double?, maxTokens: Int?, contextLength: Int?) -> [String: JSONValue] {
        var options: [String: JSONValue] = [:]
        if let temperature { options["temperature"] = .number(temperature) }
        if let maxTokens { options["num_predict"] = .number(Double(maxTokens)) }
        if let contextLength { options["num_ctx"] = .number(Double(contextLength)) }
        return options
    }

    /// Each Ollama tool call arrives whole, with arguments as an object; `id` and `index` only on new servers.
    static func toolCall(_ value: JSONValue) -> ToolCallFragment? {
        guard let function = value["function"], let name = function["name"]?.stringValue else { return nil }
        return ToolCallFragment(
            index: function["index"]?.intValue, id: value["id"]?.stringValue, name: name,
            arguments: OpenAIWireFormat.arguments(function["arguments"]), isWhole: true)
    }

    /// Stats of the final object; Ollama omits fields whose value is zero.
    static func usage(_ object: JSONValue) -> TokenUsage? {
        let prompt = object["prompt_eval_count"]?.intValue
        let completion = object["eval_count"]?.intValue
        guard prompt != nil || completion != nil else { return nil }
        let total = (prompt ?? 0) + (completion ?? 0)
        return TokenUsage(
            promptTokens: prompt, completionTokens: completion, totalTokens: total,
            generationTime: object["eval_duration"]?.intValue.map { .nanoseconds($0) })
    }
}
