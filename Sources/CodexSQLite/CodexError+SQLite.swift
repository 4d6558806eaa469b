import CodexCore
import GRDB

extension CodexError {
    /// Translates SQLite failures into messages a person can act on; other errors pass through.
    static func fromDatabase(_ error: any Error, path: String) -> any Error {
        guard let dbError = error as? DatabaseError else { return error }
        switch dbError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return CodexError.storeLocked(path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return CodexError.storeCorrupt(path)
        case .SQLITE_FULL: return CodexError.storeFull(path)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return CodexError.storeUnwritable(path, reason: dbError.message ?? "permission denied")
        default: return error
        }
    }
}
