import CodexCore
import Foundation
import GRDB

/// A body's columns of the `message` table, read and written by position.
///
/// Why by hand: GRDB's `Codable` path builds a JSON decoder (or encoder) per JSON column per row,
/// which dominated a 100k-message export and took a third of the import. Every path to the
/// table (`MessageRecord`, bundle export, `MessageInserter`) goes through these three members.
extension MessageBody {
    /// In table order, so a row selected as `id, session_id, seq, <columns>` is the whole row.
    static let columns = [
        "role", "content", "tool_calls", "tool_call_id", "tool_name", "model", "provider", "prompt_tokens",
        "completion_tokens", "citations", "incomplete", "error", "created_at", "first_token_ms", "duration_ms", "mode",
    ]

    /// Reads `columns` from `row`, the first at index `start`. Empty lists are NULL in the store.
    init(row: Row, from start: Int) throws {
        guard let role = ChatRole(rawValue: row[start]) else {
            throw CodexError.internal("unknown role in the store")
        }
        self.init(
            role: role, content: row[start + 1], toolCalls: try Self.list(fromStored: row[start + 2]),
            toolCallId: row[start + 3], toolName: row[start + 4], model: row[start + 5], provider: row[start + 6],
            promptTokens: row[start + 7], completionTokens: row[start + 8],
            citations: try Self.list(fromStored: row[start + 9]), mode: (row[start + 15] as String?).flatMap(AnswerMode.init(rawValue:)),
            incomplete: row[start + 10], error: row[start + 11], createdAt: row[start + 12],
            firstTokenMs: row[start + 13], durationMs: row[start + 14])
    }

    /// The values of `columns`, in order: lists as JSON text with sorted keys (as GRDB writes
    /// them), NULL when empty.
    func databaseValues() throws -> [(any DatabaseValueConvertible)?] {
        [
            role.rawValue, content, try Self.storedList(toolCalls), toolCallId, toolName, model, provider, promptTokens,
            completionTokens, try Self.storedList(citations), incomplete, error, createdAt, firstTokenMs, durationMs,
            mode?.rawValue,
        ]
    }
}
