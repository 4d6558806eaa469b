import CodexCore
import Foundation
import GRDB

/// Bundle export and import on the SQLite store: a read snapshot, or one write transaction.
struct SQLiteBundleStore: BundleStore {
    let database: CodexDatabase

    func reading<T>(_ body: (any BundleSource) throws -> T) throws -> T {
        try database.readSync { db in try body(SQLiteBundleSession(db: db)) }
    }

    func writing<T>(_ body: (any BundleTarget) throws -> T) throws -> T {
        try database.writeSync { db in try body(SQLiteBundleSession(db: db)) }
    }
}

/// A bundle's view of one open SQLite transaction; lives only inside `reading`/`writing`.
final class SQLiteBundleSession: BundleSource, BundleTarget {
    private let db: Database
    private var inserter: MessageInserter?

    init(db: Database) {
        self.db = db
    }

    func importState() throws -> ImportPlan.LocalState {
        let sessionIds = Set(try String.fetchAll(db, sql: "SELECT id FROM session"))
        var collections: [String: EmbedderIdentity?] = [:]
        for collection in try CollectionRecord.fetchAll(db) {
            collections[collection.name] = collection.embedder.map {
                EmbedderIdentity(name: $0, dimension: collection.dimension ?? 0)
            }
        }
        return ImportPlan.LocalState(sessionIds: sessionIds, collections: collections)
    }

    // MARK: Export

    func sessions(ids: [UUID]?, updatedSince: Date?) throws -> [Session] {
        var request = Session.order(Column("created_at"), Column("id"))
        if let ids { request = request.filter(keys: ids.map(\.lowercasedString)) }
        if let updatedSince { request = request.filter(Column("updated_at") >= updatedSince) }
        return try request.fetchAll(db)
    }

    func messageCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT session_id, count(*) FROM message GROUP BY session_id") {
            counts[row[0]] = row[1]
        }
        return counts
    }

    func forEachMessage(inSession id: UUID, _ body: (BundleMessage) throws -> Void) throws {
        let cursor = try MessageRecord.filter(Column("session_id") == id.lowercasedString).order(Column("seq"))
            .fetchCursor(db)
        while let record = try cursor.next() { try body(record.bundleMessage) }
    }

    func collection(named name: String) throws -> CollectionRecord? {
        try CollectionRecord.named(name, in: db)
    }

    func collections(holdingAnyOf paths: Set<String>) throws -> [CollectionRecord] {
        var ids = Set<Int64>()
        let sorted = paths.sorted()
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let batch = Array(sorted[start..<min(start + 500, sorted.count)])
            let marks = databaseQuestionMarks(count: batch.count)
            ids.formUnion(
                try Int64.fetchAll(
                    db, sql: "SELECT DISTINCT collection_id FROM document WHERE path IN (\(marks))",
                    arguments: StatementArguments(batch)))
        }
        return try CollectionRecord.filter(keys: ids).order(Column("id")).fetchAll(db)
    }

    func embeddingMilliseconds(ofCollection id: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT embedding_ms FROM collection WHERE id = ?", arguments: [id])
    }

    func chunkCount(inCollections ids: [Int64]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM chunk c JOIN document d ON d.id = c.document_id
                WHERE d.collection_id IN (\(databaseQuestionMarks(count: ids.count)))
                """, arguments: StatementArguments(ids)) ?? 0
    }

    func forEachDocument(inCollection id: Int64, _ body: (DocumentRecord) throws -> Void) throws {
        let documents = try DocumentRecord.filter(Column("collection_id") == id).order(Column("id")).fetchCursor(db)
        while let document = try documents.next() { try body(document) }
    }

    func forEachChunk(inCollection id: Int64, _ body: (Int64, BundleChunk) throws -> Void) throws {
        let chunks = try Row.fetchCursor(
            db,
            sql: """
                SELECT c.document_id, c.ordinal, c.start_line, c.end_line, c.heading, c.text, c.token_count,
                       v.scale, v.codes
                FROM chunk c JOIN document d ON d.id = c.document_id LEFT JOIN vector v ON v.chunk_id = c.id
                WHERE d.collection_id = ? ORDER BY c.id
                """, arguments: [id])
        while let row = try chunks.next() {
            let scale: Double? = row[7]
            let codes: Data? = row[8]
            try body(
                row[0],
                BundleChunk(
                    document: 0, ordinal: row[1], startLine: row[2], endLine: row[3], heading: row[4], text: row[5],
                    tokenCount: row[6],
                    vector: scale.flatMap { scale in codes.map { BundleChunk.Vector(scale: scale, codes: $0) } }))
        }
    }

    // MARK: Import

    func deleteSession(id: String, owner: Int64?) throws {
        try db.execute(sql: "DELETE FROM session WHERE id = ? AND (? IS NULL OR owner_id = ?)", arguments: [id, owner, owner])
        if db.changesCount == 0, owner != nil { throw CodexError.sessionOfAnotherUser(id) }
    }

    func insertSession(_ session: Session, owner: Int64?) throws {
        try session.insert(db)
        if let owner {
            try db.execute(sql: "UPDATE session SET owner_id = ? WHERE id = ?", arguments: [owner, session.id.lowercasedString])
        }
    }

    func insertMessage(_ message: BundleMessage, session: UUID) throws {
        if inserter == nil { inserter = try MessageInserter(db) }
        try inserter?.insert(message, session: session)
    }

    func touchCollection(id: Int64, at date: Date) throws {
        try db.execute(sql: "UPDATE collection SET updated_at = ? WHERE id = ?", arguments: [date, id])
    }

    func insertCollection(_ collection: CollectionRecord) throws -> Int64 {
        var record = collection
        try record.insert(db)
        guard let id = record.id else { throw CodexError.internal("collection inserted without an id") }
        return id
    }

    func documentPaths(inCollection id: Int64) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT path FROM document WHERE collection_id = ?", arguments: [id]))
    }

    func insertDocument(_ document: DocumentRecord) throws -> Int64 {
        var record = document
        try record.insert(db)
        guard let id = record.id else { throw CodexError.internal("document inserted without an id") }
        return id
    }

    func insertChunk(_ chunk: ChunkRecord, vector: BundleChunk.Vector?, collectionId: Int64) throws {
        var record = chunk
        try record.insert(db)
        if let vector {
            try db.execute(
                sql: "INSERT INTO vector (chunk_id, collection_id, scale, codes) VALUES (?, ?, ?, ?)",
                arguments: [record.id, collectionId, vector.scale, vector.codes])
        }
    }

    func addEmbeddingTime(milliseconds: Int64, toCollection id: Int64) throws {
        try db.execute(
            sql: "UPDATE collection SET embedding_ms = embedding_ms + ? WHERE id = ?", arguments: [milliseconds, id])
    }
}
