import Foundation
import GRDB

/// A named set of ingested documents, searched together.
public struct CollectionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "collection"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Int64 is the recommended type for auto-incremented ids; nil until inserted.
    public var id: Int64?
    public var name: String
    public var embedder: String?
    public var dimension: Int?
    public var createdAt: Date
    public var updatedAt: Date

    /// The collection used when none is named.
    public static let defaultName = "default"

    public init(
        id: Int64? = nil, name: String, embedder: String? = nil, dimension: Int? = nil,
        createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.embedder = embedder
        self.dimension = dimension
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static let documents = hasMany(DocumentRecord.self, using: ForeignKey(["collection_id"]))
}

extension CollectionRecord {
    /// The collection named `name`, created when missing (and then only with a valid name).
    public static func findOrCreate(named name: String, in db: Database) throws -> CollectionRecord {
        if let existing = try CollectionRecord.filter(Column("name") == name).fetchOne(db) {
            return existing
        }
        try validate(name: name)
        var created = CollectionRecord(name: name)
        try created.insert(db)
        return created
    }

    public static func named(_ name: String, in db: Database) throws -> CollectionRecord? {
        try CollectionRecord.filter(Column("name") == name).fetchOne(db)
    }
}
