import Foundation

extension Gateway {
    /// Every configured provider, probed at once, with the models of those that answer; the one a
    /// chat would go to is marked `isDefault` with the model it would use.
    public func listModels() async -> [ProviderModels] {
        let probed = await probeAll()
        let deadline = ContinuousClock.now + .seconds(10)
        var listed = await withTaskGroup(of: (Int, [ModelInfo], String?).self) { group in
            for (index, (endpoint, health)) in probed.enumerated() where health.isUp {
                group.addTask {
                    do { return (index, try await endpoint.client.models(deadline: deadline), nil) } catch {
                        return (index, [], (error as? CodexError)?.message ?? "\(error)")
                    }
                }
            }
            var rows = probed.map { endpoint, health in
                ProviderModels(
                    provider: endpoint.id, url: endpoint.client.provider.baseURL.absoluteString, kind: endpoint.kind,
                    state: health.state, detail: health.detail, latencyMs: health.latency.inMilliseconds, models: [],
                    defaultModel: nil, isDefault: false)
            }
            for await (index, models, failure) in group {
                rows[index].models = models
                if let failure { rows[index].detail = "answering, but listing models failed: \(failure)" }
                rows[index].defaultModel =
                    probed[index].endpoint.defaultModel
                    ?? models.first(where: { !Self.looksLikeEmbeddingModel($0) })?.id
            }
            return rows
        }
        if let first = listed.firstIndex(where: { $0.state == .up && $0.defaultModel != nil }) {
            listed[first].isDefault = true
        }
        return listed
    }
}
