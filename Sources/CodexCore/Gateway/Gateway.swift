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
    /// `CODEX_CONTEXT_LENGTH`: the window to plan for. For Ollama it is sent as `num_ctx`; a
    /// server that runs the model with a smaller window (llama.cpp `-c`) wins, since it refuses
    /// longer prompts.
    var configuredContextLength: Int?
    /// Upper bound on `num_ctx` sent to Ollama when the settings do not say: larger windows cost
    /// memory on every request, and most local chat fits in 8k.
    var preferredContextLength: Int { configuredContextLength ?? 8192 }
    var probeTimeout: Duration = .seconds(2)
    /// Bounds a whole reply; local models on CPU can take minutes for a long answer.
    var replyTimeout: Duration = .seconds(1800)

    public init(
        endpoints: [ProviderEndpoint], health: HealthCache = HealthCache(), contextLength: Int? = nil, logger: Logger
    ) {
        self.endpoints = endpoints
        self.health = health
        self.logger = logger
        self.configuredContextLength = contextLength
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
        var model = requested ?? endpoint.defaultModel
        if model == nil {
            let models = (try? await endpoint.client.models(deadline: .now + .seconds(10))) ?? []
            model = models.first(where: { !Self.looksLikeEmbeddingModel($0) })?.id
        }
        guard let model else { throw CodexError.noChatModel(endpoint.id) }
        let details = try? await endpoint.client.modelDetails(model, deadline: .now + .seconds(10))
        let setsContext = endpoint.id == .ollama
        let (window, source) = self.window(setsContext: setsContext, details: details)
        return ModelRoute(
            endpoint: endpoint, model: model, contextLength: window, windowSource: source,
            setsContextLength: setsContext, servedModel: details?.servedName.flatMap { $0 == model ? nil : $0 })
    }

    /// The window to plan for, and where it comes from. Ollama takes the window codex asks for
    /// (`num_ctx`), up to what the model was trained for. Other servers run with their own and
    /// refuse longer prompts: the window they report wins over a larger configured one; a
    /// trained length alone says nothing about the server's (llama-server defaults to 4096).
    func window(setsContext: Bool, details: ModelDetails?) -> (Int, ModelRoute.WindowSource) {
        let configured = configuredContextLength
        if setsContext {
            let cap = preferredContextLength
            guard let trained = details?.contextLength, trained < cap else {
                return (cap, configured == nil ? .default : .configured)
            }
            return (trained, .model)
        }
        if let served = details?.servedContextLength, served > 0 {
            if let configured, configured < served { return (configured, .configured) }
            return (served, .server)
        }
        if let configured { return (configured, .configured) }
        if let trained = details?.contextLength, trained < fallbackContextLength { return (trained, .model) }
        return (fallbackContextLength, .default)
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
        var refusal: (ProviderID, CodexError)?
        var tried = down
        for endpoint in candidates {
            try Task.checkCancellation()
            var started = false
            do {
                var route = try await self.route(endpoint, model: model)
                var replanned = false
                while true {
                    do {
                        let input = try await makeInput(route)
                        let events = endpoint.client.streamChat(input, deadline: .now + replyTimeout)
                        for try await event in events {
                            if !started {
                                started = true
                                emit(.routed(provider: endpoint.id, model: route.modelName))
                            }
                            emit(.chat(event))
                        }
                        return
                    } catch let error as CodexError where !started && !replanned && error.contextOverflow != nil {
                        // The server counted more tokens than planned for: plan once more with its numbers.
                        route = Self.replanned(
                            route, after: error.contextOverflow ?? .init(promptTokens: nil, contextLength: nil))
                        replanned = true
                        await health.remember(route, model: model)
                        logger.info(
                            "prompt refused as too long; planning again",
                            metadata: [
                                "provider.id": "\(endpoint.id)", "context.window": "\(route.contextLength)",
                                "context.scale": "\(route.estimateScale)",
                            ])
                    }
                }
            } catch  where !started && !(error is CancellationError) {
                let reason = (error as? CodexError)?.message ?? String(describing: error)
                logger.info(
                    "provider failed before first token",
                    metadata: ["provider.id": "\(endpoint.id)", "provider.error": "\(reason)"])
                await health.forget(endpoint)
                // It passed the health probe, so it runs: what it said is the cause to report.
                if let error = error as? CodexError, error.kind != .network, error.kind != .cancelled {
                    refusal = (endpoint.id, error)
                }
                tried.append((endpoint.id, reason))
                emit(.fellBack(from: endpoint.id, reason: reason))
            }
        }
        if let (id, error) = refusal {
            throw CodexError.noProviderAnswered(
                refusal: error, from: id, others: tried.filter { $0.0 != id || $0.1 != error.message })
        }
        throw CodexError.noProviderReachable(tried: tried)
    }

    /// The route corrected by a refusal: the server's window, and how far codex's estimate fell
    /// short of its count (with 5% to spare). With neither number, a quarter less.
    static func replanned(_ route: ModelRoute, after overflow: CodexError.ContextOverflow) -> ModelRoute {
        var route = route
        route.windowSource = .refusal
        if let window = overflow.contextLength, window > 0 { route.contextLength = window }
        if let counted = overflow.promptTokens, let estimated = overflow.estimatedTokens, estimated > 0,
            counted > estimated
        {
            route.estimateScale = max(route.estimateScale, Double(counted) / Double(estimated) * 1.05)
        }
        if overflow.contextLength == nil && overflow.promptTokens == nil {
            route.contextLength = route.contextLength * 3 / 4
        }
        return route
    }

    static func looksLikeEmbeddingModel(_ model: ModelInfo) -> Bool {
        let name = model.id.lowercased(), family = (model.family ?? "").lowercased()
        return name.contains("embed") || name.contains("minilm") || family.contains("bert")
    }
}
