import CodexCore
import GRDB
import GRDBSQLite

extension VectorIndex {
    /// Reads every vector of a collection, stepping the SQLite statement directly: at 100k rows
    /// decoding each row into a record would cost more than the scan itself.
    static func load(collectionId: Int64, dimension: Int, from db: Database) throws -> VectorIndex {
        let total =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM vector WHERE collection_id = ?", arguments: [collectionId]) ?? 0
        var chunkIds: [Int64] = []
        var scales: [Float] = []
        chunkIds.reserveCapacity(total)
        scales.reserveCapacity(total)
        var codes = [Int8](repeating: 0, count: total * dimension)
        // The collection_id index lists rowids (chunk ids) in order, so no sort happens here.
        let statement = try db.makeStatement(
            sql: "SELECT chunk_id, scale, codes FROM vector WHERE collection_id = ? ORDER BY chunk_id")
        try statement.setArguments([collectionId])
        defer { sqlite3_reset(statement.sqliteStatement) }
        let sqlite = statement.sqliteStatement
        try codes.withUnsafeMutableBytes { destination in
            while chunkIds.count < total {
                let code = sqlite3_step(sqlite)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: code),
                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let byteCount = Int(sqlite3_column_bytes(sqlite, 2))
                guard byteCount == dimension, let blob = sqlite3_column_blob(sqlite, 2) else {
                    throw CodexError.vectorDimensionMismatch(expected: dimension, found: byteCount)
                }
                destination.baseAddress!.advanced(by: chunkIds.count * dimension).copyMemory(
                    from: blob, byteCount: dimension)
                chunkIds.append(sqlite3_column_int64(sqlite, 0))
                scales.append(Float(sqlite3_column_double(sqlite, 1)))
            }
        }
        codes.removeLast(codes.count - chunkIds.count * dimension)
        return VectorIndex(dimension: dimension, chunkIds: chunkIds, scales: scales, codes: codes)
    }
}
