import CodexCore
import Foundation

/// Collections in the `collection` table; deleting one cascades to its documents, chunks,
/// postings and vectors.
struct PostgresCollectionStore: CollectionStore {
    let database: PostgresDatabase

    func named(_ name: String) async throws -> CollectionRecord? {
        try await database.pool.read { connection in try Self.named(name, on: connection) }
    }

    func findOrCreate(named name: String) throws -> CollectionRecord {
        try database.pool.writeSync { connection in
            if let existing = try Self.named(name, on: connection) { return existing }
            try CollectionRecord.validate(name: name)
            // Another replica may create it at the same moment: the unique name makes one insert win.
            try connection.query(
                """
                INSERT INTO collection (name, created_at, updated_at)
                VALUES ($1, \(PostgresSQL.fromMillis("$2")), \(PostgresSQL.fromMillis("$2"))) ON CONFLICT (name) DO NOTHING
                """, [name, Date()])
            guard let created = try Self.named(name, on: connection) else {
                throw CodexError.internal("collection \(name) vanished as it was created")
            }
            return created
        }
    }

    func makePrivate(_ name: String, to owner: Int64) async throws {
        _ = try findOrCreate(named: name)
        try await database.pool.write { connection in
            let rows = try connection.query(
                """
                SELECT owner_id, (SELECT count(*) FROM document d WHERE d.collection_id = c.id)
                FROM collection c WHERE name = $1 FOR UPDATE
                """, [name])
            guard rows.count == 1 else { throw CodexError.collectionNotFound(name) }
            if rows.int64(0, 0) == owner { return }
            guard rows.isNull(0, 0) else { throw CodexError.collectionNotFound(name) }
            guard rows.int(0, 1) == 0 else { throw CodexError.collectionIsShared(name) }
            try connection.query("UPDATE collection SET owner_id = $1 WHERE name = $2", [owner, name])
        }
    }

    func summaries(only name: String?) async throws -> [CollectionCatalog.Summary] {
        try await database.pool.read { connection in try Self.summaries(only: name, on: connection) }
    }

    func documentKinds(in collection: String?) async throws -> [String: Int] {
        try await database.pool.read { connection in
            let rows = try connection.query(
                """
                SELECT d.kind, count(*) FROM document d JOIN collection c ON c.id = d.collection_id
                WHERE $1::text IS NULL OR c.name = $1 GROUP BY d.kind
                """, [collection])
            var kinds: [String: Int] = [:]
            for row in 0..<rows.count { kinds[rows.string(row, 0) ?? ""] = rows.int(row, 1) ?? 0 }
            return kinds
        }
    }

    /// The whole database's size: tables, indexes and their TOAST.
    func storeBytes() async throws -> Int64 {
        try await database.pool.read { connection in
            try connection.query("SELECT pg_database_size(current_database())").int64(0, 0) ?? 0
        }
    }

    func remove(_ name: String) async throws -> CollectionCatalog.Summary {
        try await database.pool.write { connection in
            guard let summary = try Self.summaries(only: name, on: connection).first else {
                throw CodexError.collectionNotFound(name)
            }
            try connection.query("DELETE FROM collection WHERE name = $1", [name])
            return summary
        }
    }

    func chunkCount(in name: String?) async throws -> Int? {
        try await database.pool.read { connection -> Int? in
            guard let name else {
                return try connection.query("SELECT coalesce(sum(indexed_chunks), 0) FROM collection").int(0, 0)
            }
            let rows = try connection.query("SELECT indexed_chunks FROM collection WHERE name = $1", [name])
            return rows.count == 0 ? nil : rows.int(0, 0)
        }
    }

    func pathBounds() async throws -> [(first: String, last: String)] {
        try await database.pool.read { connection in
            let rows = try connection.query("SELECT min(path), max(path) FROM document GROUP BY collection_id")
            return (0..<rows.count).map { (first: rows.string($0, 0) ?? "", last: rows.string($0, 1) ?? "") }
        }
    }

    func embedders(of name: String?) throws -> [EmbedderIdentity] {
        try database.pool.readSync { connection in
            let rows = try connection.query(
                """
                SELECT embedder, dimension FROM collection
                WHERE embedder IS NOT NULL AND dimension IS NOT NULL AND ($1::text IS NULL OR name = $1)
                """, [name])
            return (0..<rows.count).map { EmbedderIdentity(name: rows.string($0, 0) ?? "", dimension: rows.int($0, 1) ?? 0) }
        }
    }

    // MARK: Shared with the other stores

    static let recordColumns =
        "id, name, embedder, dimension, \(PostgresSQL.millis("created_at")), \(PostgresSQL.millis("updated_at")), owner_id"

    static func record(_ rows: PostgresRows, _ row: Int) -> CollectionRecord {
        CollectionRecord(
            id: rows.int64(row, 0), name: rows.string(row, 1) ?? "", embedder: rows.string(row, 2),
            dimension: rows.int(row, 3), createdAt: rows.date(row, 4) ?? Date(), updatedAt: rows.date(row, 5) ?? Date(),
            ownerId: rows.int64(row, 6))
    }

    static func named(_ name: String, on connection: PostgresConnection) throws -> CollectionRecord? {
        let rows = try connection.query("SELECT \(recordColumns) FROM collection WHERE name = $1", [name])
        return rows.count == 0 ? nil : record(rows, 0)
    }

    static func summaries(only name: String?, on connection: PostgresConnection) throws -> [CollectionCatalog.Summary] {
        let rows = try connection.query(
            """
            SELECT c.name, c.embedder, c.dimension, \(PostgresSQL.millis("c.updated_at")),
                   (SELECT count(*) FROM document d WHERE d.collection_id = c.id),
                   c.indexed_chunks,
                   (SELECT count(*) FROM vector v WHERE v.collection_id = c.id),
                   (SELECT coalesce(sum(d.size), 0) FROM document d WHERE d.collection_id = c.id), c.owner_id
            FROM collection c WHERE $1::text IS NULL OR c.name = $1 ORDER BY c.name
            """, [name])
        return (0..<rows.count).map { row in
            CollectionCatalog.Summary(
                name: rows.string(row, 0) ?? "", documents: rows.int(row, 4) ?? 0, chunks: rows.int(row, 5) ?? 0,
                vectors: rows.int(row, 6) ?? 0, bytes: rows.int64(row, 7) ?? 0, embedder: rows.string(row, 1),
                dimension: rows.int(row, 2), updatedAt: rows.date(row, 3) ?? Date(), ownerId: rows.int64(row, 8))
        }
    }
}
