extension CodexError {
    static func vectorDimensionMismatch(expected: Int, found: Int) -> CodexError {
        CodexError(
            kind: .store, message: "a stored vector has \(found) components where the collection expects \(expected)",
            hint: "re-embed the collection: codex ingest PATH --collection NAME --embedder builtin")
    }
}
