import CodexCore

extension CodexError {
    /// The server cannot be reached, refuses the login, or the connection broke.
    static func storeUnreachable(_ location: String, reason: String) -> CodexError {
        CodexError(
            kind: .store,
            message: "cannot reach the PostgreSQL store at \(location): "
                + reason.trimmingCharacters(in: .whitespacesAndNewlines),
            hint: "check that the server runs and that the URL's user, host, port and database are right "
                + "(postgres://USER@HOST:PORT/DATABASE)")
    }

    static func postgresLibraryMissing(reason: String) -> CodexError {
        CodexError(
            kind: .store, message: "a PostgreSQL store needs libpq, which could not be loaded: \(reason)",
            hint: "install it (apt-get install libpq5), or use the embedded store: leave --store out")
    }

    /// Translates a PostgreSQL error (by its SQLSTATE) into one a person can act on.
    static func fromPostgres(state: String, message: String, location: String, healthy: Bool) -> CodexError {
        if !healthy || state.hasPrefix("08") || state == "57P01" {
            return storeUnreachable(location, reason: message)
        }
        switch state {
        case "53100": return storeFull(location)
        case "55P03", "40P01": return storeLocked(location)
        case "42501", "28000", "28P01": return storeUnwritable(location, reason: message)
        default:
            return CodexError(
                kind: .store, message: "the PostgreSQL store at \(location) failed: \(message) (SQLSTATE \(state))",
                hint: "check the server's log; if the schema was changed by hand, restore it from a backup")
        }
    }
}
