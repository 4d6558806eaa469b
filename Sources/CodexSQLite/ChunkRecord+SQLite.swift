import CodexCore
import Foundation
import GRDB

/// The `ChunkRecord` row as GRDB reads and writes it.
extension ChunkRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "chunk"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    static let document = belongsTo(DocumentRecord.self, using: ForeignKey(["document_id"]))
}
