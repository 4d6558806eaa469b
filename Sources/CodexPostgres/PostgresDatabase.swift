import CodexCore
import Foundation

/// A codex database on a PostgreSQL server: its connection pool, migrated before first use.
struct PostgresDatabase: Sendable {
    let pool: PostgresPool

    /// The store as people may see it: the URL with any password masked.
    var location: String { pool.location }

    /// Connects to `url` and brings the schema up to date.
    ///
    /// - Throws: `CodexError.storeUnreachable` when the server cannot be reached or refuses.
    static func open(url: String) throws -> PostgresDatabase {
        let database = PostgresDatabase(pool: PostgresPool(url: url, location: redacted(url)))
        try database.pool.withConnection { connection in try PostgresMigrations.migrate(connection) }
        return database
    }

    /// `url` without its password (`postgres://codex:secret@host/db` → `postgres://codex:***@host/db`).
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"),
            let at = url[scheme.upperBound...].firstIndex(of: "@"),
            let colon = url[scheme.upperBound..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
