import CodexCore
import Foundation
import GRDB

/// Conversations in the codex SQLite store: one write transaction per change.
///
/// With an `owner` (a user of a shared server, see `owned(by:)`) every statement is limited to
/// that user's sessions; without one it sees them all, as the CLI does.
public struct SQLiteMemoryStore: MemoryStore {
    let database: CodexDatabase
    let owner: Int64?

    public init(database: CodexDatabase, owner: Int64? = nil) {
        self.database = database
        self.owner = owner
    }

    public func owned(by user: Int64) -> any MemoryStore { SQLiteMemoryStore(database: database, owner: user) }

    /// `AND` the session (aliased `alias`) belongs to the owner, when there is one; its two arguments.
    private func ownedBy(_ alias: String = "session") -> (sql: String, arguments: StatementArguments) {
        (" AND (? IS NULL OR \(alias).owner_id = ?)", [owner, owner])
    }

    public func createSession(title: String?) async throws -> Session {
        let session = Session(title: title?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty)
        let owner = self.owner
        try await database.write { db in
            try session.insert(db)
            if let owner {
                try db.execute(
                    sql: "UPDATE session SET owner_id = ? WHERE id = ?", arguments: [owner, session.id.lowercasedString])
            }
        }
        return session
    }

    public func session(_ reference: String) async throws -> Session {
        let needle = reference.lowercased().trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty else { throw CodexError.sessionNotFound(reference) }
        let owned = ownedBy()
        let matches = try await database.read { db in
            try Session.filter(sql: "id LIKE ? ESCAPE '\\'" + owned.sql, arguments: [Self.escapeLike(needle) + "%"] + owned.arguments)
                .limit(2).fetchAll(db)
        }
        guard let first = matches.first else { throw CodexError.sessionNotFound(reference) }
        guard matches.count == 1 else { throw CodexError.ambiguousSession(reference) }
        return first
    }

    public func sessionCount() async throws -> Int {
        let owned = ownedBy()
        return try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM session WHERE 1" + owned.sql, arguments: owned.arguments) ?? 0
        }
    }

    public func sessions(limit: Int, offset: Int) async throws -> [SessionSummary] {
        let owned = ownedBy("s")
        return try await database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.*, (SELECT count(*) FROM message m WHERE m.session_id = s.id) AS message_count,
                           (SELECT substr(m.content, 1, 80) FROM message m
                            WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.seq LIMIT 1) AS preview
                    FROM session s WHERE 1\(owned.sql) ORDER BY s.updated_at DESC, s.id LIMIT ? OFFSET ?
                    """, arguments: owned.arguments + [limit, offset])
            return try rows.map { row in
                SessionSummary(
                    session: try Session(row: row), messageCount: row["message_count"],
                    preview: (row["preview"] as String?)?.replacingOccurrences(of: "\n", with: " ") ?? "")
            }
        }
    }

    public func renameSession(_ id: UUID, to title: String) async throws -> Session {
        let owned = ownedBy()
        return try await database.write { db in
            guard var session = try Self.session(id, owned, db) else { throw CodexError.sessionNotFound(id.lowercasedString) }
            session.title = title.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            session.updatedAt = Date()
            try session.update(db)
            return session
        }
    }

    public func deleteSession(_ id: UUID) async throws {
        let owned = ownedBy()
        let deleted = try await database.write { db in
            try db.execute(sql: "DELETE FROM session WHERE id = ?" + owned.sql, arguments: [id.lowercasedString] + owned.arguments)
            return db.changesCount
        }
        if deleted == 0 { throw CodexError.sessionNotFound(id.lowercasedString) }
    }

    public func append(_ message: NewMessage, to sessionId: UUID) async throws -> SessionMessage {
        let owned = ownedBy()
        return try await database.write { db in
            guard var session = try Self.session(sessionId, owned, db) else {
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
        let owned = ownedBy("s")
        try await database.write { db in
            let mine = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM message m JOIN session s ON s.id = m.session_id WHERE m.id = ?" + owned.sql,
                arguments: [messageId] + owned.arguments) ?? false
            guard mine, var record = try MessageRecord.fetchOne(db, key: messageId) else {
                throw CodexError.internal("message \(messageId) vanished while its reply was being written")
            }
            record.body.record(outcome)
            try record.update(db)
        }
    }

    public func messages(in sessionId: UUID, after: Int = 0, limit: Int? = nil) async throws -> [SessionMessage] {
        let owned = ownedBy()
        return try await database.read { db in
            guard try Self.session(sessionId, owned, db) != nil else { throw CodexError.sessionNotFound(sessionId.lowercasedString) }
            var request = MessageRecord.filter(Column("session_id") == sessionId.lowercasedString)
                .filter(Column("seq") > after).order(Column("seq"))
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db).map(\.sessionMessage)
        }
    }

    public func saveSummary(_ summary: String, through seq: Int, in sessionId: UUID) async throws {
        let owned = ownedBy()
        try await database.write { db in
            try db.execute(
                sql: "UPDATE session SET summary = ?, summarized_through = ? WHERE id = ?" + owned.sql,
                arguments: [summary, seq, sessionId.lowercasedString] + owned.arguments)
        }
    }

    public func recordModel(_ model: String, provider: String, in sessionId: UUID) async throws {
        let owned = ownedBy()
        try await database.write { db in
            try db.execute(
                sql: "UPDATE session SET model = ?, provider = ?, updated_at = ? WHERE id = ?" + owned.sql,
                arguments: [model, provider, Date(), sessionId.lowercasedString] + owned.arguments)
        }
    }

    private static func session(
        _ id: UUID, _ owned: (sql: String, arguments: StatementArguments), _ db: Database
    ) throws -> Session? {
        try Session.filter(sql: "id = ?" + owned.sql, arguments: [id.lowercasedString] + owned.arguments).fetchOne(db)
    }

    private static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
