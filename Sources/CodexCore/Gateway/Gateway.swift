import Foundation
import Logging

/// Picks a provider per request and streams its answer: local servers first, the cloud only
/// when allowed, and the next provider when one fails before its first token.
public struct Gateway: Sendable {
    public let endpoints: [ProviderEndpoint]
    let health: HealthCache
    let logger: Logger
    /// The window planned for when neither the settings nor the server tell.
    var fallbackContextLength = 4096
    /// Upper bound on `num_ctx` sent to Ollama when the settings do not say: larger windows cost
    /// memory on every request, and most local chat fits in 8k.
    var preferredContextLength: Int
    var probeTimeout: Duration = .seconds(2)
    /// Bounds a whole reply; local models on CPU can take minutes for a long answer.
    var replyTimeout: Duration = .seconds(1800)

    public init(
        endpoints: [ProviderEndpoint], health: HealthCache = HealthCache(), contextLength: Int? = nil, logger: Logger
    ) {
        self.endpoints = endpoints
        self.health = health
        self.logger = logger
        self.preferredContextLength = contextLength ?? 8192
    }

    /// The gateway the settings describe, over libcurl with their egress policy.
    public static func configured(settings: Settings, logger: Logger) throws -> Gateway {
        let transport = CurlTransport(policy: EgressPolicy(allowCloud: try settings.allowsCloud()))
        let endpoints = try ProviderCatalog.endpoints(settings: settings, transport: transport, logger: logger)
        let contextLength = settings[.contextLength].flatMap(Int.init)
        return Gateway(endpoints: endpoints, contextLength: contextLength, logger: logger)
    }

    /// Probes every endpoint at once (each within `probeTimeout`), in catalog order.
    public func probeAll() async -> [(endpoint: ProviderEndpoint, health: ProviderHealth)] {
        await withTaskGroup(of: (Int, ProviderHealth).self) { group in
            for (index, endpoint) in endpoints.enumerated() {
                group.addTask { (index, await health.health(of: endpoint, timeout: probeTimeout)) }
            }
            var results = [ProviderHealth?](repeating: nil, count: endpoints.count)
            for await (index, health) in group { results[index] = health }
            return zip(endpoints, results).map { ($0, $1!) }
        }
    }

    /// The endpoints that answer, in order, restricted to `provider` when given; and why the others do not.
    public func reachable(provider: ProviderID? = nil) async -> (up: [ProviderEndpoint], down: [(ProviderID, String)]) {
        var up: [ProviderEndpoint] = []
        var down: [(ProviderID, String)] = []
        for (endpoint, health) in await probeAll() where provider == nil || endpoint.id == provider {
            if health.isUp { up.append(endpoint) } else { down.append((endpoint.id, health.detail)) }
        }
        return (up, down)
    }

    /// Decides the model on `endpoint`: the one asked for, else the configured default, else the
    /// server's first chat model; and the context window to plan for.
    public func route(_ endpoint: ProviderEndpoint, model requested: String?) async throws -> ModelRoute {
        if let known = await health.route(on: endpoint, model: requested) { return known }
        let route = try await workOutRoute(endpoint, model: requested)
        await health.remember(route, model: requested)
        return route
    }

    private func workOutRoute(_ endpoint: ProviderEndpoint, model requested: String?) async throws -> ModelRoute {
        let deadline = ContinuousClock.now + .seconds(10)
        var model = requested ?? endpoint.defaultModel
        if model == nil {
            let models = (try? await endpoint.client.models(deadline: deadline)) ?? []
            model = models.first(where: { !Self.looksLikeEmbeddingModel($0) })?.id
        }
        guard let model else { throw CodexError.noChatModel(endpoint.id) }
        let details = try? await endpoint.client.modelDetails(model, deadline: deadline)
        let trained = details?.contextLength
        let setsContext = endpoint.id == .ollama
        let window =
            setsContext
            ? min(trained ?? preferredContextLength, preferredContextLength)
            : (trained.map { min($0, preferredContextLength) } ?? fallbackContextLength)
        return ModelRoute(endpoint: endpoint, model: model, contextLength: window, setsContextLength: setsContext)
    }

    /// Streams a reply from the first provider that can give one.
    ///
    /// `makeInput` builds the request for the chosen route (the prompt depends on its context
    /// window). A provider failing before its first event is skipped with a `.fellBack` event;
    /// after that, its error ends the stream and the caller keeps the partial reply.
    public func streamChat(
        provider: ProviderID? = nil, model: String? = nil,
        makeInput: @escaping @Sendable (ModelRoute) async throws -> ChatInput
    ) -> AsyncThrowingStream<GatewayEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<GatewayEvent, any Error>.makeStream()
        let task = Task {
            do {
                try await run(provider: provider, model: model, makeInput: makeInput) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(
        provider: ProviderID?, model: String?, makeInput: @Sendable (ModelRoute) async throws -> ChatInput,
        emit: @Sendable (GatewayEvent) -> Void
    ) async throws {
        let (candidates, down) = await reachable(provider: provider)
        var tried = down
        for endpoint in candidates {
            try Task.checkCancellation()
            var started = false
            do {
                let route = try await self.route(endpoint, model: model)
                let input = try await makeInput(route)
                let events = endpoint.client.streamChat(input, deadline: .now + replyTimeout)
                for try await event in events {
                    if !started {
                        started = true
                        emit(.routed(provider: endpoint.id, model: route.model))
                    }
                    emit(.chat(event))
                }
                return
            } catch where !started && !(error is CancellationError) {
                let reason = (error as? CodexError)?.message ?? String(describing: error)
                logger.info(
                    "provider failed before first token",
                    metadata: ["provider.id": "\(endpoint.id)", "provider.error": "\(reason)"])
                await health.forget(endpoint)
                tried.append((endpoint.id, reason))
                emit(.fellBack(from: endpoint.id, reason: reason))
            }
        }
        throw CodexError.noProviderReachable(tried: tried)
    }

    static func looksLikeEmbeddingModel(_ model: ModelInfo) -> Bool {
        let name = model.id.lowercased(), family = (model.family ?? "").lowercased()
        return name.contains("embed") || name.contains("minilm") || family.contains("bert")
    }
}
