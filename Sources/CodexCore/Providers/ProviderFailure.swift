/// An error a provider reported, read leniently from whatever body it sent.
///
/// Shapes seen in the wild: `{"error":"text"}` (Ollama, LM Studio), `{"error":{"message","type",
/// "code"}}` (OpenAI; `code` a string or null), `{"error":{"code":"401","message"}}` (Azure),
/// `{"error":{"code":400,"message","type"}}` (llama.cpp; an int code), `{"detail": …}` (FastAPI
/// servers), a bare `message`, plain text (`404 page not found`), HTML from a proxy, or nothing at
/// all (TabbyML's 401/429). Whatever came, there is a message: at worst `HTTP <status>`.
public struct ProviderFailure: Sendable, Hashable {
    /// The HTTP status, or nil for an error reported inside a 200 stream.
    public var status: Int?
    public var message: String
    public var type: String?
    public var code: String?
    /// For a prompt refused as too long: the server's own count of its tokens and its window
    /// (llama.cpp's `n_prompt_tokens` and `n_ctx`; OpenAI's numbers in the message).
    public var promptTokens: Int?
    public var contextLength: Int?

    public init(
        status: Int?, message: String, type: String? = nil, code: String? = nil, promptTokens: Int? = nil,
        contextLength: Int? = nil
    ) {
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.promptTokens = promptTokens
        self.contextLength = contextLength
    }

    /// Reads an error body of any shape.
    public init(status: Int?, body: [UInt8]) {
        if let json = try? JSONValue.parse(body), let failure = ProviderFailure(status: status, json: json) {
            self = failure
            return
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let looksLikeHTML = text.hasPrefix("<")
        self.init(status: status, message: text.isEmpty || looksLikeHTML ? Self.fallback(status) : text)
    }

    /// Reads a decoded error object; nil when it holds no error at all.
    public init?(status: Int?, json: JSONValue) {
        let error = json["error"] ?? json["detail"]
        switch error {
        case .string(let text)?:
            self.init(status: status, message: text)
        case .object?:
            let message = error?["message"]?.stringValue ?? error?["msg"]?.stringValue
            let counts = Self.contextCounts(in: message ?? "")
            self.init(
                status: status, message: message ?? Self.fallback(status),
                type: error?["type"]?.stringValue, code: error?["code"]?.stringValue,
                promptTokens: error?["n_prompt_tokens"]?.intValue ?? counts.prompt,
                contextLength: error?["n_ctx"]?.intValue ?? counts.window)
        case .array(let items)?:
            let text = items.compactMap { $0["msg"]?.stringValue ?? $0.stringValue }.joined(separator: "; ")
            self.init(status: status, message: text.isEmpty ? Self.fallback(status) : text)
        default:
            guard status != nil, let message = json["message"]?.stringValue else { return nil }
            self.init(status: status, message: message)
        }
    }

    /// OpenAI: "This model's maximum context length is 8192 tokens. However, your messages resulted
    /// in 9000 tokens"; vLLM words it the same way.
    static func contextCounts(in message: String) -> (prompt: Int?, window: Int?) {
        let window = message.firstMatch(of: /maximum context length is (\d+) tokens/).flatMap { Int($0.1) }
        let prompt = message.firstMatch(of: /resulted in (\d+) tokens/).flatMap { Int($0.1) }
        return (prompt, window)
    }

    static func fallback(_ status: Int?) -> String {
        status.map { "HTTP \($0)" } ?? "unknown error"
    }

    /// A prompt refused as longer than the window: llama.cpp's type, OpenAI's and vLLM's code.
    var isContextOverflow: Bool { names("exceed_context_size_error", "context_length_exceeded") }

    /// Whether type or code names one of `words` (matching on these, not on message text, is what
    /// llama.cpp and OpenAI recommend).
    func names(_ words: String...) -> Bool {
        words.contains { $0 == type || $0 == code }
    }
}
