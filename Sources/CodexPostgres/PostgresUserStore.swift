import CodexCore
import Foundation

/// Users in the `team_user` table (a shared server's people, with their tokens' hashes).
struct PostgresUserStore: UserStore {
    let database: PostgresDatabase

    private static let columns = "id, name, \(PostgresSQL.millis("created_at"))"

    func add(name: String, tokenHash: String) async throws -> TeamUser {
        try await database.pool.write { connection in
            let rows = try connection.query(
                """
                INSERT INTO team_user (name, token_sha256, created_at) VALUES ($1, $2, \(PostgresSQL.fromMillis("$3")))
                ON CONFLICT (name) DO NOTHING RETURNING \(Self.columns)
                """, [name, tokenHash, Date()])
            guard rows.count == 1 else { throw CodexError.userExists(name) }
            return Self.user(rows, 0)
        }
    }

    func user(tokenHash: String) async throws -> TeamUser? {
        try await database.pool.read { connection in
            let rows = try connection.query("SELECT \(Self.columns) FROM team_user WHERE token_sha256 = $1", [tokenHash])
            return rows.count == 1 ? Self.user(rows, 0) : nil
        }
    }

    func list() async throws -> [TeamUser] {
        try await database.pool.read { connection in
            let rows = try connection.query("SELECT \(Self.columns) FROM team_user ORDER BY name")
            return (0..<rows.count).map { Self.user(rows, $0) }
        }
    }

    func remove(name: String) async throws -> TeamUser {
        try await database.pool.write { connection in
            // The foreign key sets their sessions' owner to NULL.
            let rows = try connection.query("DELETE FROM team_user WHERE name = $1 RETURNING \(Self.columns)", [name])
            guard rows.count == 1 else { throw CodexError.userNotFound(name) }
            return Self.user(rows, 0)
        }
    }

    private static func user(_ rows: PostgresRows, _ row: Int) -> TeamUser {
        TeamUser(id: rows.int64(row, 0) ?? 0, name: rows.string(row, 1) ?? "", createdAt: rows.date(row, 2) ?? Date())
    }
}
