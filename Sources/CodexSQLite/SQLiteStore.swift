import CodexCore
import Foundation

/// Opens the embedded store: one SQLite file (WAL) through GRDB.
public enum SQLiteStore {
    /// Opens (creating if needed) the store at `path`, with its parent directory.
    ///
    /// - Throws: `CodexError` when the file is locked, corrupt, or cannot be created.
    public static func open(at path: String) throws -> CodexStore {
        try CodexDatabase.open(at: path).store
    }

    /// An in-memory store, for tests.
    public static func inMemory() throws -> CodexStore {
        try CodexDatabase.inMemory().store
    }
}

extension CodexDatabase {
    /// This database behind the store protocols.
    public var store: CodexStore {
        CodexStore(
            collections: SQLiteCollectionStore(database: self), documents: SQLiteDocumentStore(database: self),
            keywords: SQLiteKeywordIndex(database: self), vectors: SQLiteVectorStore(database: self),
            memory: SQLiteMemoryStore(database: self),
            bundles: SQLiteBundleStore(database: self), users: SQLiteUserStore(database: self), location: path,
            // The database, its write-ahead log and shared memory, a rollback journal, the ingest lock.
            files: ["", "-wal", "-shm", "-journal", ".lock"].map { path + $0 }, close: { try writer.close() })
    }
}
