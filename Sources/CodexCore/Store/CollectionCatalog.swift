import Foundation
import GRDB

/// What is indexed: collections with their counts, for `codex docs` and the server's `/docs`.
public struct CollectionCatalog: Sendable {
    let database: CodexDatabase

    public init(database: CodexDatabase) {
        self.database = database
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var name: String
        public var documents: Int
        public var chunks: Int
        public var vectors: Int
        /// Total size of the source files, in bytes.
        public var bytes: Int64
        public var embedder: String?
        public var dimension: Int?
        public var updatedAt: Date
    }

    public struct Stats: Sendable, Codable, Equatable {
        public var collections: [Summary]
        /// Documents per extractor kind ("markdown": 12, "pdf": 3).
        public var kinds: [String: Int]
        /// Size of the database file with its write-ahead log, in bytes.
        public var storeBytes: Int64
        public var storePath: String
    }

    public func list() async throws -> [Summary] {
        try await database.read { db in try Self.summaries(in: db, only: nil) }
    }

    public func stats(collection: String? = nil) async throws -> Stats {
        let path = database.path
        return try await database.read { db in
            if let collection, try CollectionRecord.named(collection, in: db) == nil {
                throw CodexError.collectionNotFound(collection)
            }
            var kindSQL = "SELECT d.kind, count(*) FROM document d JOIN collection c ON c.id = d.collection_id"
            var arguments: StatementArguments = []
            if let collection {
                kindSQL += " WHERE c.name = ?"
                arguments += [collection]
            }
            kindSQL += " GROUP BY d.kind"
            var kinds: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: kindSQL, arguments: arguments) { kinds[row[0]] = row[1] }
            return Stats(
                collections: try Self.summaries(in: db, only: collection), kinds: kinds,
                storeBytes: Self.fileSize(path) + Self.fileSize(path + "-wal"), storePath: path)
        }
    }

    /// Deletes a collection and everything indexed in it (the files themselves are untouched).
    @discardableResult
    public func remove(_ name: String) async throws -> Summary {
        try await database.write { db in
            guard let summary = try Self.summaries(in: db, only: name).first else {
                throw CodexError.collectionNotFound(name)
            }
            try CollectionRecord.filter(Column("name") == name).deleteAll(db)
            return summary
        }
    }

    static func summaries(in db: Database, only name: String?) throws -> [Summary] {
        var sql = """
            SELECT c.name, c.embedder, c.dimension, c.updated_at,
                   (SELECT count(*) FROM document d WHERE d.collection_id = c.id),
                   (SELECT coalesce(sum(d.chunk_count), 0) FROM document d WHERE d.collection_id = c.id),
                   (SELECT count(*) FROM vector v WHERE v.collection_id = c.id),
                   (SELECT coalesce(sum(d.size), 0) FROM document d WHERE d.collection_id = c.id)
            FROM collection c
            """
        var arguments: StatementArguments = []
        if let name {
            sql += " WHERE c.name = ?"
            arguments += [name]
        }
        sql += " ORDER BY c.name"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            Summary(
                name: row[0], documents: row[4], chunks: row[5], vectors: row[6], bytes: row[7], embedder: row[1],
                dimension: row[2], updatedAt: row[3])
        }
    }

    private static func fileSize(_ path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
