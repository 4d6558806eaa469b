import Foundation

/// A code completion and who produced it.
public struct CodeCompletion: Sendable, Codable, Equatable {
    public var text: String
    public var provider: ProviderID
    public var model: String?
}

extension Gateway {
    /// Providers that complete code from a prefix (and suffix): TabbyML, then Ollama's
    /// `/api/generate` with `suffix`, then OpenAI-compatible `/v1/completions`.
    static let completionProviders: [ProviderID] = [.tabby, .ollama, .openAICompatible]

    /// Completes `prefix` with the first reachable provider that can; the text is what goes
    /// between `prefix` and `suffix`.
    public func complete(
        prefix: String, suffix: String? = nil, language: String? = nil, model: String? = nil,
        provider: ProviderID? = nil, maxTokens: Int = 128
    ) async throws -> CodeCompletion {
        let (up, down) = await reachable(provider: provider)
        var tried = down
        let candidates = up.filter { Self.completionProviders.contains($0.id) }
            .sorted { Self.completionProviders.firstIndex(of: $0.id)! < Self.completionProviders.firstIndex(of: $1.id)! }
        if candidates.isEmpty, !up.isEmpty {
            throw CodexError.noCompletionProvider(available: up.map(\.id))
        }
        for endpoint in candidates {
            try Task.checkCancellation()
            do {
                // TabbyML picks its own completion model; the others need one named.
                let chosen = endpoint.id == .tabby ? (model ?? "") : try await self.route(endpoint, model: model).model
                let input = CompletionInput(
                    model: chosen, prompt: prefix, suffix: suffix?.isEmpty == true ? nil : suffix, language: language,
                    maxTokens: maxTokens, temperature: 0.1)
                let completion = try await endpoint.client.complete(input, deadline: .now + .seconds(120))
                return CodeCompletion(text: completion.text, provider: endpoint.id, model: chosen.isEmpty ? nil : chosen)
            } catch where !(error is CancellationError) {
                let reason = (error as? CodexError)?.message ?? String(describing: error)
                logger.info(
                    "provider failed to complete", metadata: ["provider.id": "\(endpoint.id)", "provider.error": "\(reason)"])
                tried.append((endpoint.id, reason))
            }
        }
        throw CodexError.noProviderReachable(tried: tried)
    }
}
