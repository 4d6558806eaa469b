/// The result of a quick probe: can this provider answer right now?
public struct ProviderHealth: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Answering requests.
        case up
        /// Running but not ready yet (llama.cpp while it loads the model).
        case loading
        /// Running, but the credentials were refused.
        case unauthorized
        /// Not reachable, or answering with errors.
        case down
    }

    public var provider: ProviderID
    public var state: State
    /// One line for `codex doctor`: the version, or what went wrong.
    public var detail: String
    public var version: String?
    public var latency: Duration

    public init(provider: ProviderID, state: State, detail: String, version: String? = nil, latency: Duration = .zero) {
        self.provider = provider
        self.state = state
        self.detail = detail
        self.version = version
        self.latency = latency
    }

    public var isUp: Bool { state == .up }
}
