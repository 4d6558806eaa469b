import CodexCore
import Foundation
import GRDB

/// Conversations in the codex SQLite store: one write transaction per change.
public struct SQLiteMemoryStore: MemoryStore {
    let database: CodexDatabase

    public init(database: CodexDatabase) {
        self.database = database
    }

    public func createSession(title: String?) async throws -> Session {
        let session = Session(title: title?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty)
        try await database.write { db in try session.insert(db) }
        return session
    }

    public func session(_ reference: String) async throws -> Session {
        let needle = reference.lowercased().trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty else { throw CodexError.sessionNotFound(reference) }
        let matches = try await database.read { db in
            try Session.filter(sql: "id LIKE ? ESCAPE '\\'", arguments: [Self.escapeLike(needle) + "%"]).limit(2).fetchAll(db)
        }
        guard let first = matches.first else { throw CodexError.sessionNotFound(reference) }
        guard matches.count == 1 else { throw CodexError.ambiguousSession(reference) }
        return first
    }

    public func sessionCount() async throws -> Int {
        try await database.read { db in try Session.fetchCount(db) }
    }

    public func sessions(limit: Int, offset: Int) async throws -> [SessionSummary] {
        try await database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.*, (SELECT count(*) FROM message m WHERE m.session_id = s.id) AS message_count,
                           (SELECT substr(m.content, 1, 80) FROM message m
                            WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.seq LIMIT 1) AS preview
                    FROM session s ORDER BY s.updated_at DESC, s.id LIMIT ? OFFSET ?
                    """, arguments: [limit, offset])
            return try rows.map { row in
                SessionSummary(
                    session: try Session(row: row), messageCount: row["message_count"],
                    preview: (row["preview"] as String?)?.replacingOccurrences(of: "\n", with: " ") ?? "")
            }
        }
    }

    public func renameSession(_ id: UUID, to title: String) async throws -> Session {
        try await database.write { db in
            guard var session = try Session.fetchOne(db, key: id.lowercasedString) else { throw CodexError.sessionNotFound(id.lowercasedString) }
            session.title = title.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            session.updatedAt = Date()
            try session.update(db)
            return session
        }
    }

    public func deleteSession(_ id: UUID) async throws {
        let deleted = try await database.write { db in try Session.deleteOne(db, key: id.lowercasedString) }
        if !deleted { throw CodexError.sessionNotFound(id.lowercasedString) }
    }

    public func append(_ message: NewMessage, to sessionId: UUID) async throws -> SessionMessage {
        try await database.write { db in
            guard var session = try Session.fetchOne(db, key: sessionId.lowercasedString) else {
                throw CodexError.sessionNotFound(sessionId.lowercasedString)
            }
            let last = try Int.fetchOne(
                db, sql: "SELECT max(seq) FROM message WHERE session_id = ?", arguments: [sessionId.lowercasedString])
            var record = MessageRecord(
                session: sessionId, seq: (last ?? 0) + 1, body: MessageBody(message, createdAt: Date()))
            try record.insert(db)
            session.updatedAt = record.body.createdAt
            if session.title == nil, message.role == .user {
                session.title = Session.title(fromFirstQuestion: message.content)
            }
            try session.update(db)
            return record.sessionMessage
        }
    }

    public func updateReply(_ messageId: Int64, with outcome: ReplyOutcome) async throws {
        try await database.write { db in
            guard var record = try MessageRecord.fetchOne(db, key: messageId) else {
                throw CodexError.internal("message \(messageId) vanished while its reply was being written")
            }
            record.body.record(outcome)
            try record.update(db)
        }
    }

    public func messages(in sessionId: UUID, after: Int = 0, limit: Int? = nil) async throws -> [SessionMessage] {
        try await database.read { db in
            var request = MessageRecord.filter(Column("session_id") == sessionId.lowercasedString)
                .filter(Column("seq") > after).order(Column("seq"))
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db).map(\.sessionMessage)
        }
    }

    public func saveSummary(_ summary: String, through seq: Int, in sessionId: UUID) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE session SET summary = ?, summarized_through = ? WHERE id = ?",
                arguments: [summary, seq, sessionId.lowercasedString])
        }
    }

    public func recordModel(_ model: String, provider: String, in sessionId: UUID) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE session SET model = ?, provider = ?, updated_at = ? WHERE id = ?",
                arguments: [model, provider, Date(), sessionId.lowercasedString])
        }
    }

    private static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
