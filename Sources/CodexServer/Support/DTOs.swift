import CodexCore
import Foundation
import Hummingbird

/// A finished turn as `/chat` and `/ask` return it.
struct ReplyDTO: ResponseEncodable, Sendable {
    var sessionId: String?
    var messageId: Int64?
    var reply: String
    var citations: [Answer.CitedPassage]
    var mode: String
    var provider: String?
    var model: String?
    var usage: AssistantReply.Usage?
    var incomplete: Bool
    var error: String?
    var hint: String?
    var toolCalls: [ToolCall]
    var notices: [String]

    init(_ reply: AssistantReply, toolCalls: [ToolCall], notices: [String]) {
        sessionId = reply.sessionId?.lowercasedString
        messageId = reply.messageId
        self.reply = reply.answer
        citations = reply.citations
        mode = reply.mode.rawValue
        provider = reply.provider
        model = reply.model
        usage = reply.usage
        incomplete = reply.incomplete
        error = reply.error
        hint = reply.hint
        self.toolCalls = toolCalls
        self.notices = notices
    }
}

/// The `done` event: which stored message the reply became, and what it cost.
struct DoneDTO: Encodable {
    var sessionId: String?
    var messageId: Int64?
    var usage: AssistantReply.Usage?
    var incomplete: Bool
    var error: String?
    var hint: String?
    var mode: String
}

struct TokenDTO: Encodable { var text: String }
struct RoutedDTO: Encodable {
    var provider: String
    var model: String
}
struct NoticeDTO: Encodable { var message: String }

/// A tool that ran during a turn: which call, and one line of what it returned.
struct ToolResultDTO: Encodable {
    var id: String?
    var name: String
    var summary: String
    var isError: Bool
}
