import CodexCore

extension StoreLocation {
    /// Opens the store at `location` with the backend its form names: a file path is SQLite.
    ///
    /// - Throws: `CodexError.unsupportedStore` for a URL whose scheme no backend handles.
    public static func open(_ location: String) throws -> CodexStore {
        try validate(location)
        return try SQLiteStore.open(at: location)
    }
}
