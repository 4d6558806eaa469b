import CodexCore
import Foundation
import Hummingbird

/// The request and response shapes of OpenAI's `/v1/chat/completions`, as far as codex passes them on.
enum OpenAIChat {
    struct Request: Decodable, Sendable {
        var model: String?
        var messages: [Message]
        var stream: Bool?
        var tools: [Tool]?
        var temperature: Double?
        var maxTokens: Int?
        var maxCompletionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case model, messages, stream, tools, temperature
            case maxTokens = "max_tokens", maxCompletionTokens = "max_completion_tokens"
        }

        /// "codex", "auto" or nothing: let the gateway choose.
        var requestedModel: String? {
            guard let model, !["", "auto", "codex", "default"].contains(model) else { return nil }
            return model
        }
    }

    struct Message: Codable, Sendable {
        var role: String
        var content: Content?
        var toolCalls: [WireToolCall]?
        var toolCallId: String?
        var name: String?

        enum CodingKeys: String, CodingKey {
            case role, content, name, toolCalls = "tool_calls", toolCallId = "tool_call_id"
        }

        func chatMessage() throws -> ChatMessage {
            guard let role = ChatRole(rawValue: role == "developer" ? "system" : role) else {
                throw CodexError.invalidInput("unknown message role \"\(role)\"", hint: "use system, user, assistant or tool")
            }
            return ChatMessage(
                role: role, content: content?.text ?? "",
                toolCalls: (toolCalls ?? []).map { ToolCall(id: $0.id, name: $0.function.name, arguments: $0.function.arguments) },
                toolCallId: toolCallId, toolName: name)
        }
    }

    /// A string, or an array of `{type:"text", text}` parts (other part types are not supported).
    struct Content: Codable, Sendable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
                return
            }
            struct Part: Decodable { var type: String; var text: String? }
            let parts = try container.decode([Part].self)
            text = parts.compactMap { $0.type == "text" ? $0.text : nil }.joined(separator: "\n")
        }

        init(_ text: String) { self.text = text }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
    }

    struct Tool: Decodable, Sendable {
        var type: String
        var function: Function
        struct Function: Decodable, Sendable {
            var name: String
            var description: String?
            var parameters: JSONValue?
        }
        var spec: ToolSpec {
            ToolSpec(
                name: function.name, description: function.description ?? "",
                parameters: function.parameters ?? ["type": "object", "properties": [:]])
        }
    }

    struct WireToolCall: Codable, Sendable {
        var index: Int?
        var id: String?
        var type: String = "function"
        var function: Function
        struct Function: Codable, Sendable {
            var name: String
            var arguments: String
        }

        init(_ call: ToolCall, index: Int?) {
            self.index = index
            id = call.id ?? "call_\(UUID().uuidString.prefix(8).lowercased())"
            function = Function(name: call.name, arguments: call.arguments)
        }
    }

    struct Usage: Codable, Sendable {
        var promptTokens: Int
        var completionTokens: Int
        var totalTokens: Int
        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens"
        }
        init(_ usage: TokenUsage?) {
            promptTokens = usage?.promptTokens ?? 0
            completionTokens = usage?.completionTokens ?? 0
            totalTokens = usage?.totalTokens ?? promptTokens + completionTokens
        }
    }

    struct Completion: ResponseEncodable, Sendable {
        var id: String
        var object = "chat.completion"
        var created: Int
        var model: String
        var choices: [Choice]
        var usage: Usage
        struct Choice: Encodable, Sendable {
            var index = 0
            var message: ReplyMessage
            var finishReason: String
            enum CodingKeys: String, CodingKey { case index, message, finishReason = "finish_reason" }
        }
        struct ReplyMessage: Encodable, Sendable {
            var role = "assistant"
            var content: String?
            var toolCalls: [WireToolCall]?
            enum CodingKeys: String, CodingKey { case role, content, toolCalls = "tool_calls" }
        }
    }

    struct Chunk: Encodable, Sendable {
        var id: String
        var object = "chat.completion.chunk"
        var created: Int
        var model: String
        var choices: [Choice]
        var usage: Usage?
        struct Choice: Encodable, Sendable {
            var index = 0
            var delta: Delta
            var finishReason: String?
            enum CodingKeys: String, CodingKey { case index, delta, finishReason = "finish_reason" }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(index, forKey: .index)
                try container.encode(delta, forKey: .delta)
                try container.encode(finishReason, forKey: .finishReason)  // null until the last chunk
            }
        }
        struct Delta: Encodable, Sendable {
            var role: String?
            var content: String?
            var toolCalls: [WireToolCall]?
            enum CodingKeys: String, CodingKey { case role, content, toolCalls = "tool_calls" }
        }
    }

    struct ModelList: ResponseEncodable, Sendable {
        var object = "list"
        var data: [Model]
        struct Model: Encodable, Sendable {
            var id: String
            var object = "model"
            var created = 0
            var ownedBy: String
            enum CodingKeys: String, CodingKey { case id, object, created, ownedBy = "owned_by" }
        }
    }
}
