import CodexCore
import Foundation

/// The `message` and `session` rows as the PostgreSQL store selects and writes them, by position.
enum PostgresMessageRow {
    /// `id, session_id, seq`, then the body's columns (as in the SQLite store's `MessageBody.columns`).
    static let selection = """
        id, session_id, seq, role, content, tool_calls, tool_call_id, tool_name, model, provider, prompt_tokens,
        completion_tokens, citations, incomplete, error, \(PostgresSQL.millis("created_at")), first_token_ms,
        duration_ms, mode
        """

    static let insertColumns = """
        session_id, seq, role, content, tool_calls, tool_call_id, tool_name, model, provider, prompt_tokens,
        completion_tokens, citations, incomplete, error, created_at, first_token_ms, duration_ms, mode
        """
    static let insertValues =
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \(PostgresSQL.fromMillis("$15")), $16, $17, $18"

    static func body(_ rows: PostgresRows, _ row: Int) throws -> MessageBody {
        guard let role = rows.string(row, 3).flatMap(ChatRole.init(rawValue:)) else {
            throw CodexError.internal("unknown role in the store")
        }
        return MessageBody(
            role: role, content: rows.string(row, 4) ?? "", toolCalls: try MessageBody.list(fromStored: rows.string(row, 5)),
            toolCallId: rows.string(row, 6), toolName: rows.string(row, 7), model: rows.string(row, 8),
            provider: rows.string(row, 9), promptTokens: rows.int(row, 10), completionTokens: rows.int(row, 11),
            citations: try MessageBody.list(fromStored: rows.string(row, 12)),
            mode: rows.string(row, 18).flatMap(AnswerMode.init(rawValue:)), incomplete: rows.bool(row, 13) ?? false,
            error: rows.string(row, 14), createdAt: rows.date(row, 15) ?? Date(), firstTokenMs: rows.int(row, 16),
            durationMs: rows.int(row, 17))
    }

    static func sessionMessage(_ rows: PostgresRows, _ row: Int) throws -> SessionMessage {
        SessionMessage(
            id: rows.int64(row, 0) ?? 0, sessionId: UUID(uuidString: rows.string(row, 1) ?? "") ?? UUID(),
            seq: rows.int(row, 2) ?? 0, body: try body(rows, row))
    }

    /// The parameters of `insertValues`.
    static func values(_ body: MessageBody, session: UUID, seq: Int) throws -> [(any PostgresBindable)?] {
        [
            session.lowercasedString, seq, body.role.rawValue, body.content, try MessageBody.storedList(body.toolCalls),
            body.toolCallId, body.toolName, body.model, body.provider, body.promptTokens, body.completionTokens,
            try MessageBody.storedList(body.citations), body.incomplete, body.error, body.createdAt, body.firstTokenMs,
            body.durationMs, body.mode?.rawValue,
        ]
    }

    static let sessionSelection = """
        id, title, \(PostgresSQL.millis("created_at")), \(PostgresSQL.millis("updated_at")), model, provider, summary,
        summarized_through
        """

    static func session(_ rows: PostgresRows, _ row: Int) -> Session {
        Session(
            id: UUID(uuidString: rows.string(row, 0) ?? "") ?? UUID(), title: rows.string(row, 1),
            createdAt: rows.date(row, 2) ?? Date(), updatedAt: rows.date(row, 3) ?? Date(), model: rows.string(row, 4),
            provider: rows.string(row, 5), summary: rows.string(row, 6) ?? "", summarizedThrough: rows.int(row, 7) ?? 0)
    }

    static func insert(_ session: Session, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO session (id, title, created_at, updated_at, model, provider, summary, summarized_through)
            VALUES ($1, $2, \(PostgresSQL.fromMillis("$3")), \(PostgresSQL.fromMillis("$4")), $5, $6, $7, $8)
            """,
            [
                session.id.lowercasedString, session.title, session.createdAt, session.updatedAt, session.model,
                session.provider, session.summary, session.summarizedThrough,
            ])
    }
}
