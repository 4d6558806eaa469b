/// The OpenAI chat/completions/embeddings/models wire format, shared by every server that speaks
/// it: OpenAI, Azure OpenAI, llama.cpp, LM Studio, vLLM, and TabbyML's chat endpoint.
///
/// Reading is lenient throughout: `choices` may be empty (Azure's filter preamble, the usage
/// chunk), `content` may be null, missing or empty, `arguments` may be a string or an object,
/// `usage` may be absent.
enum OpenAIWireFormat {
    static func chatBody(_ input: ChatInput, stream: Bool, includeModel: Bool = true) -> JSONValue {
        var body: [String: JSONValue] = ["messages": .array(input.messages.map(message)), "stream": .bool(stream)]
        if includeModel { body["model"] = .string(input.model) }
        if stream { body["stream_options"] = ["include_usage": true] }
        if !input.tools.isEmpty { body["tools"] = .array(input.tools.map(\.functionDescriptor)) }
        if let temperature = input.temperature { body["temperature"] = .number(temperature) }
        if let maxTokens = input.maxTokens { body["max_tokens"] = .number(Double(maxTokens)) }
        return .object(body)
    }

    static func message(_ message: ChatMessage) -> JSONValue {
        var object: [String: JSONValue] = ["role": .string(message.role.rawValue), "content": .string(message.content)]
        if !message.toolCalls.isEmpty {
            if message.content.isEmpty { object["content"] = .null }
            object["tool_calls"] = .array(
                message.toolCalls.enumerated().map { index, call in
                    [
                        "id": .string(call.id ?? "call_\(index)"), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.arguments)],
                    ]
                })
        }
        if message.role == .tool, let id = message.toolCallId { object["tool_call_id"] = .string(id) }
        return .object(object)
    }

    static func chunk(_ json: JSONValue) -> ChatDelta {
        var delta = ChatDelta(usage: usage(json["usage"]))
        guard let choice = json["choices"]?[0] else { return delta }
        let change = choice["delta"] ?? choice["message"]
        delta.text = change?["content"]?.stringValue ?? choice["text"]?.stringValue ?? ""
        delta.thinking = change?["reasoning_content"]?.stringValue ?? change?["reasoning"]?.stringValue ?? ""
        delta.finishReason = choice["finish_reason"]?.stringValue
        delta.toolCalls = (change?["tool_calls"]?.arrayValue ?? []).map { call in
            ToolCallFragment(
                index: call["index"]?.intValue, id: call["id"]?.stringValue,
                name: call["function"]?["name"]?.stringValue,
                arguments: arguments(call["function"]?["arguments"]))
        }
        return delta
    }

    static func reply(_ json: JSONValue) -> ChatReply {
        let choice = json["choices"]?[0]
        let message = choice?["message"]
        let calls = (message?["tool_calls"]?.arrayValue ?? []).compactMap { call -> ToolCall? in
            guard let name = call["function"]?["name"]?.stringValue else { return nil }
            return ToolCall(
                id: call["id"]?.stringValue, name: name, arguments: arguments(call["function"]?["arguments"]))
        }
        return ChatReply(
            text: message?["content"]?.stringValue ?? choice?["text"]?.stringValue ?? "",
            thinking: message?["reasoning_content"]?.stringValue ?? message?["reasoning"]?.stringValue ?? "",
            toolCalls: calls, finishReason: choice?["finish_reason"]?.stringValue, usage: usage(json["usage"]))
    }

    /// Arguments are a JSON string per the spec; some servers send the object itself.
    static func arguments(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .object?, .array?: return value?.jsonString ?? ""
        default: return ""
        }
    }

    static func usage(_ value: JSONValue?) -> TokenUsage? {
        guard let value, value.objectValue != nil else { return nil }
        return TokenUsage(
            promptTokens: value["prompt_tokens"]?.intValue, completionTokens: value["completion_tokens"]?.intValue,
            totalTokens: value["total_tokens"]?.intValue)
    }

    static func completionBody(_ input: CompletionInput, includeModel: Bool = true) -> JSONValue {
        var body: [String: JSONValue] = ["prompt": .string(input.prompt), "stream": false]
        if includeModel { body["model"] = .string(input.model) }
        if let suffix = input.suffix { body["suffix"] = .string(suffix) }
        if let maxTokens = input.maxTokens { body["max_tokens"] = .number(Double(maxTokens)) }
        if let temperature = input.temperature { body["temperature"] = .number(temperature) }
        return .object(body)
    }

    static func completion(_ json: JSONValue) -> Completion {
        let choice = json["choices"]?[0]
        return Completion(
            text: choice?["text"]?.stringValue ?? "", id: json["id"]?.stringValue,
            finishReason: choice?["finish_reason"]?.stringValue)
    }

    static func embedBody(_ texts: [String], model: String, includeModel: Bool = true) -> JSONValue {
        var body: [String: JSONValue] = ["input": .array(texts.map { .string($0) }), "encoding_format": "float"]
        if includeModel { body["model"] = .string(model) }
        return .object(body)
    }

    /// Vectors sorted by `index`, since the order of `data` is not promised.
    static func embeddings(_ json: JSONValue) -> [[Float]] {
        let items = json["data"]?.arrayValue ?? []
        return items.enumerated()
            .map { position, item in (item["index"]?.intValue ?? position, floats(item["embedding"])) }
            .sorted { $0.0 < $1.0 }
            .map(\.1)
    }

    static func floats(_ value: JSONValue?) -> [Float] {
        (value?.arrayValue ?? []).map { Float($0.doubleValue ?? 0) }
    }

    static func models(_ json: JSONValue) -> [ModelInfo] {
        (json["data"]?.arrayValue ?? json["models"]?.arrayValue ?? []).compactMap { item in
            (item["id"]?.stringValue ?? item["name"]?.stringValue).map { ModelInfo(id: $0) }
        }
    }
}
