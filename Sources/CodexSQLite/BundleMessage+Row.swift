import CodexCore
import Foundation
import GRDB

extension BundleMessage {
    /// The columns `init(row:)` reads, in order.
    static let columns = """
        session_id, seq, role, content, tool_calls, tool_call_id, tool_name, model, provider, prompt_tokens,
        completion_tokens, citations, incomplete, error, created_at, first_token_ms, duration_ms, mode
        """

    /// Reads a `message` row directly: decoding through `MessageRecord` makes GRDB build a JSON
    /// decoder per column per row, which dominated a 100k-message export.
    init(row: Row, decoder: JSONDecoder) throws {
        guard let role = ChatRole(rawValue: row[2]) else { throw CodexError.internal("unknown role in the store") }
        self.init(
            sessionId: row[0], seq: row[1], role: role, content: row[3],
            toolCalls: try (row[4] as String?).map { try decoder.decode([ToolCall].self, from: Data($0.utf8)) },
            toolCallId: row[5], toolName: row[6], model: row[7], provider: row[8], promptTokens: row[9],
            completionTokens: row[10],
            citations: try (row[11] as String?).map { try decoder.decode([Citation].self, from: Data($0.utf8)) },
            mode: (row[17] as String?).flatMap(Answer.Mode.init(rawValue:)), incomplete: row[12], error: row[13],
            createdAt: row[14], firstTokenMs: row[15], durationMs: row[16])
    }
}
