/// Remembers provider probes, and the model routes worked out on each provider, for a few
/// seconds: a server answering many requests neither probes nor asks for the model list and the
/// model's details (two requests, ~8 ms on llama.cpp's server) before each one, and a crashed
/// provider or a changed model is noticed soon.
public actor HealthCache {
    private var entries: [String: (health: ProviderHealth, at: ContinuousClock.Instant)] = [:]
    private var routes: [String: (route: ModelRoute, at: ContinuousClock.Instant)] = [:]
    public let lifetime: Duration

    public init(lifetime: Duration = .seconds(10)) {
        self.lifetime = lifetime
    }

    public func health(of endpoint: ProviderEndpoint, timeout: Duration) async -> ProviderHealth {
        let key = endpoint.label
        if let entry = entries[key], ContinuousClock.now - entry.at < lifetime { return entry.health }
        let health = await endpoint.client.health(timeout: timeout)
        entries[key] = (health, .now)
        return health
    }

    /// Forgets a provider that just failed, so the next request probes it afresh.
    public func forget(_ endpoint: ProviderEndpoint) {
        entries[endpoint.label] = nil
        routes = routes.filter { $0.value.route.endpoint.label != endpoint.label }
    }

    /// The route recently worked out for `model` (nil: the default) on `endpoint`, if still fresh.
    func route(on endpoint: ProviderEndpoint, model: String?) -> ModelRoute? {
        guard let entry = routes[Self.key(endpoint, model)], ContinuousClock.now - entry.at < lifetime else {
            return nil
        }
        return entry.route
    }

    func remember(_ route: ModelRoute, model: String?) {
        routes[Self.key(route.endpoint, model)] = (route, .now)
    }

    private static func key(_ endpoint: ProviderEndpoint, _ model: String?) -> String {
        endpoint.label + "\u{0}" + (model ?? "")
    }
}
