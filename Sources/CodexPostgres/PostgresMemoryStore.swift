import CodexCore
import Foundation

/// Conversations in the PostgreSQL store: one transaction per change.
///
/// Replicas append to the same session safely: `append` locks the session row first, so two
/// messages never take the same `seq`. With an `owner` (see `owned(by:)`) every statement is
/// limited to that user's sessions.
struct PostgresMemoryStore: MemoryStore {
    let database: PostgresDatabase
    var owner: Int64?

    func owned(by user: Int64) -> any MemoryStore { PostgresMemoryStore(database: database, owner: user) }

    /// `AND` the session (aliased `alias`) belongs to the owner, when there is one, as parameter
    /// `parameters.count + 1`, which it appends.
    private func ownedBy(_ alias: String = "session", _ parameters: inout [(any PostgresBindable)?]) -> String {
        parameters.append(owner)
        return " AND ($\(parameters.count)::int8 IS NULL OR \(alias).owner_id = $\(parameters.count))"
    }

    func createSession(title: String?) async throws -> Session {
        let session = Session(title: title?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty)
        let owner = self.owner
        try await database.pool.write { connection in
            try PostgresMessageRow.insert(session, on: connection)
            if let owner {
                try connection.query("UPDATE session SET owner_id = $1 WHERE id = $2", [owner, session.id.lowercasedString])
            }
        }
        return session
    }

    func session(_ reference: String) async throws -> Session {
        let needle = reference.lowercased().trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty else { throw CodexError.sessionNotFound(reference) }
        var parameters: [(any PostgresBindable)?] = [needle]
        let owned = ownedBy("session", &parameters)
        let matches = try await database.pool.read { [parameters] connection in
            // starts_with, not LIKE: `_` and `%` in what people type are plain characters.
            let rows = try connection.query(
                "SELECT \(PostgresMessageRow.sessionSelection) FROM session WHERE starts_with(id, $1)\(owned) LIMIT 2",
                parameters)
            return (0..<rows.count).map { PostgresMessageRow.session(rows, $0) }
        }
        guard let first = matches.first else { throw CodexError.sessionNotFound(reference) }
        guard matches.count == 1 else { throw CodexError.ambiguousSession(reference) }
        return first
    }

    func sessionCount() async throws -> Int {
        var parameters: [(any PostgresBindable)?] = []
        let owned = ownedBy("session", &parameters)
        return try await database.pool.read { [parameters] connection in
            try connection.query("SELECT count(*) FROM session WHERE true\(owned)", parameters).int(0, 0) ?? 0
        }
    }

    func sessions(limit: Int, offset: Int) async throws -> [SessionSummary] {
        var parameters: [(any PostgresBindable)?] = [limit, offset]
        let owned = ownedBy("s", &parameters)
        return try await database.pool.read { [parameters] connection in
            let rows = try connection.query(
                """
                SELECT \(PostgresMessageRow.sessionSelection),
                       (SELECT count(*) FROM message m WHERE m.session_id = s.id),
                       (SELECT substr(m.content, 1, 80) FROM message m
                        WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.seq LIMIT 1)
                FROM session s WHERE true\(owned) ORDER BY s.updated_at DESC, s.id LIMIT $1 OFFSET $2
                """, parameters)
            return (0..<rows.count).map { row in
                SessionSummary(
                    session: PostgresMessageRow.session(rows, row), messageCount: rows.int(row, 8) ?? 0,
                    preview: rows.string(row, 9)?.replacingOccurrences(of: "\n", with: " ") ?? "")
            }
        }
    }

    func renameSession(_ id: UUID, to title: String) async throws -> Session {
        var parameters: [(any PostgresBindable)?] = [
            title.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty, Date(), id.lowercasedString,
        ]
        let owned = ownedBy("session", &parameters)
        return try await database.pool.write { [parameters] connection in
            let rows = try connection.query(
                """
                UPDATE session SET title = $1, updated_at = \(PostgresSQL.fromMillis("$2")) WHERE id = $3\(owned)
                RETURNING \(PostgresMessageRow.sessionSelection)
                """, parameters)
            guard rows.count == 1 else { throw CodexError.sessionNotFound(id.lowercasedString) }
            return PostgresMessageRow.session(rows, 0)
        }
    }

    func deleteSession(_ id: UUID) async throws {
        var parameters: [(any PostgresBindable)?] = [id.lowercasedString]
        let owned = ownedBy("session", &parameters)
        let deleted = try await database.pool.write { [parameters] connection in
            try connection.query("DELETE FROM session WHERE id = $1\(owned)", parameters).changed
        }
        if deleted == 0 { throw CodexError.sessionNotFound(id.lowercasedString) }
    }

    func append(_ message: NewMessage, to sessionId: UUID) async throws -> SessionMessage {
        let id = sessionId.lowercasedString
        var parameters: [(any PostgresBindable)?] = [id]
        let owned = ownedBy("session", &parameters)
        return try await database.pool.write { [parameters] connection in
            let session = try connection.query("SELECT title FROM session WHERE id = $1\(owned) FOR UPDATE", parameters)
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
        var parameters: [(any PostgresBindable)?] = [messageId]
        let owned = ownedBy("session", &parameters)
        try await database.pool.write { [parameters] connection in
            let rows = try connection.query(
                """
                SELECT \(PostgresMessageRow.selection) FROM message WHERE id = $1
                AND EXISTS (SELECT 1 FROM session WHERE session.id = message.session_id\(owned)) FOR UPDATE
                """, parameters)
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
        var parameters: [(any PostgresBindable)?] = [sessionId.lowercasedString]
        let owned = ownedBy("session", &parameters)
        return try await database.pool.read { [parameters] connection in
            guard try connection.query("SELECT 1 FROM session WHERE id = $1\(owned)", parameters).count == 1 else {
                throw CodexError.sessionNotFound(sessionId.lowercasedString)
            }
            let rows = try connection.query(
                """
                SELECT \(PostgresMessageRow.selection) FROM message WHERE session_id = $1 AND seq > $2
                ORDER BY seq LIMIT $3
                """, [sessionId.lowercasedString, after, limit])
            return try (0..<rows.count).map { try PostgresMessageRow.sessionMessage(rows, $0) }
        }
    }

    func saveSummary(_ summary: String, through seq: Int, in sessionId: UUID) async throws {
        var parameters: [(any PostgresBindable)?] = [summary, seq, sessionId.lowercasedString]
        let owned = ownedBy("session", &parameters)
        try await database.pool.write { [parameters] connection in
            _ = try connection.query(
                "UPDATE session SET summary = $1, summarized_through = $2 WHERE id = $3\(owned)", parameters)
        }
    }

    func recordModel(_ model: String, provider: String, in sessionId: UUID) async throws {
        var parameters: [(any PostgresBindable)?] = [model, provider, Date(), sessionId.lowercasedString]
        let owned = ownedBy("session", &parameters)
        try await database.pool.write { [parameters] connection in
            _ = try connection.query(
                "UPDATE session SET model = $1, provider = $2, updated_at = \(PostgresSQL.fromMillis("$3")) WHERE id = $4\(owned)",
                parameters)
        }
    }
}
