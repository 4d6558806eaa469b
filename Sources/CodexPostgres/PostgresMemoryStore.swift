import CodexCore
import Foundation

/// Conversations in the PostgreSQL store: one transaction per change.
///
/// Replicas append to the same session safely: `append` locks the session row first, so two
/// messages never take the same `seq`.
struct PostgresMemoryStore: MemoryStore {
    let database: PostgresDatabase

    func createSession(title: String?) async throws -> Session {
        let session = Session(title: title?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty)
        try await database.pool.write { connection in try PostgresMessageRow.insert(session, on: connection) }
        return session
    }

    func session(_ reference: String) async throws -> Session {
        let needle = reference.lowercased().trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty else { throw CodexError.sessionNotFound(reference) }
        let matches = try await database.pool.read { connection in
            // starts_with, not LIKE: `_` and `%` in what people type are plain characters.
            let rows = try connection.query(
                "SELECT \(PostgresMessageRow.sessionSelection) FROM session WHERE starts_with(id, $1) LIMIT 2", [needle])
            return (0..<rows.count).map { PostgresMessageRow.session(rows, $0) }
        }
        guard let first = matches.first else { throw CodexError.sessionNotFound(reference) }
        guard matches.count == 1 else { throw CodexError.ambiguousSession(reference) }
        return first
    }

    func sessionCount() async throws -> Int {
        try await database.pool.read { connection in try connection.query("SELECT count(*) FROM session").int(0, 0) ?? 0 }
    }

    func sessions(limit: Int, offset: Int) async throws -> [SessionSummary] {
        try await database.pool.read { connection in
            let rows = try connection.query(
                """
                SELECT \(PostgresMessageRow.sessionSelection),
                       (SELECT count(*) FROM message m WHERE m.session_id = s.id),
                       (SELECT substr(m.content, 1, 80) FROM message m
                        WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.seq LIMIT 1)
                FROM session s ORDER BY s.updated_at DESC, s.id LIMIT $1 OFFSET $2
                """, [limit, offset])
            return (0..<rows.count).map { row in
                SessionSummary(
                    session: PostgresMessageRow.session(rows, row), messageCount: rows.int(row, 8) ?? 0,
                    preview: rows.string(row, 9)?.replacingOccurrences(of: "\n", with: " ") ?? "")
            }
        }
    }

    func renameSession(_ id: UUID, to title: String) async throws -> Session {
        try await database.pool.write { connection in
            let rows = try connection.query(
                """
                UPDATE session SET title = $1, updated_at = \(PostgresSQL.fromMillis("$2")) WHERE id = $3
                RETURNING \(PostgresMessageRow.sessionSelection)
                """, [title.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty, Date(), id.lowercasedString])
            guard rows.count == 1 else { throw CodexError.sessionNotFound(id.lowercasedString) }
            return PostgresMessageRow.session(rows, 0)
        }
    }

    func deleteSession(_ id: UUID) async throws {
        let deleted = try await database.pool.write { connection in
            try connection.query("DELETE FROM session WHERE id = $1", [id.lowercasedString]).changed
        }
        if deleted == 0 { throw CodexError.sessionNotFound(id.lowercasedString) }
    }

    func append(_ message: NewMessage, to sessionId: UUID) async throws -> SessionMessage {
        try await database.pool.write { connection in
            let id = sessionId.lowercasedString
            let session = try connection.query("SELECT title FROM session WHERE id = $1 FOR UPDATE", [id])
            guard session.count == 1 else { throw CodexError.sessionNotFound(id) }
            let seq = (try connection.query("SELECT max(seq) FROM message WHERE session_id = $1", [id]).int(0, 0) ?? 0) + 1
            let body = MessageBody(message, createdAt: Date())
            let rows = try connection.query(
                """
                INSERT INTO message (\(PostgresMessageRow.insertColumns)) VALUES (\(PostgresMessageRow.insertValues))
                RETURNING id
                """, try PostgresMessageRow.values(body, session: sessionId, seq: seq))
            let title = session.string(0, 0) ?? (message.role == .user ? Session.title(fromFirstQuestion: message.content) : nil)
            try connection.query(
                "UPDATE session SET updated_at = \(PostgresSQL.fromMillis("$1")), title = $2 WHERE id = $3",
                [body.createdAt, title, id])
            return SessionMessage(id: rows.int64(0, 0) ?? 0, sessionId: sessionId, seq: seq, body: body)
        }
    }

    func updateReply(_ messageId: Int64, with outcome: ReplyOutcome) async throws {
        try await database.pool.write { connection in
            let rows = try connection.query(
                "SELECT \(PostgresMessageRow.selection) FROM message WHERE id = $1 FOR UPDATE", [messageId])
            guard rows.count == 1 else {
                throw CodexError.internal("message \(messageId) vanished while its reply was being written")
            }
            var body = try PostgresMessageRow.body(rows, 0)
            body.record(outcome)
            try connection.query(
                """
                UPDATE message SET content = $1, tool_calls = $2, prompt_tokens = $3, completion_tokens = $4,
                incomplete = $5, error = $6, first_token_ms = $7, duration_ms = $8 WHERE id = $9
                """,
                [
                    body.content, try MessageBody.storedList(body.toolCalls), body.promptTokens, body.completionTokens,
                    body.incomplete, body.error, body.firstTokenMs, body.durationMs, messageId,
                ])
        }
    }

    func messages(in sessionId: UUID, after: Int, limit: Int?) async throws -> [SessionMessage] {
        try await database.pool.read { connection in
            let rows = try connection.query(
                """
                SELECT \(PostgresMessageRow.selection) FROM message WHERE session_id = $1 AND seq > $2
                ORDER BY seq LIMIT $3
                """, [sessionId.lowercasedString, after, limit])
            return try (0..<rows.count).map { try PostgresMessageRow.sessionMessage(rows, $0) }
        }
    }

    func saveSummary(_ summary: String, through seq: Int, in sessionId: UUID) async throws {
        try await database.pool.write { connection in
            _ = try connection.query(
                "UPDATE session SET summary = $1, summarized_through = $2 WHERE id = $3",
                [summary, seq, sessionId.lowercasedString])
        }
    }

    func recordModel(_ model: String, provider: String, in sessionId: UUID) async throws {
        try await database.pool.write { connection in
            _ = try connection.query(
                "UPDATE session SET model = $1, provider = $2, updated_at = \(PostgresSQL.fromMillis("$3")) WHERE id = $4",
                [model, provider, Date(), sessionId.lowercasedString])
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
