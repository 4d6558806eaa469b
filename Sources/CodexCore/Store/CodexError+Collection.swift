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
