import CodexCore
import Foundation
import GRDB

/// The embedding of one chunk, quantised to int8 with one scale per vector.
public struct VectorRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "vector"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var chunkId: Int64
    public var collectionId: Int64
    public var scale: Double
    /// `Int8` components, stored as raw bytes.
    public var codes: Data

    public init(chunkId: Int64, collectionId: Int64, vector: [Float]) {
        let quantized = QuantizedVector(vector)
        self.chunkId = chunkId
        self.collectionId = collectionId
        self.scale = Double(quantized.scale)
        self.codes = quantized.codes.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    /// The vector as floats, within half a quantisation step of the original.
    public var components: [Float] {
        codes.withUnsafeBytes { raw in raw.bindMemory(to: Int8.self).map { Float($0) * Float(scale) } }
    }
}
