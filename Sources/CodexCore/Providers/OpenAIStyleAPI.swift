/// The requests and decoders every server speaking the OpenAI API shares (`/chat/completions`,
/// `/completions`, `/embeddings`, `/models` under one base URL); a conforming provider adds only
/// its headers, health probe and help text.
protocol OpenAIStyleAPI: Provider {
    /// Authentication and organisation headers sent with every request.
    var requestHeaders: [HTTPHeader] { get }
    var timeouts: HTTPTimeouts { get }
}

extension OpenAIStyleAPI {
    public func chatRequest(_ input: ChatInput, stream: Bool) throws -> HTTPRequest {
        .postJSON(
            endpoint("/chat/completions"), OpenAIWireFormat.chatBody(input, stream: stream), headers: requestHeaders,
            purpose: purpose, timeouts: timeouts)
    }

    public func decodeChatChunk(_ chunk: JSONValue) throws -> ChatDelta { OpenAIWireFormat.chunk(chunk) }
    public func decodeChatResponse(_ response: JSONValue) throws -> ChatReply { OpenAIWireFormat.reply(response) }

    public func completionRequest(_ input: CompletionInput) throws -> HTTPRequest {
        .postJSON(
            endpoint("/completions"), OpenAIWireFormat.completionBody(input), headers: requestHeaders,
            purpose: purpose, timeouts: timeouts)
    }

    public func decodeCompletion(_ response: JSONValue) throws -> Completion { OpenAIWireFormat.completion(response) }

    public func embedRequest(_ texts: [String], model: String) throws -> HTTPRequest {
        .postJSON(
            endpoint("/embeddings"), OpenAIWireFormat.embedBody(texts, model: model), headers: requestHeaders,
            purpose: purpose, timeouts: timeouts)
    }

    public func decodeEmbeddings(_ response: JSONValue) throws -> [[Float]] { OpenAIWireFormat.embeddings(response) }

    public func modelsRequest() throws -> HTTPRequest {
        HTTPRequest(url: endpoint("/models"), headers: requestHeaders, purpose: purpose, timeouts: timeouts)
    }

    public func decodeModels(_ response: JSONValue) throws -> [ModelInfo] { OpenAIWireFormat.models(response) }
}
