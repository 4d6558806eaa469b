/// Every setting codex reads, with its environment variable and its place in config.toml.
public enum SettingKey: String, Sendable, CaseIterable, Codable, Comparable {
    case provider
    case allowCloud
    case model
    case ollamaHost
    case ollamaModel
    case tabbyURL
    case tabbyToken
    case openAICompatibleBaseURL
    case openAICompatibleAPIKey
    case openAICompatibleModel
    case openAIAPIKey
    case openAIBaseURL
    case openAIModel
    case azureEndpoint
    case azureAPIKey
    case azureDeployment
    case azureAPIVersion
    case embedder
    case contextLength
    case allowShell
    case shellCommands
    case maxToolRounds
    case store

    /// The environment variable (and `.env` key) that sets it.
    public var environmentName: String {
        switch self {
        case .provider: "MODEL_PROVIDER"
        case .allowCloud: "CODEX_ALLOW_CLOUD"
        case .model: "CODEX_MODEL"
        case .ollamaHost: "OLLAMA_HOST"
        case .ollamaModel: "OLLAMA_MODEL"
        case .tabbyURL: "TABBY_URL"
        case .tabbyToken: "TABBY_TOKEN"
        case .openAICompatibleBaseURL: "OPENAI_COMPATIBLE_BASE_URL"
        case .openAICompatibleAPIKey: "OPENAI_COMPATIBLE_API_KEY"
        case .openAICompatibleModel: "OPENAI_COMPATIBLE_MODEL"
        case .openAIAPIKey: "OPENAI_API_KEY"
        case .openAIBaseURL: "OPENAI_BASE_URL"
        case .openAIModel: "OPENAI_MODEL"
        case .azureEndpoint: "AZURE_OPENAI_ENDPOINT"
        case .azureAPIKey: "AZURE_OPENAI_API_KEY"
        case .azureDeployment: "AZURE_OPENAI_DEPLOYMENT"
        case .azureAPIVersion: "AZURE_OPENAI_API_VERSION"
        case .embedder: "CODEX_EMBEDDER"
        case .contextLength: "CODEX_CONTEXT_LENGTH"
        case .allowShell: "CODEX_ALLOW_SHELL"
        case .shellCommands: "CODEX_SHELL_COMMANDS"
        case .maxToolRounds: "CODEX_MAX_TOOL_ROUNDS"
        case .store: "CODEX_STORE"
        }
    }

    /// The dotted key in `$CODEX_HOME/config.toml`: `provider`, `ollama.host`, `azure.api_key`.
    public var fileKey: String {
        switch self {
        case .provider: "provider"
        case .allowCloud: "allow_cloud"
        case .model: "model"
        case .ollamaHost: "ollama.host"
        case .ollamaModel: "ollama.model"
        case .tabbyURL: "tabby.url"
        case .tabbyToken: "tabby.token"
        case .openAICompatibleBaseURL: "openai_compatible.base_url"
        case .openAICompatibleAPIKey: "openai_compatible.api_key"
        case .openAICompatibleModel: "openai_compatible.model"
        case .openAIAPIKey: "openai.api_key"
        case .openAIBaseURL: "openai.base_url"
        case .openAIModel: "openai.model"
        case .azureEndpoint: "azure.endpoint"
        case .azureAPIKey: "azure.api_key"
        case .azureDeployment: "azure.deployment"
        case .azureAPIVersion: "azure.api_version"
        case .embedder: "embedder"
        case .contextLength: "context_length"
        case .allowShell: "tools.allow_shell"
        case .shellCommands: "tools.shell_commands"
        case .maxToolRounds: "tools.max_rounds"
        case .store: "store"
        }
    }

    /// Secrets are never shown whole: not in `codex doctor`, logs, errors or exports.
    public var isSecret: Bool {
        switch self {
        // A store URL may carry a password (postgres://user:secret@host/db).
        case .tabbyToken, .openAICompatibleAPIKey, .openAIAPIKey, .azureAPIKey, .store: true
        default: false
        }
    }

    /// The value used when nothing sets it.
    public var builtInDefault: String? {
        switch self {
        case .provider: "auto"
        case .allowCloud: "0"
        case .ollamaHost: "http://127.0.0.1:11434"
        case .openAIBaseURL: "https://api.openai.com/v1"
        case .azureAPIVersion: "2024-10-21"
        case .embedder: "builtin"
        case .allowShell: "0"
        case .maxToolRounds: "5"
        default: nil
        }
    }

    public static func < (lhs: SettingKey, rhs: SettingKey) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
