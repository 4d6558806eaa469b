/// Remembers provider probes for a few seconds, so a server answering many requests does not
/// probe before each one, and a crashed provider is noticed soon.
public actor HealthCache {
    private var entries: [String: (health: ProviderHealth, at: ContinuousClock.Instant)] = [:]
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
    }
}
