import CodexCore
import Foundation
import GRDB

/// The `message` row; tool calls and citations are JSON text columns.
struct MessageRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "message"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    static func databaseUUIDEncodingStrategy(for column: String) -> DatabaseUUIDEncodingStrategy {
        .lowercaseString
    }

    var id: Int64?
    var sessionId: UUID
    var seq: Int
    var role: ChatRole
    var content: String
    var toolCalls: [ToolCall]?
    var toolCallId: String?
    var toolName: String?
    var model: String?
    var provider: String?
    var promptTokens: Int?
    var completionTokens: Int?
    var citations: [Citation]?
    var mode: Answer.Mode?
    var incomplete: Bool
    var error: String?
    var createdAt: Date
    var firstTokenMs: Int?
    var durationMs: Int?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(_ message: NewMessage, session: UUID, seq: Int, createdAt: Date = Date()) {
        sessionId = session
        self.seq = seq
        role = message.role
        content = message.content
        toolCalls = message.toolCalls.isEmpty ? nil : message.toolCalls
        toolCallId = message.toolCallId
        toolName = message.toolName
        model = message.model
        provider = message.provider
        citations = message.citations.isEmpty ? nil : message.citations
        mode = message.mode
        incomplete = message.incomplete
        self.createdAt = createdAt
    }

    init(_ message: SessionMessage) {
        id = message.id
        sessionId = message.sessionId
        seq = message.seq
        role = message.role
        content = message.content
        toolCalls = message.toolCalls.isEmpty ? nil : message.toolCalls
        toolCallId = message.toolCallId
        toolName = message.toolName
        model = message.model
        provider = message.provider
        promptTokens = message.promptTokens
        completionTokens = message.completionTokens
        citations = message.citations.isEmpty ? nil : message.citations
        mode = message.mode
        incomplete = message.incomplete
        error = message.error
        createdAt = message.createdAt
        firstTokenMs = message.firstTokenMs
        durationMs = message.durationMs
    }

    var sessionMessage: SessionMessage {
        SessionMessage(
            id: id ?? 0, sessionId: sessionId, seq: seq, role: role, content: content, toolCalls: toolCalls ?? [],
            toolCallId: toolCallId, toolName: toolName, model: model, provider: provider, promptTokens: promptTokens,
            completionTokens: completionTokens, citations: citations ?? [], mode: mode, incomplete: incomplete, error: error,
            createdAt: createdAt, firstTokenMs: firstTokenMs, durationMs: durationMs)
    }
}
