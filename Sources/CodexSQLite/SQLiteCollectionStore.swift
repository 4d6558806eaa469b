import CodexCore
import Foundation
import GRDB

/// Collections in the `collection` table; deleting one cascades to its documents, chunks and vectors.
struct SQLiteCollectionStore: CollectionStore {
    let database: CodexDatabase

    func named(_ name: String) async throws -> CollectionRecord? {
        try await database.read { db in try CollectionRecord.named(name, in: db) }
    }

    func findOrCreate(named name: String) throws -> CollectionRecord {
        try database.writeSync { db in try CollectionRecord.findOrCreate(named: name, in: db) }
    }

    func makePrivate(_ name: String, to owner: Int64) async throws {
        try await database.write { db in
            let collection = try CollectionRecord.findOrCreate(named: name, in: db)
            if collection.ownerId == owner { return }
            guard collection.ownerId == nil else { throw CodexError.collectionNotFound(name) }
            let documents = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM document WHERE collection_id = ?", arguments: [collection.id]) ?? 0
            guard documents == 0 else { throw CodexError.collectionIsShared(name) }
            try db.execute(sql: "UPDATE collection SET owner_id = ? WHERE id = ?", arguments: [owner, collection.id])
        }
    }

    func summaries(only name: String?) async throws -> [CollectionCatalog.Summary] {
        try await database.read { db in try Self.summaries(in: db, only: name) }
    }

    func documentKinds(in collection: String?) async throws -> [String: Int] {
        try await database.read { db in
            var sql = "SELECT d.kind, count(*) FROM document d JOIN collection c ON c.id = d.collection_id"
            var arguments: StatementArguments = []
            if let collection {
                sql += " WHERE c.name = ?"
                arguments += [collection]
            }
            sql += " GROUP BY d.kind"
            var kinds: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) { kinds[row[0]] = row[1] }
            return kinds
        }
    }

    func storeBytes() async throws -> Int64 {
        Self.fileSize(database.path) + Self.fileSize(database.path + "-wal")
    }

    func remove(_ name: String) async throws -> CollectionCatalog.Summary {
        try await database.write { db in
            guard let summary = try Self.summaries(in: db, only: name).first else {
                throw CodexError.collectionNotFound(name)
            }
            try CollectionRecord.filter(Column("name") == name).deleteAll(db)
            return summary
        }
    }

    func chunkCount(in name: String?) async throws -> Int? {
        try await database.read { db -> Int? in
            guard let name else { return try ChunkRecord.fetchCount(db) }
            guard let collection = try CollectionRecord.named(name, in: db) else { return nil }
            return try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM chunk JOIN document d ON d.id = chunk.document_id WHERE d.collection_id = ?",
                arguments: [collection.id]) ?? 0
        }
    }

    func pathBounds() async throws -> [(first: String, last: String)] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT MIN(path) AS first, MAX(path) AS last FROM document GROUP BY collection_id"
            )
            .map { (first: $0["first"] as String, last: $0["last"] as String) }
        }
    }

    func embedders(of name: String?) throws -> [EmbedderIdentity] {
        try database.readSync { db in
            try CollectionRecord.filter(
                sql: "embedder IS NOT NULL AND (? IS NULL OR name = ?)", arguments: [name, name]
            )
            .fetchAll(db).compactMap { record in
                record.dimension.map { EmbedderIdentity(name: record.embedder ?? "", dimension: $0) }
            }
        }
    }

    static func summaries(in db: Database, only name: String?) throws -> [CollectionCatalog.Summary] {
        var sql = """
            SELECT c.name, c.embedder, c.dimension, c.updated_at, c.owner_id,
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
            CollectionCatalog.Summary(
                name: row[0], documents: row[5], chunks: row[6], vectors: row[7], bytes: row[8], embedder: row[1],
                dimension: row[2], updatedAt: row[3], ownerId: row[4])
        }
    }

    private static func fileSize(_ path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
