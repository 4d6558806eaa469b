import CodexCore
import Foundation
import GRDB

/// The codex database. Creating it runs the migrations, so no caller ever sees an old schema.
///
/// One `DatabasePool` (WAL) per file per process: readers never block the writer, and each
/// write is one transaction, so a killed process leaves the file as of its last commit.
public struct CodexDatabase: Sendable {
    public let writer: any DatabaseWriter
    /// The file behind the database, or `":memory:"`; used in error messages.
    public let path: String

    public init(_ writer: any DatabaseWriter, path: String = ":memory:") throws {
        self.writer = writer
        self.path = path
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw CodexError.fromDatabase(error, path: path)
        }
    }

    /// Opens (creating if needed) the store at `path`, with its parent directory.
    ///
    /// - Throws: `CodexError` when the file is locked, corrupt, or cannot be created.
    public static func open(at path: String) throws -> CodexDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CodexError.storeUnwritable(path, reason: "cannot create \(directory)")
            }
        }
        var configuration = Configuration()
        // Readers and the writer of other processes hold locks for a few milliseconds; wait a
        // little for them rather than failing, but never hang on a stuck process.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            return try CodexDatabase(pool, path: path)
        } catch let error as CodexError {
            throw error
        } catch {
            throw CodexError.fromDatabase(error, path: path)
        }
    }

    /// An in-memory database for tests.
    public static func inMemory() throws -> CodexDatabase {
        try CodexDatabase(DatabaseQueue())
    }

    /// Runs `body` in one write transaction, translating SQLite failures into `CodexError`s.
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw CodexError.fromDatabase(error, path: path)
        }
    }

    /// Reads a consistent snapshot, translating SQLite failures into `CodexError`s.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw CodexError.fromDatabase(error, path: path)
        }
    }

    /// Synchronous variants for code that already runs off the cooperative pool.
    public func writeSync<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw CodexError.fromDatabase(error, path: path)
        }
    }

    public func readSync<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw CodexError.fromDatabase(error, path: path)
        }
    }
}
