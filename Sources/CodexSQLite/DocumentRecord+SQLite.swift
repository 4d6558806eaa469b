import CodexCore
import Foundation
import GRDB

/// The `DocumentRecord` row as GRDB reads and writes it.
extension DocumentRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "document"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    static let collection = belongsTo(CollectionRecord.self, using: ForeignKey(["collection_id"]))
    static let chunks = hasMany(ChunkRecord.self, using: ForeignKey(["document_id"]))
}
