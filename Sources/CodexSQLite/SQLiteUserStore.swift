import CodexCore
import Foundation
import GRDB

/// Users in the `team_user` table (a shared server's people, with their tokens' hashes).
struct SQLiteUserStore: UserStore {
    let database: CodexDatabase

    func add(name: String, tokenHash: String) async throws -> TeamUser {
        try await database.write { db in
            guard try Self.user(sql: "name = ?", [name], db) == nil else { throw CodexError.userExists(name) }
            try db.execute(
                sql: "INSERT INTO team_user (name, token_sha256, created_at) VALUES (?, ?, ?)",
                arguments: [name, tokenHash, Date()])
            // Read back, so the time is the one stored (to the millisecond).
            guard let user = try Self.user(sql: "id = ?", [db.lastInsertedRowID], db) else {
                throw CodexError.internal("user \(name) vanished as it was added")
            }
            return user
        }
    }

    func user(tokenHash: String) async throws -> TeamUser? {
        try await database.read { db in try Self.user(sql: "token_sha256 = ?", [tokenHash], db) }
    }

    func list() async throws -> [TeamUser] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at FROM team_user ORDER BY name").map(Self.user)
        }
    }

    func remove(name: String) async throws -> TeamUser {
        try await database.write { db in
            guard let user = try Self.user(sql: "name = ?", [name], db) else { throw CodexError.userNotFound(name) }
            // The foreign key sets their sessions' owner to NULL.
            try db.execute(sql: "DELETE FROM team_user WHERE id = ?", arguments: [user.id])
            return user
        }
    }

    private static func user(sql: String, _ arguments: StatementArguments, _ db: Database) throws -> TeamUser? {
        try Row.fetchOne(db, sql: "SELECT id, name, created_at FROM team_user WHERE " + sql, arguments: arguments)
            .map(user)
    }

    private static func user(_ row: Row) -> TeamUser { TeamUser(id: row[0], name: row[1], createdAt: row[2]) }
}
