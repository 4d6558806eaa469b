extension CodexError {
    static let setupHint = "run scripts/setup.sh to fetch the built-in embedder's weights"

    /// No directory holding the built-in embedder's weights was found in any of the places looked at.
    public static func modelMissing(_ name: String, searched: [String]) -> CodexError {
        CodexError(
            kind: .model,
            message: "the built-in embedder's weights (\(name)) were not found; looked in "
                + searched.joined(separator: ", "),
            hint: setupHint)
    }

    /// A weights or vocabulary file exists but cannot be used as it is.
    public static func modelCorrupt(_ path: String, reason: String) -> CodexError {
        CodexError(
            kind: .model, message: "the model file \(path) is unusable: \(reason)",
            hint: "delete it and " + setupHint)
    }
}

extension CodexError {
    /// OpenBLAS, which the built-in embedder multiplies matrices with, could not be opened.
    static func blasMissing(_ reason: String) -> CodexError {
        CodexError(
            kind: .model, message: "the built-in embedder needs OpenBLAS, which could not be loaded (\(reason))",
            hint: "install it with `sudo apt-get install libopenblas0` (scripts/setup.sh does), or use --embedder none")
    }
}
