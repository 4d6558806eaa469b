import CodexCore
import Foundation
import Synchronization

/// A loopback server that behaves like llama.cpp's `llama-server` as measured with the xllamacpp
/// wheel: `/v1/models` with `meta` (`n_ctx`, `n_ctx_train`; older builds without `n_ctx`),
/// `/props`, and `/v1/chat/completions` (JSON or SSE) that refuses a prompt longer than its
/// window with `exceed_context_size_error`, `n_prompt_tokens` and `n_ctx`, as the real one does.
///
/// It counts a prompt's tokens as codex's estimate times `tokensPerEstimate` (above 1: a
/// tokenizer that splits more finely than codex expects), and answers with `answer(prompt)`.
final class FakeLlamaServer: Sendable {
    struct Chat: Sendable {
        var body: JSONValue
        var stream: Bool
        var tokens: Int
        var refused: Bool

        /// Every message's content, joined: what the model was shown.
        var prompt: String {
            (body["messages"]?.arrayValue ?? []).compactMap { $0["content"]?.stringValue }.joined(separator: "\n")
        }
        var systemPrompt: String {
            (body["messages"]?.arrayValue ?? []).filter { $0["role"]?.stringValue == "system" }
                .compactMap { $0["content"]?.stringValue }.joined(separator: "\n")
        }
        var lastUserMessage: String {
            (body["messages"]?.arrayValue ?? []).last { $0["role"]?.stringValue == "user" }?["content"]?.stringValue
                ?? ""
        }
    }

    /// The chat requests received, shared with the server thread.
    private final class ChatLog: Sendable {
        let chats = Mutex<[Chat]>([])
    }

    let window: Int
    let modelPath: String
    private let log: ChatLog
    let server: FixtureServer

    /// - Parameters:
    ///   - listsWindow: whether `/v1/models` has `meta.n_ctx` (newer builds) or only `/props` says it.
    init(
        window: Int, modelPath: String = "/home/ada/models/SmolLM2-135M-Instruct.Q4_1.gguf", listsWindow: Bool = true,
        tokensPerEstimate: Double = 1, answer: @escaping @Sendable (String) -> String = { _ in "OK." }
    ) throws {
        self.window = window
        self.modelPath = modelPath
        let log = ChatLog()
        self.log = log
        server = try FixtureServer { request in
            switch (request.method, request.path) {
            case ("GET", "/v1/models"), ("GET", "/models"):
                var meta = #""n_ctx_train":8192,"n_params":134515008"#
                if listsWindow { meta += #","n_ctx":\#(window)"# }
                return .json(
                    #"{"object":"list","data":[{"id":"\#(modelPath)","object":"model","owned_by":"llamacpp","meta":{\#(meta)}}]}"#
                )
            case ("GET", "/props"):
                return .json(
                    #"{"default_generation_settings":{"n_ctx":\#(window)},"total_slots":1,"model_path":"\#(modelPath)"}"#
                )
            case ("POST", "/v1/chat/completions"):
                let body = request.json ?? .null
                let stream = body["stream"]?.boolValue ?? false
                var chat = Chat(body: body, stream: stream, tokens: 0, refused: false)
                let estimate = (body["messages"]?.arrayValue ?? []).reduce(0) { total, message in
                    total + TokenEstimate.of(ChatMessage(role: .user, content: message["content"]?.stringValue ?? ""))
                }
                chat.tokens = Int((Double(estimate) * tokensPerEstimate).rounded(.up))
                chat.refused = chat.tokens >= window
                log.chats.withLock { $0.append(chat) }
                if chat.refused {
                    return .status(
                        400, reason: "Bad Request", headers: ["Content-Type: application/json"],
                        body:
                            #"{"error":{"code":400,"message":"request (\#(chat.tokens) tokens) exceeds the available context size (\#(window) tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":\#(chat.tokens),"n_ctx":\#(window)}}"#
                    )
                }
                let text = answer(chat.prompt)
                let content = String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
                if !stream {
                    return .json(
                        #"{"choices":[{"finish_reason":"stop","index":0,"message":{"role":"assistant","content":\#(content)}}],"model":"\#(modelPath)","usage":{"prompt_tokens":\#(chat.tokens),"completion_tokens":3}}"#
                    )
                }
                let events = [
                    #"{"choices":[{"index":0,"delta":{"role":"assistant","content":null}}],"model":"\#(modelPath)"}"#,
                    #"{"choices":[{"index":0,"delta":{"content":\#(content)}}],"model":"\#(modelPath)"}"#,
                    #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"model":"\#(modelPath)"}"#,
                ]
                return .status(
                    200, reason: "OK", headers: ["Content-Type: text/event-stream"],
                    body: events.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n")
            default:
                return .status(404, reason: "Not Found", body: "File Not Found")
            }
        }
    }

    var chats: [Chat] { log.chats.withLock { $0 } }
    var paths: [String] { server.requests.map(\.path) }

    func endpoint(model: String? = nil) -> ProviderEndpoint {
        ProviderEndpoint(
            client: ProviderClient(
                provider: OpenAICompatibleProvider(baseURL: server.baseURL.appendingPathComponent("v1")),
                transport: ModelFixtures.transport, retry: .never, logger: ModelFixtures.logger),
            defaultModel: model)
    }

    func stop() { server.stop() }
}

extension FixtureServer.Reply {
    static func json(_ body: String) -> FixtureServer.Reply {
        .status(200, reason: "OK", headers: ["Content-Type: application/json"], body: body)
    }
}
