/// Whether a text is a search query or a passage to be found; some models embed them differently.
public enum EmbeddingPurpose: String, Sendable, Codable {
    case query
    case document
}

/// Which model made a vector, and how long it is. Stored with each collection so vectors from
/// different models are never compared.
public struct EmbedderIdentity: Sendable, Hashable, Codable {
    /// "builtin:all-minilm-l6-v2", "ollama:nomic-embed-text", "openai-compatible:MODEL".
    public var name: String
    public var dimension: Int

    public init(name: String, dimension: Int) {
        self.name = name
        self.dimension = dimension
    }
}

/// Turns texts into L2-normalised vectors.
public protocol Embedder: Sendable {
    var identity: EmbedderIdentity { get }
    /// One vector per text, in order, each of `identity.dimension` components and unit length.
    func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]]
}
