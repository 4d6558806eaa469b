extension CodexError {
    public static func invalidCollectionName(_ name: String) -> CodexError {
        let shown = name.count > 80 ? String(name.prefix(80)) + "…" : name
        return CodexError(
            kind: .invalidInput,
            message: "\"\(shown)\" is not a valid collection name",
            hint:
                "use 1 to \(CollectionRecord.maxNameLength) letters, digits, '.', '_', '-' or spaces, starting with a letter or digit"
        )
    }
}

extension CodexError {
    /// A private collection was asked for under a name everyone already uses.
    package static func collectionIsShared(_ name: String) -> CodexError {
        CodexError(
            kind: .invalidInput, message: "the collection \"\(name)\" is shared and already holds documents",
            hint: "pick another name for a private collection, or leave private out to add to the shared one")
    }
}
