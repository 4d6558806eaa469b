extension CodexError {
    package static func vectorDimensionMismatch(expected: Int, found: Int) -> CodexError {
        CodexError(
            kind: .store, message: "a stored vector has \(found) components where the collection expects \(expected)",
            hint: "re-embed the collection: codex ingest PATH --collection NAME --embedder builtin")
    }
}

extension CodexError {
    package static func embedderMismatch(collection: String, stored: String, requested: String) -> CodexError {
        CodexError(
            kind: .invalidInput,
            message: "the collection \"\(collection)\" was embedded with \(stored), not \(requested); vectors of different models cannot be compared",
            hint: "keep --embedder \(stored.hasPrefix("builtin") ? "builtin" : stored), use another --collection, or remove it first with codex docs rm \(collection)")
    }
}
