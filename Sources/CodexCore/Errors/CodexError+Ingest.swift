extension CodexError {
    public static func pathNotFound(_ path: String) -> CodexError {
        CodexError(
            kind: .notFound, message: "no such file or folder: \(path)",
            hint: "check the spelling, or run codex ingest from the folder that holds it")
    }

    public static func ingestInterrupted() -> CodexError {
        CodexError(
            kind: .cancelled, message: "ingest interrupted; every file finished so far is stored",
            hint: "run the same codex ingest command again to finish the job")
    }

    public static func invalidSize(_ text: String) -> CodexError {
        .invalidInput("\"\(text)\" is not a size", hint: "write a size such as 32M, 512K or 1G")
    }
}
