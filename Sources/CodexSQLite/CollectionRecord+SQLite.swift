import CodexCore
import Foundation
import GRDB

/// The `CollectionRecord` row as GRDB reads and writes it.
extension CollectionRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "collection"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
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
