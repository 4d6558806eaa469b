extension CodexError {
    package static func storeLocked(_ path: String) -> CodexError {
        CodexError(
            kind: .store, message: "the store at \(path) is in use by another codex process",
            hint: "wait for it to finish, or pass --store to use a different file")
    }

    package static func storeCorrupt(_ path: String) -> CodexError {
        CodexError(
            kind: .store, message: "the store at \(path) is not a valid codex database (it may be corrupt)",
            hint: "move it aside and run codex ingest again, or pass --store to use a different file")
    }

    package static func storeUnwritable(_ path: String, reason: String) -> CodexError {
        CodexError(
            kind: .store, message: "cannot open the store at \(path): \(reason)",
            hint: "check the directory exists and is writable, or pass --store PATH")
    }

    package static func storeFull(_ path: String) -> CodexError {
        CodexError(
            kind: .store, message: "the disk holding \(path) is full; the last change was rolled back",
            hint: "free some space and run the command again; nothing already stored was lost")
    }

    /// `--store` or `CODEX_STORE` names a URL whose scheme no backend of this build opens.
    /// Only the scheme is shown: the rest of a URL may hold a password.
    public static func unsupportedStore(scheme: String) -> CodexError {
        CodexError(
            kind: .unsupported, message: "this codex cannot open a store at a \(scheme):// URL",
            hint: "pass a postgres:// URL for a team's PostgreSQL server, a file path for the embedded SQLite store "
                + "(--store ~/notes/codex.sqlite), or leave --store out")
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
}

extension CodexError {
    public static func emptyCollection(_ name: String) -> CodexError {
        CodexError(
            kind: .notFound, message: "the collection \"\(name)\" has no documents",
            hint: "add some with codex ingest PATH --collection \(name)")
    }
}
