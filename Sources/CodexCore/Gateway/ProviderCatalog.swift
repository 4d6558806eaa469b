import Foundation
import Logging

/// Builds the providers the settings allow, in the order `auto` tries them: local servers first
/// (Ollama, TabbyML, OpenAI-compatible), then the cloud only when allowed and configured.
///
/// To add a provider: its file under Providers/, one case here, a fixture transcript in tests.
public enum ProviderCatalog {
    /// Where `auto` looks for an OpenAI-compatible server when none is configured:
    /// llama.cpp's `llama-server` and LM Studio defaults. Probing a closed loopback port costs
    /// well under a millisecond.
    static let wellKnownLocalServers = ["http://127.0.0.1:8080/v1", "http://127.0.0.1:1234/v1"]

    public static func endpoints(settings: Settings, transport: any HTTPTransport, logger: Logger) throws
        -> [ProviderEndpoint]
    {
        let choice = try settings.provider()
        let allowCloud = try settings.allowsCloud()
        func client(_ provider: any Provider) -> ProviderClient {
            ProviderClient(provider: provider, transport: transport, logger: logger)
        }
        func shared(_ key: SettingKey) -> String? { settings[key] ?? settings[.model] }

        var local: [ProviderEndpoint] = []
        if choice == .auto || choice == .ollama {
            let url = try settings.url(.ollamaHost) ?? OllamaProvider.defaultURL
            local.append(ProviderEndpoint(client: client(OllamaProvider(baseURL: url)), defaultModel: shared(.ollamaModel)))
        }
        // TabbyML shares llama.cpp's default port and usually needs a token: only when configured.
        if choice == .tabbyml || (choice == .auto && settings[.tabbyURL] != nil) {
            let url = try settings.url(.tabbyURL) ?? TabbyProvider.defaultURL
            local.append(ProviderEndpoint(client: client(TabbyProvider(baseURL: url, token: settings[.tabbyToken]))))
        }
        if choice == .auto || choice == .openAICompatible {
            let configured = try settings.url(.openAICompatibleBaseURL)
            let urls = configured.map { [$0] } ?? wellKnownLocalServers.compactMap(URL.init(string:))
            for url in urls {
                local.append(
                    ProviderEndpoint(
                        client: client(OpenAICompatibleProvider(baseURL: url, apiKey: settings[.openAICompatibleAPIKey])),
                        defaultModel: shared(.openAICompatibleModel)))
            }
        }

        var cloud: [ProviderEndpoint] = []
        if choice == .openai || choice == .azure {
            guard allowCloud else { throw CodexError.cloudProviderNotAllowed(choice.rawValue) }
        }
        if allowCloud, choice == .auto || choice == .openai, let key = settings[.openAIAPIKey] {
            let url = try settings.url(.openAIBaseURL) ?? OpenAIProvider.defaultURL
            cloud.append(
                ProviderEndpoint(
                    client: client(OpenAIProvider(apiKey: key, baseURL: url)),
                    defaultModel: shared(.openAIModel) ?? "gpt-4o-mini"))
        } else if choice == .openai {
            throw CodexError.missingCredential(provider: "openai", variable: SettingKey.openAIAPIKey.environmentName)
        }
        if allowCloud, choice == .auto || choice == .azure, let endpoint = try settings.url(.azureEndpoint),
            let key = settings[.azureAPIKey], let deployment = settings[.azureDeployment]
        {
            let provider = AzureOpenAIProvider(
                endpoint: endpoint, deployment: deployment, apiKey: key,
                apiVersion: settings[.azureAPIVersion] ?? "2024-10-21")
            cloud.append(ProviderEndpoint(client: client(provider), defaultModel: deployment))
        } else if choice == .azure {
            throw CodexError.missingCredential(
                provider: "azure", variable: "AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT")
        }
        return local + cloud
    }
}
