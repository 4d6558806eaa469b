import CodexCore
import Foundation
import GRDB

/// Inserts imported messages through one prepared statement, writing exactly the row
/// `MessageRecord.insert` would (JSON columns with sorted keys, empty lists as NULL).
///
/// Why not the record: GRDB builds a `JSONEncoder` per JSON column per row; at 100k messages
/// that alone took a third of the import.
struct MessageInserter {
    private let statement: Statement
    private let encoder: JSONEncoder

    init(_ db: Database) throws {
        statement = try db.cachedStatement(
            sql: """
                INSERT INTO message (session_id, seq, role, content, tool_calls, tool_call_id, tool_name, model,
                    provider, prompt_tokens, completion_tokens, citations, incomplete, error, created_at,
                    first_token_ms, duration_ms, mode)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
    }

    func insert(_ message: BundleMessage, session: UUID) throws {
        let toolCalls = try message.toolCalls.flatMap {
            $0.isEmpty ? nil : String(decoding: try encoder.encode($0), as: UTF8.self)
        }
        let citations = try message.citations.flatMap {
            $0.isEmpty ? nil : String(decoding: try encoder.encode($0), as: UTF8.self)
        }
        try statement.execute(arguments: [
            session.lowercasedString, message.seq, message.role.rawValue, message.content, toolCalls, message.toolCallId,
            message.toolName, message.model, message.provider, message.promptTokens, message.completionTokens,
            citations, message.incomplete, message.error, message.createdAt, message.firstTokenMs, message.durationMs,
            message.mode?.rawValue,
        ])
    }
}
