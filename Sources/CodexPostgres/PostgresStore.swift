import CodexCore

/// Opens a store on a PostgreSQL server (`postgres://user@host:port/database`).
public enum PostgresStore {
    /// The URL schemes this backend opens.
    public static let schemes: Set<String> = ["postgres", "postgresql"]

    /// Connects and migrates.
    ///
    /// - Throws: `CodexError.storeUnreachable` when the server cannot be reached or refuses the login.
    public static func open(url: String) throws -> CodexStore {
        let database = try PostgresDatabase.open(url: url)
        let terms = try IndexTerms()
        return CodexStore(
            collections: PostgresCollectionStore(database: database),
            documents: PostgresDocumentStore(database: database, terms: terms),
            keywords: PostgresKeywordIndex(database: database, terms: terms),
            vectors: PostgresVectorStore(database: database), memory: PostgresMemoryStore(database: database),
            bundles: PostgresBundleStore(database: database, terms: terms), users: PostgresUserStore(database: database),
            location: database.location, files: [],
            close: { database.pool.close() })
    }
}
