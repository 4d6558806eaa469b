extension CodexError {
    public static func pathNotFound(_ path: String) -> CodexError {
        CodexError(
            kind: .notFound, message: "no such file or folder: \(path)",
            hint: "check the spelling, or run codex ingest from the folder that holds it")
    }

    public static func unreadablePath(_ path: String) -> CodexError {
        CodexError(
            kind: .io, message: "cannot read \(path): permission denied",
            hint: "check its permissions (ls -l), or run codex as a user who can read it")
    }

    public static func ingestInterrupted() -> CodexError {
        CodexError(
            kind: .cancelled, message: "ingest interrupted; every file finished so far is stored",
            hint: "run the same codex ingest command again to finish the job")
    }
}
