/// Embeddings from a model server: Ollama's `/api/embed` or an OpenAI-compatible `/v1/embeddings`.
public struct ProviderEmbedder: Embedder {
    public let identity: EmbedderIdentity
    let client: ProviderClient
    let model: String
    /// Texts per request; servers batch internally, and one request per text would be slow.
    var batchSize = 64

    /// Connects and learns the vector length by embedding one short text.
    public static func connect(client: ProviderClient, model: String) async throws -> ProviderEmbedder {
        let probe = try await client.embed(["dimension probe"], model: model, deadline: .now + .seconds(120))
        guard let dimension = probe.first?.count, dimension > 0 else {
            throw CodexError(
                kind: .model, message: "\(client.id) returned no embedding for \(model)",
                hint: "check that \(model) is an embedding model")
        }
        return ProviderEmbedder(
            identity: EmbedderIdentity(name: "\(client.id.rawValue):\(model)", dimension: dimension), client: client,
            model: model)
    }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            try Task.checkCancellation()
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            let result = try await client.embed(batch, model: model, deadline: .now + .seconds(600))
            guard result.count == batch.count, result.allSatisfy({ $0.count == identity.dimension }) else {
                throw CodexError(
                    kind: .provider, message: "\(client.id) returned \(result.count) embeddings for \(batch.count) texts",
                    hint: "check the server's logs; the embedding model may have changed")
            }
            vectors += result.map(Self.normalized)
        }
        return vectors
    }

    /// Unit length, as retrieval assumes (Ollama's legacy endpoint and some servers do not normalise).
    static func normalized(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}
