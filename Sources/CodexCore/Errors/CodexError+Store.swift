import GRDB

extension CodexError {
    static func storeLocked(_ path: String) -> CodexError {
        CodexError(
            kind: .store, message: "the store at \(path) is in use by another codex process",
            hint: "wait for it to finish, or pass --store to use a different file")
    }

    static func storeCorrupt(_ path: String) -> CodexError {
        CodexError(
            kind: .store, message: "the store at \(path) is not a valid codex database (it may be corrupt)",
            hint: "move it aside and run codex ingest again, or pass --store to use a different file")
    }

    static func storeUnwritable(_ path: String, reason: String) -> CodexError {
        CodexError(
            kind: .store, message: "cannot open the store at \(path): \(reason)",
            hint: "check the directory exists and is writable, or pass --store PATH")
    }

    static func storeFull(_ path: String) -> CodexError {
        CodexError(
            kind: .store, message: "the disk holding \(path) is full; the last change was rolled back",
            hint: "free some space and run the command again; nothing already stored was lost")
    }

    public static func collectionNotFound(_ name: String) -> CodexError {
        CodexError(
            kind: .notFound, message: "no collection named \"\(name)\"",
            hint: "run codex docs list to see collections, or codex ingest PATH --collection \(name)")
    }

    public static func emptyStore() -> CodexError {
        CodexError(
            kind: .notFound, message: "there are no documents in the store yet",
            hint: "index a folder first: codex ingest ./docs")
    }

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

extension CodexError {
    public static func emptyCollection(_ name: String) -> CodexError {
        CodexError(
            kind: .notFound, message: "the collection \"\(name)\" has no documents",
            hint: "add some with codex ingest PATH --collection \(name)")
    }
}
