/// Makes the built-in embedder; its weights load on first use.
public enum BuiltinEmbedderFactory {
    public static let identity = EmbedderIdentity(name: "builtin:all-minilm-l6-v2", dimension: 384)

    /// Returns nil until the built-in embedder lands in this build.
    public static func lazy() -> (any Embedder)? { nil }
}
