import Foundation
import GRDB

/// The embedding of one chunk, as little-endian float32 bytes.
public struct VectorRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "vector"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var chunkId: Int64
    public var collectionId: Int64
    public var data: Data

    public init(chunkId: Int64, collectionId: Int64, components: [Float]) {
        self.chunkId = chunkId
        self.collectionId = collectionId
        self.data = components.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    public var components: [Float] {
        data.withUnsafeBytes { raw in
            Array(raw.bindMemory(to: Float.self))
        }
    }
}
