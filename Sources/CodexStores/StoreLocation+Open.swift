import CodexCore
import CodexPostgres
import CodexSQLite

extension StoreLocation {
    /// Opens the store at `location` with the backend its form names: a file path is SQLite, a
    /// `postgres://` (or `postgresql://`) URL a PostgreSQL server.
    ///
    /// - Throws: `CodexError.unsupportedStore` for a URL whose scheme no backend handles (it is
    ///   never taken for a file path: `postgres://host/db` once made a folder named `postgres:`).
    public static func open(_ location: String) throws -> CodexStore {
        switch scheme(of: location) {
        case nil: try SQLiteStore.open(at: location)
        case let scheme? where PostgresStore.schemes.contains(scheme): try PostgresStore.open(url: location)
        case let scheme?: throw CodexError.unsupportedStore(scheme: scheme)
        }
    }
}
