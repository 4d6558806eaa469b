/// One configured provider as `codex models` lists it: whether it answers, and what it offers.
public struct ProviderModels: Sendable, Codable, Equatable {
    public var provider: ProviderID
    public var url: String
    public var kind: ProviderKind
    public var state: ProviderHealth.State
    /// The version when up, else why it cannot answer.
    public var detail: String
    public var latencyMs: Double
    public var models: [ModelInfo]
    /// The model this provider answers with when none is asked for.
    public var defaultModel: String?
    /// Whether `auto` (or the configured provider) would send the next chat here.
    public var isDefault: Bool
}
