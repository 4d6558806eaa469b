import Foundation

/// Everything `codex doctor` shows: where each setting came from (secrets masked), whether each
/// provider answers and how fast, the store, the built-in embedder's weights, and egress.
public struct DoctorReport: Sendable, Codable, Equatable {
    public struct SettingRow: Sendable, Codable, Equatable {
        public var variable: String
        /// The value as shown: secrets masked; nil when unset.
        public var value: String?
        public var origin: String?
    }

    public struct ProviderRow: Sendable, Codable, Equatable {
        public var provider: ProviderID
        public var url: String
        public var kind: ProviderKind
        public var state: ProviderHealth.State
        public var detail: String
        public var latencyMs: Double
    }

    public struct StoreRow: Sendable, Codable, Equatable {
        public var path: String
        public var bytes: Int64
        public var collections: [String]
        public var documents: Int
        public var chunks: Int
        public var sessions: Int
    }

    public struct EmbedderRow: Sendable, Codable, Equatable {
        /// Where the built-in embedder's weights were found; nil when missing.
        public var weights: String?
        public var searched: [String]
    }

    /// Models on this disk, found without a server: where Ollama's and codex's GGUF folders are
    /// and what they hold, so a model brought across the air gap can be found and served.
    public struct LocalModelsRow: Sendable, Codable, Equatable {
        public var ollamaFolder: String
        public var ggufFolder: String
        public var models: [LocalModel]
    }

    public var settings: [SettingRow]
    /// Set when a setting is invalid; providers are then not probed.
    public var configurationError: String?
    public var providers: [ProviderRow]
    public var store: StoreRow
    public var embedder: EmbedderRow
    public var egress: EgressStatement?
    /// The servers of `$CODEX_HOME/mcp.json`, each started to check it.
    public var mcp: MCPSection

    public struct MCPSection: Sendable, Codable, Equatable {
        public var path: String
        public var servers: [MCPServerStatus]
        /// Entries of the file that cannot be used.
        public var problems: [String]
        /// What the servers can reach, in one sentence; nil with no servers.
        public var egress: String?

        public init(path: String, servers: [MCPServerStatus], problems: [String]) {
            self.path = path
            self.servers = servers
            self.problems = problems
            let online = servers.filter { !$0.offline && $0.state != .disabled }.map(\.name)
            let offline = servers.filter { $0.offline && $0.state != .disabled }.map(\.name)
            var parts: [String] = []
            if !online.isEmpty {
                parts.append(
                    "MCP servers are local processes but may reach the network themselves: "
                        + online.joined(separator: ", ") + " run with this machine's network")
            }
            if !offline.isEmpty { parts.append(offline.joined(separator: ", ") + " run with no network (offline)") }
            egress = parts.isEmpty ? nil : parts.joined(separator: "; ")
        }
    }

    public var localModels: LocalModelsRow?

    /// The settings as `doctor` lists them, every variable in order; secrets masked.
    public static func settingRows(_ settings: Settings) -> [SettingRow] {
        SettingKey.allCases.map { key in
            SettingRow(
                variable: key.environmentName, value: settings.displayValue(key),
                origin: settings[key] == nil ? nil : settings.origins[key]?.description)
        }
    }

    /// Gathers the report; probes run concurrently, each bounded by the gateway's probe timeout.
    /// `gateway` is nil when the settings could not build one (`configurationError` says why);
    /// `mcp` servers are started (concurrently with the provider probes) to report their state.
    public static func gather(
        settings: Settings, gateway: Gateway?, configurationError: String? = nil, store codexStore: CodexStore,
        mcp: MCPServerPool? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> DoctorReport {
        async let servers = mcp?.status() ?? []
        var providers: [ProviderRow] = []
        if let gateway {
            providers = await gateway.probeAll().map { endpoint, health in
                ProviderRow(
                    provider: endpoint.id, url: endpoint.client.provider.baseURL.absoluteString, kind: endpoint.kind,
                    state: health.state, detail: health.detail, latencyMs: health.latency.inMilliseconds)
            }
        }
        let stats = try await CollectionCatalog(store: codexStore).stats()
        let sessions = try await codexStore.memory.sessionCount()
        let store = StoreRow(
            path: stats.storePath, bytes: stats.storeBytes, collections: stats.collections.map(\.name),
            documents: stats.collections.reduce(0) { $0 + $1.documents },
            chunks: stats.collections.reduce(0) { $0 + $1.chunks }, sessions: sessions)
        let weights = try? ModelLocation.resolve(environment: environment)
        let embedder = EmbedderRow(weights: weights, searched: ModelLocation.candidates(environment: environment))
        let section = MCPSection(
            path: mcp?.configuration.path ?? MCPConfiguration.defaultPath(environment: environment),
            servers: await servers, problems: mcp?.configuration.problems ?? [])
        return DoctorReport(
            settings: settingRows(settings), configurationError: configurationError, providers: providers, store: store,
            embedder: embedder, egress: try? EgressStatement(settings: settings), mcp: section,
            localModels: LocalModelsRow(
                ollamaFolder: OllamaModelsFolder.located(environment: environment).path,
                ggufFolder: LocalModels.ggufFolder(environment: environment),
                models: LocalModels.list(environment: environment)))
    }
}
